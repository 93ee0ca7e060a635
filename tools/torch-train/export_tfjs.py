"""Export a PyTorch pix2pix (pix2pix.py) into packages/model's tfjs format: model.json + float32 shard.

Usage: /usr/bin/python3 export_tfjs.py --checkpoint RUN/checkpoint.pt --out DIR [--with-discriminator]
Then quantize for shipping: npm run quantize -w packages/model -- --in DIR --out DIR2 --dtype uint8
"""
from __future__ import annotations

import argparse, json
from pathlib import Path

import numpy as np
import torch

from pix2pix import HINT_CHANNELS, UNet, PatchGAN, tfjs_name, tfjs_tensor
from train import cpu_label, normalization_for

SHARD_BYTES = 4 * 1024 * 1024  # tfjs's shard size


def generator_config(G: UNet, size: int, normalization: str) -> dict:
    depth = len(G.down)
    return {
        "inChannels": G.down[0].conv.in_channels, "outChannels": G.last.out_channels, "size": size,
        "ngf": G.down[0].conv.out_channels, "filterCap": G.down[-1].conv.out_channels // G.down[0].conv.out_channels,
        "depth": depth, "innermostNorm": G.down[-1].bn is not None,
        "dropoutBlocks": sum(u.drop is not None for u in G.up), "dropoutRate": 0.5,
        "normalization": normalization, "hints": G.down[0].conv.in_channels == 1 + HINT_CHANNELS,
    }


def discriminator_config(D: PatchGAN) -> dict:
    ndf = D.down[0].conv.out_channels
    return {"inChannels": D.down[0].conv.in_channels, "ndf": ndf, "filterCap": D.conv.out_channels // ndf}


def export(G: UNet, D: PatchGAN | None, size: int, out: Path, metadata: dict, normalization: str = "batch") -> None:
    out.mkdir(parents=True, exist_ok=True)
    specs, blobs = [], []
    for prefix, net in (("generator", G), ("discriminator", D)):
        if net is None:
            continue
        for key, t in net.state_dict().items():
            name = tfjs_name(prefix, key)
            if name is None:
                continue
            a = tfjs_tensor(t.detach().float()).numpy().astype("<f4")
            specs.append({"name": name, "shape": list(a.shape), "dtype": "float32"})
            blobs.append(a.tobytes())
    data = b"".join(blobs)
    count = max(1, -(-len(data) // SHARD_BYTES))
    paths = [f"group1-shard{i + 1}of{count}.bin" for i in range(count)]
    for i, p in enumerate(paths):
        (out / p).write_bytes(data[i * SHARD_BYTES:(i + 1) * SHARD_BYTES])
    topology = {"format": "colorize-pix2pix", "generator": generator_config(G, size, normalization)}
    if D is not None:
        topology["discriminator"] = discriminator_config(D)
    model = {"format": "colorize-pix2pix", "generatedBy": "tools/torch-train", "convertedBy": "export_tfjs.py",
             "modelTopology": topology, "weightsManifest": [{"paths": paths, "weights": specs}],
             "userDefinedMetadata": metadata}
    (out / "model.json").write_text(json.dumps(model, indent=1))


def lineage(checkpoint: dict) -> list[dict]:
    """The training phases behind a checkpoint, oldest first, following train.py's --init chain."""
    c = checkpoint["config"]
    if "imported" in c:  # import_tfjs.py: the model file's own history
        return c["phases"]
    before = lineage(torch.load(c["init"], weights_only=False)) if c.get("init") else []
    return before + [{"steps": checkpoint["step"], "batch": c["batch"], "lambda": c["lam"], "lr": c["lr"],
                      "seconds": round(checkpoint["elapsed"]), "hardware": c.get("hardware", cpu_label(c["threads"]))}]


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--id", default="colorize-pix2pix")
    p.add_argument("--version", required=True)
    p.add_argument("--with-discriminator", action="store_true")
    p.add_argument("--normalization", choices=("batch", "moving"),
                   help="BatchNorm statistics at inference (packages/model's GeneratorConfig); default: the checkpoint's (from the batch size of the run that made the model)")
    a = p.parse_args()
    s = torch.load(a.checkpoint, map_location="cpu", weights_only=False)  # our own file, with its config
    c = s["config"]
    extra = HINT_CHANNELS if c.get("hints") else 0
    G, D = UNet(1 + extra, 2, c["ngf"]), PatchGAN(3 + extra, c["ndf"])
    G.load_state_dict(s["G"])
    if a.with_discriminator:
        D.load_state_dict(s["D"])
    phases = lineage(s)
    meta = {"id": a.id, "version": a.version, "steps": sum(q["steps"] for q in phases), "batch": c["batch"],
            "trainSeconds": sum(q["seconds"] for q in phases), "phases": phases, "trainer": "tools/torch-train (PyTorch)"}
    normalization = a.normalization or normalization_for(c)
    export(G, D if a.with_discriminator else None, c["size"], Path(a.out), meta, normalization)
    print(f"exported {' + '.join(str(q['steps']) for q in phases)} steps to {a.out} ({normalization} normalization)")


if __name__ == "__main__":
    main()
