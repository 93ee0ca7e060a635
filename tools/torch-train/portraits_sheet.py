"""Several models side by side on held-out portraits, as a person sees them: one sheet.

Usage: /usr/bin/python3 portraits_sheet.py --out sheet.jpg --models DIR[,DIR...] --data DIR --portraits FILE [--rows 10]

Columns: grey | each model's automatic colours (no hints, with colorize()'s L*-guided chroma
filter, radius 4, eps 0.01, on the crop's own L*) | truth. Rows: an even spread of the crops the
portraits file lists (one a line, # comments). Read beside levers.py's skin columns: a figure
says how often skin goes blue, green or grey, the sheet shows what it looks like.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from skimage.color import lab2rgb, rgb2lab

from levers import guided, load_generator


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--models", required=True, help="comma-separated model.json folders, one column each")
    p.add_argument("--data", required=True)
    p.add_argument("--portraits", required=True)
    p.add_argument("--rows", type=int, default=10)
    a = p.parse_args()
    torch.set_num_threads(1)
    generators = [load_generator(Path(d)) for d in a.models.split(",")]
    names = [ln.strip() for ln in Path(a.portraits).read_text().splitlines() if ln.strip() and not ln.startswith("#")]
    names = names[::max(1, len(names) // a.rows)][:a.rows]
    rows = []
    for name in names:
        lab = rgb2lab(np.asarray(Image.open(Path(a.data) / name).convert("RGB"), dtype=np.float64) / 255)
        l = lab[..., 0]
        columns = [np.dstack([l, 0 * l, 0 * l])]
        for G, g in generators:
            x = torch.cat([torch.from_numpy(l / 50 - 1).float()[None, None], torch.zeros(1, g["inChannels"] - 1, *l.shape)], 1)
            with torch.no_grad():
                ab = guided(G(x).double().numpy() * 110, l[None] / 100, 4, 0.01)[0]
            columns.append(np.dstack([l, ab[0], ab[1]]))
        columns.append(lab)
        rows.append(np.concatenate([np.clip(lab2rgb(c), 0, 1) for c in columns], 1))
    sheet = Image.fromarray((np.concatenate(rows, 0) * 255).round().astype(np.uint8))
    sheet.resize((sheet.width * 5 // 8, sheet.height * 5 // 8), Image.LANCZOS).save(a.out, quality=85)
    print(f"{a.out}: {len(names)} portraits x {len(generators)} models: {', '.join(names)}")


if __name__ == "__main__":
    main()
