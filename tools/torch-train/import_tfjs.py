"""Import a packages/model model.json (any tfjs quantization) as a train.py checkpoint, to train it further.

Usage: /usr/bin/python3 import_tfjs.py --model DIR --out RUN/imported.pt [--hints]
--hints widens an automatic model to take colour hints: the generator's first kernel and the
discriminator's get three new input channels (the hints' a*b* and their mask) at zero, so the
imported model starts exactly as the automatic one and learns to use hints from there.
"""
from __future__ import annotations

import argparse, json
from pathlib import Path

import numpy as np
import torch

from pix2pix import HINT_CHANNELS, PatchGAN, UNet, tfjs_name

_DTYPES = {"uint8": np.uint8, "uint16": np.uint16, "float16": np.float16}


def read_weights(model_dir: Path) -> tuple[dict, dict[str, np.ndarray]]:
    """model.json and its weights by name, dequantized as tfjs.io.decodeWeights does."""
    model = json.loads((model_dir / "model.json").read_text())
    tensors: dict[str, np.ndarray] = {}
    for group in model["weightsManifest"]:
        data = b"".join((model_dir / p).read_bytes() for p in group["paths"])
        offset = 0
        for spec in group["weights"]:
            n = int(np.prod(spec["shape"])) if spec["shape"] else 1
            q = spec.get("quantization")
            if q:
                raw = np.frombuffer(data, _DTYPES[q["dtype"]], n, offset)
                offset += n * raw.itemsize
                values = raw.astype(np.float32) if q["dtype"] == "float16" else raw.astype(np.float64) * q["scale"] + q["min"]
            else:
                values = np.frombuffer(data, np.float32, n, offset)
                offset += n * 4
            tensors[spec["name"]] = np.asarray(values, np.float32).reshape(spec["shape"])
    return model, tensors


def load_into(net: torch.nn.Module, prefix: str, tensors: dict[str, np.ndarray]) -> None:
    """The inverse of pix2pix.tfjs_tensor: tfjs [h, w, in, out] (or [h, w, out, in]) back to torch's layout."""
    state = net.state_dict()
    for key in state:
        name = tfjs_name(prefix, key)
        if name is None:
            continue
        t = torch.from_numpy(tensors[name].copy())
        state[key] = t.permute(3, 2, 0, 1).contiguous() if t.dim() == 4 else t
    net.load_state_dict(state)


def widen_input(conv: torch.nn.Conv2d, at: int, extra: int) -> None:
    """Insert `extra` zero input channels before channel `at` of a convolution's kernel [out, in, h, w]."""
    w = conv.weight.data
    zeros = torch.zeros(w.shape[0], extra, *w.shape[2:], dtype=w.dtype)
    conv.weight = torch.nn.Parameter(torch.cat([w[:, :at], zeros, w[:, at:]], 1))
    conv.in_channels += extra


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True, help="a folder with model.json")
    p.add_argument("--out", required=True)
    p.add_argument("--hints", action="store_true", help="widen an automatic model to take colour hints (new channels at zero)")
    a = p.parse_args()
    model, tensors = read_weights(Path(a.model))
    topo, meta = model["modelTopology"], model.get("userDefinedMetadata", {})
    g, d = topo["generator"], topo.get("discriminator")
    G = UNet(g["inChannels"], g["outChannels"], g["ngf"], g["filterCap"], g["depth"], g["innermostNorm"], g["dropoutBlocks"])
    load_into(G, "generator", tensors)
    D = None
    if d:
        D = PatchGAN(d["inChannels"], d["ndf"], d["filterCap"])
        load_into(D, "discriminator", tensors)
    if a.hints and not g.get("hints"):
        widen_input(G.down[0].conv, 1, HINT_CHANNELS)  # L*, then the hints
        if D is not None:
            widen_input(D.down[0].conv, 1, HINT_CHANNELS)  # what G saw (L*, hints), then a*b*
    hints = bool(a.hints or g.get("hints"))
    # A checkpoint as train.py writes one; `phases` carries the imported model's history to the export.
    config = {"ngf": g["ngf"], "ndf": d["ndf"] if d else g["ngf"], "size": g["size"], "batch": meta.get("batch", 1),
              "normalization": g["normalization"], "hints": hints, "phases": meta.get("phases", []),
              "imported": str(Path(a.model).resolve())}
    s = {"G": G.state_dict(), "step": 0, "elapsed": 0.0, "config": config}
    if D is not None:
        s["D"] = D.state_dict()
    torch.save(s, a.out)
    print(f"imported {a.model} ({'with' if hints else 'without'} hints, {'with' if D else 'no'} critic) -> {a.out}")


if __name__ == "__main__":
    main()
