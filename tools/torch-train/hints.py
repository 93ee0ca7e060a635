"""Simulated colour hints for training (Zhang et al. 2017), the same rule as packages/model's
src/hint-simulation.ts (src/parity.test.ts checks that both paint the same channels).

Per image a geometric number of hints, p = 1/8 (so about one image in eight gets none), each a
square patch of side 1 to 9 at a uniformly random position inside the image, filled with the
truth's mean a*b* over the patch; the mask is 1 there. Later hints overwrite earlier ones.
"""
from __future__ import annotations

import math

import torch

P_STOP = 1 / 8
MAX_SIDE = 9


def hint_count(gen: torch.Generator) -> int:
    """n with P(n = k) = (1 - p)^k p, drawn as floor(ln u / ln(1 - p)) for u in (0, 1]."""
    u = 1.0 - torch.rand((), generator=gen).item()
    return int(math.floor(math.log(u) / math.log(1 - P_STOP)))


def draw_patches(b: int, h: int, w: int, gen: torch.Generator) -> list[tuple[int, int, int, int]]:
    """(image, top, left, side) of every simulated hint of a batch: per image its count, then per hint side, row, column."""
    patches = []
    for i in range(b):
        for _ in range(hint_count(gen)):
            side = int(torch.randint(1, MAX_SIDE + 1, (), generator=gen))
            y = int(torch.randint(0, h - side + 1, (), generator=gen))
            x = int(torch.randint(0, w - side + 1, (), generator=gen))
            patches.append((i, y, x, side))
    return patches


def paint(ab: torch.Tensor, patches: list[tuple[int, int, int, int]]) -> torch.Tensor:
    """[B, 2, H, W] truth a*b* (model scale) -> [B, 3, H, W]: each patch's mean a*b* and the mask."""
    b, _, h, w = ab.shape
    out = torch.zeros(b, 3, h, w, device=ab.device)
    for i, y, x, side in patches:
        out[i, :2, y:y + side, x:x + side] = ab[i, :, y:y + side, x:x + side].mean((1, 2)).view(2, 1, 1)
        out[i, 2, y:y + side, x:x + side] = 1
    return out


def simulate_hints(ab: torch.Tensor, gen: torch.Generator) -> torch.Tensor:
    """The hint channels of a training batch (see the module's doc)."""
    return paint(ab, draw_patches(ab.shape[0], ab.shape[2], ab.shape[3], gen))


def truth_hints(ab: torch.Tensor, n: int, gen: torch.Generator, side: int = 6) -> torch.Tensor:
    """n side x side patches of the truth's mean per image, at random places: like `npm run eval --
    --hints n`'s (not its exact draws), for the sample sheets."""
    b, _, h, w = ab.shape
    return paint(ab, [(i, int(torch.randint(0, h - side + 1, (), generator=gen)), int(torch.randint(0, w - side + 1, (), generator=gen)), side)
                      for i in range(b) for _ in range(n)])
