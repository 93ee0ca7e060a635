"""How much of a shipped model's chroma noise its uint8 quantization adds, without the float32 weights.

Usage: /usr/bin/python3 quantization_noise.py --model DIR --data DIR [--packages a,b] [--extra 1,2,4] [--seed 0]

The float32 weights behind a shipped uint8 model are not kept, so quantization's share of the
colour specks is measured from the other side: every weight tensor of the generator gets k more
errors of the size uint8 gave it (uniform in +-half a step of its own range, independent), and the
chroma noise of the raw a*b* (mean |ab - Gaussian(ab, 1.5 px)| / mean |ab|, as
packages/model/src/metrics/chroma-noise.ts, before any sRGB rounding) is measured for each k.
Independent errors add their variances, so the high-frequency a*b* energy is about linear in k;
its value at k = -1 is the float32 model's.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from scipy.ndimage import gaussian_filter

from colour import AB_SCALE, rgb_to_lab
from import_tfjs import load_into, read_weights
from pix2pix import UNet


def high_frequency(ab: np.ndarray) -> tuple[float, float, float]:
    """mean |hf|, mean |hf|^2 and mean |ab| of one [2, H, W] a*b* image in CIELAB units."""
    hf = ab - gaussian_filter(ab, sigma=(0, 1.5, 1.5), mode="mirror", truncate=4.0)
    norm = np.hypot(hf[0], hf[1])
    return float(norm.mean()), float((norm**2).mean()), float(np.hypot(ab[0], ab[1]).mean())


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True)
    p.add_argument("--data", required=True)
    p.add_argument("--packages", default="")
    p.add_argument("--extra", default="1,2,4", help="how many more quantization errors to add, comma-separated")
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    torch.set_num_threads(1)
    model, tensors = read_weights(Path(a.model))
    g = model["modelTopology"]["generator"]
    G = UNet(g["inChannels"], g["outChannels"], g["ngf"], g["filterCap"], g["depth"], g["innermostNorm"], g["dropoutBlocks"]).eval()
    steps = {w["name"]: w["quantization"]["scale"] for grp in model["weightsManifest"] for w in grp["weights"]
             if w["name"].startswith("generator/") and "quantization" in w}
    packages = tuple(f"{x}__" for x in a.packages.split(",") if x)
    files = sorted(f for f in Path(a.data).iterdir() if f.suffix == ".jpg" and (not packages or f.name.startswith(packages)))
    rgb = torch.from_numpy(np.stack([np.asarray(Image.open(f).convert("RGB")) for f in files])).permute(0, 3, 1, 2).float() / 255
    lab = rgb_to_lab(rgb)
    x = torch.cat([lab[:, :1] / 50 - 1, torch.zeros(len(files), g["inChannels"] - 1, *lab.shape[2:])], 1)

    def measure(k: int, rng: np.random.Generator) -> tuple[float, float, float]:
        noisy = {n: (t + rng.uniform(-0.5, 0.5, (k, *t.shape)).sum(0) * steps[n]).astype(np.float32) if n in steps and k else t
                 for n, t in tensors.items()}
        load_into(G, "generator", noisy)
        with torch.no_grad():
            ab = torch.cat([G(x[i:i + 16]) for i in range(0, len(files), 16)]).numpy() * AB_SCALE
        per = np.array([high_frequency(im) for im in ab])
        return per[:, 0].sum() / per[:, 2].sum(), per[:, 1].mean(), per[:, 2].mean()

    truth = np.array([high_frequency(im) for im in lab[:, 1:].numpy()])
    print(f"{len(files)} photos; truth: chroma noise {truth[:, 0].sum() / truth[:, 2].sum():.4f}, mean |ab| {truth[:, 2].mean():.2f}")
    print("extra errors   chroma noise   mean |hf|^2   mean |ab|")
    energy = []
    for k in [0] + [int(v) for v in a.extra.split(",")]:
        share, e, c = measure(k, np.random.default_rng(a.seed + k))
        energy.append((k, e))
        print(f"{k:12d}   {share:12.4f}   {e:11.4f}   {c:9.2f}")
    ks, es = np.array(energy).T
    slope, at0 = np.polyfit(ks, es, 1)
    print(f"high-frequency energy per quantization error {slope:.4f} (fit); float32 estimate (k = -1): {at0 - slope:.4f} "
          f"against uint8's {at0:.4f}: quantization's share {100 * slope / at0:.1f} %")


if __name__ == "__main__":
    main()
