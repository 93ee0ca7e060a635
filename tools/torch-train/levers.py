"""Inference-side levers against colour specks, side by side, on a model.json: one table.

Usage: /usr/bin/python3 levers.py --model DIR --data DIR [--packages a,b] [--portraits FILE]
       [--filters 2,0.01 4,0.01 ...] [--scales 1.15,1.3]

For 256x256 crops (the model's size, so colorize() needs no resize or padding): the generator's
a*b* on the crop's L* (float32 in PyTorch, the weights as tfjs dequantizes them; parity.test.ts
holds tfjs to PyTorch within 1e-4), then each lever: the L*-guided filter of a*b* (as
packages/model/src/inference/chroma-filter.ts: box windows cut at the borders, guide L*/100),
test-time mirroring (a*b* averaged over the crop and its mirror), a*b* scaling, and
combinations. Each result goes back to 8-bit sRGB with the crop's own L* (colorize()'s merge) and
is scored as `npm run eval` scores it: PSNR, CIEDE2000, colourfulness (Hasler and Suesstrunk) and
chroma noise (mean |ab - Gaussian(ab, 1.5 px)| / mean |ab|, pooled; metrics/chroma-noise.ts),
and, where the truth is skin-toned, the share coloured blue/green or grey (read it on portraits).
Much cheaper than an `npm run eval` per lever on a busy 2-core machine; the "today" row checks it
against `npm run eval`'s figures for the same model and crops.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from scipy.ndimage import gaussian_filter
from skimage.color import deltaE_ciede2000, lab2rgb, rgb2lab

from hints import truth_hints
from import_tfjs import read_weights, load_into
from pix2pix import UNet


def box(x: np.ndarray, r: int) -> np.ndarray:
    """Means over (2r + 1)^2 windows cut at the borders, of [..., H, W]."""
    h, w = x.shape[-2:]
    s = np.zeros((*x.shape[:-2], h + 1, w + 1))
    s[..., 1:, 1:] = x.cumsum(-2).cumsum(-1)
    y0, y1 = np.clip(np.arange(h) - r, 0, h), np.clip(np.arange(h) + r + 1, 0, h)
    x0, x1 = np.clip(np.arange(w) - r, 0, w), np.clip(np.arange(w) + r + 1, 0, w)
    tot = s[..., y1, :][..., x1] - s[..., y0, :][..., x1] - s[..., y1, :][..., x0] + s[..., y0, :][..., x0]
    return tot / ((y1 - y0)[:, None] * (x1 - x0)[None, :])


def guided(ab: np.ndarray, guide: np.ndarray, r: int, eps: float) -> np.ndarray:
    """ab [N, 2, H, W] filtered by guide [N, H, W] (He et al. 2010)."""
    g = guide[:, None]
    m_i, m_p = box(g, r), box(ab, r)
    var = box(g * g, r) - m_i**2
    slope = (box(g * ab, r) - m_i * m_p) / (var + eps)
    offset = m_p - slope * m_i
    return box(slope, r) * g + box(offset, r)


def mean_chroma(ab: np.ndarray) -> float:
    """mean |ab| of [2, H, W]."""
    return float(np.hypot(ab[0], ab[1]).mean())


def colourfulness(rgb: np.ndarray) -> float:
    rg = rgb[..., 0] - rgb[..., 1]
    yb = 0.5 * (rgb[..., 0] + rgb[..., 1]) - rgb[..., 2]
    return float(np.hypot(rg.std(), yb.std()) + 0.3 * np.hypot(rg.mean(), yb.mean()))


def chroma(lab: np.ndarray) -> tuple[float, float]:
    ab = lab[..., 1:]
    blur = gaussian_filter(ab, sigma=(1.5, 1.5, 0), mode="mirror", truncate=4.0)
    return float(np.hypot(*np.moveaxis(ab - blur, 2, 0)).mean()), float(np.hypot(*np.moveaxis(ab, 2, 0)).mean())


def skin(lab: np.ndarray, truth_lab: np.ndarray) -> tuple[int, int, int]:
    """Where the truth is skin-toned (L* 25-90, chroma 8-45, hue 15-75 degrees: skin, and also wood,
    sand and brick, so it is read on portraits): how many such pixels, how many the prediction
    colours blue, green or purple (chroma >= 5, hue outside 0-100 degrees), how many grey (chroma < 5)."""
    def hue_chroma(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return np.degrees(np.arctan2(x[..., 2], x[..., 1])), np.hypot(x[..., 1], x[..., 2])
    th, tc = hue_chroma(truth_lab)
    mask = (truth_lab[..., 0] > 25) & (truth_lab[..., 0] < 90) & (tc >= 8) & (tc <= 45) & (th >= 15) & (th <= 75)
    ph, pc = hue_chroma(lab[mask])
    return int(mask.sum()), int(((pc >= 5) & ((ph < 0) | (ph > 100))).sum()), int((pc < 5).sum())


def score(l: np.ndarray, ab: np.ndarray, truth: np.ndarray, truth_lab: np.ndarray) -> dict:
    """One crop: L* [H, W] with a*b* [2, H, W] as 8-bit sRGB against the truth's bytes."""
    rgb8 = np.round(np.clip(lab2rgb(np.dstack([l, ab[0], ab[1]])), 0, 1) * 255)
    mse = ((rgb8 - truth) ** 2).mean()
    lab = rgb2lab(rgb8 / 255)
    return {"psnr": 10 * np.log10(255**2 / mse), "de": float(deltaE_ciede2000(lab, truth_lab).mean()),
            "cf": colourfulness(rgb8), "ch": chroma(lab), "skin": skin(lab, truth_lab)}


def load_generator(folder: Path) -> tuple[UNet, dict]:
    """A model.json's generator (weights as tfjs dequantizes them), in inference mode, and its config."""
    model, tensors = read_weights(folder)
    g = model["modelTopology"]["generator"]
    G = UNet(g["inChannels"], g["outChannels"], g["ngf"], g["filterCap"], g["depth"], g["innermostNorm"], g["dropoutBlocks"]).eval()
    load_into(G, "generator", tensors)
    return G, g


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True)
    p.add_argument("--data", required=True)
    p.add_argument("--packages", default="")
    p.add_argument("--portraits", help="a list of crop names (one a line, # comments): their own table")
    p.add_argument("--filters", nargs="+", default=["4,0.01", "2,0.01", "8,0.001"], help="radius,eps of each filter to try; the first one is also tried on the mirrored a*b*")
    p.add_argument("--scales", default="1.15,1.3")
    p.add_argument("--hints", type=int, default=0, help="give a hints model this many 6x6 hints of the truth's colour per crop (seed 0; hints.truth_hints)")
    a = p.parse_args()
    torch.set_num_threads(1)
    G, g = load_generator(Path(a.model))
    packages = tuple(f"{x}__" for x in a.packages.split(",") if x)
    files = sorted(f for f in Path(a.data).iterdir() if f.suffix == ".jpg" and (not packages or f.name.startswith(packages)))
    truth = np.stack([np.asarray(Image.open(f).convert("RGB"), dtype=np.float64) for f in files])
    truth_lab = rgb2lab(truth / 255)
    # What colorize() sees: the grey crop's L* (8-bit grey, as toGrey makes it), which is also the L* it keeps.
    grey8 = np.round(np.clip(lab2rgb(np.concatenate([truth_lab[..., :1], np.zeros_like(truth_lab[..., 1:])], -1)), 0, 1) * 255)
    l = rgb2lab(grey8 / 255)[..., 0]
    x = torch.from_numpy(l / 50 - 1).float()[:, None]
    if a.hints:
        hints = truth_hints(torch.from_numpy(np.moveaxis(truth_lab[..., 1:], -1, 1) / 110).float(), a.hints, torch.Generator().manual_seed(0))
        x = torch.cat([x, hints], 1)
    else:
        x = torch.cat([x, torch.zeros(len(files), g["inChannels"] - 1, *x.shape[2:])], 1)

    def predict(inp: torch.Tensor) -> np.ndarray:
        with torch.no_grad():
            return torch.cat([G(inp[i:i + 16]) for i in range(0, len(inp), 16)]).double().numpy() * 110

    raw = predict(x)
    flipped = predict(x.flip(3))[..., ::-1]
    filters = [(int(f.split(",")[0]), float(f.split(",")[1])) for f in a.filters]
    scales = [float(v) for v in a.scales.split(",") if v]

    def levers(i: int) -> dict[str, np.ndarray]:
        """Every lever's a*b* [2, H, W] for crop i (one crop at a time: 300 crops x every lever would not fit in memory)."""
        mirrored = (raw[i] + flipped[i]) / 2
        out = {"today (uint8 weights, raw a*b*)": raw[i], "grey": np.zeros_like(raw[i]), "mirrored": mirrored}
        out.update({f"a*b* x {s}": raw[i] * s for s in scales})
        for r, eps in filters:
            f = guided(raw[i:i + 1], l[i:i + 1] / 100, r, eps)[0]
            out[f"filter {r},{eps:g}"] = f
            # The same, scaled back to the raw prediction's mean chroma: specks gone, the colour's amount kept.
            out[f"filter {r},{eps:g}, chroma kept"] = f * mean_chroma(raw[i]) / max(1e-9, mean_chroma(f))
        r, eps = filters[0]
        out[f"mirrored + filter {r},{eps:g}"] = guided(mirrored[None], l[i:i + 1] / 100, r, eps)[0]
        return out

    rows: dict[str, list[dict]] = {}
    for i in range(len(files)):
        for name, ab in levers(i).items():
            rows.setdefault(name, []).append(score(l[i], ab, truth[i], truth_lab[i]))
    truth_cf = np.array([colourfulness(t) for t in truth])
    truth_ch = np.array([chroma(t) for t in truth_lab])

    def table(title: str, idx: np.ndarray) -> None:
        tn = truth_ch[idx, 0].sum() / truth_ch[idx, 1].sum()
        print(f"\n{title}: {len(idx)} crops; truth colourfulness {truth_cf[idx].mean():.2f}, chroma noise {tn:.4f}")
        print(f"{'lever':>34} {'PSNR dB':>8} {'CIEDE2000':>9} {'colourful':>9} {'noise':>7} {'x truth':>7} {'mean|ab|':>8} {'skin: blue/green':>16} {'grey':>6}")
        for name, rs in rows.items():
            r = [rs[i] for i in idx]
            noise = sum(x["ch"][0] for x in r) / max(1e-9, sum(x["ch"][1] for x in r))
            skin_pixels = max(1, sum(x["skin"][0] for x in r))
            print(f"{name:>34} {np.mean([x['psnr'] for x in r]):8.2f} {np.mean([x['de'] for x in r]):9.2f} "
                  f"{100 * np.mean([x['cf'] for x in r]) / truth_cf[idx].mean():8.1f}% {noise:7.4f} {noise / tn:7.2f} "
                  f"{np.mean([x['ch'][1] for x in r]):8.2f} {100 * sum(x['skin'][1] for x in r) / skin_pixels:15.1f}% "
                  f"{100 * sum(x['skin'][2] for x in r) / skin_pixels:5.1f}%")

    table(f"{a.data} {a.packages}, {a.hints} hints per crop", np.arange(len(files)))
    if a.portraits:
        names = {ln.strip() for ln in Path(a.portraits).read_text().splitlines() if ln.strip() and not ln.startswith("#")}
        idx = np.array([i for i, f in enumerate(files) if f.name in names])
        if len(idx):
            table("portraits", idx)


if __name__ == "__main__":
    main()
