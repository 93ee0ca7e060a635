"""Simulated colour hints for training (Zhang et al. 2017), the same rule as packages/model's
src/training/hint-simulation.ts (src/parity.test.ts checks that both recolour and paint alike).

Per image a geometric number of hints, p = 1/8 (so about one image in eight gets none), each a
square patch of side 1 to 9 at a uniformly random position inside the image, filled with the
truth's mean a*b* over the patch; the mask is 1 there. Later hints overwrite earlier ones.

Recolouring: hints drawn from the truth always agree with the photo, so a model trained on them alone
reads one saturated hint as news about the whole photo (a red hint tinted a cat's face 150 px away).
So in every image that gets hints, the first hint asks for another colour (a uniformly random hue
at a chroma uniform in 0 to 88 a*b* units, as saturated as the picks users make) and the target is
recoloured to match around it: each pixel moves towards that colour by
w = exp(-d^2 / 2 (s/8)^2) * exp(-dL^2 / 2 (10 L*)^2), d its distance to the hint's centre, s the
image's longer side, dL its L* minus the hint's mean L*. The weight reads only what the model sees
(L*, where the hint is), so it can learn it: follow the hint over the surface it sits on, leave the
rest as it was. Every hint is then painted from the recoloured target.
"""
from __future__ import annotations

import math

import torch

P_STOP = 1 / 8
MAX_SIDE = 9
RECOLOUR_REACH = 1 / 8  # the spatial sigma, as a fraction of the image's longer side
RECOLOUR_TONE = 0.2  # the L* sigma in model scale (L* / 50 - 1): 10 L* units
RECOLOUR_CHROMA = 0.8  # the largest chroma asked for, model scale (a*b* / 110): 88 units


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


def draw_recolours(patches: list[tuple[int, int, int, int]], b: int, gen: torch.Generator) -> list[tuple[int, float, float]]:
    """(image, a, b) per image with a hint, after draw_patches: in order, a hue and a chroma, each
    uniform; the colour its first hint asks for, in model scale."""
    hinted = {i for i, *_ in patches}
    out = []
    for i in range(b):
        if i in hinted:
            hue = 2 * math.pi * torch.rand((), generator=gen).item()
            chroma = RECOLOUR_CHROMA * torch.rand((), generator=gen).item()
            out.append((i, chroma * math.cos(hue), chroma * math.sin(hue)))
    return out


def recolour(l: torch.Tensor, ab: torch.Tensor, patches: list[tuple[int, int, int, int]], recolours: list[tuple[int, float, float]]) -> torch.Tensor:
    """[B, 1, H, W] L*, [B, 2, H, W] truth a*b* (model scale) -> the target with each recolour applied (see the module's doc)."""
    if not recolours:
        return ab
    _, _, h, w = ab.shape
    first = {}
    for i, y, x, side in patches:
        first.setdefault(i, (y, x, side))
    out = ab.clone()
    rows = torch.arange(h, device=ab.device, dtype=ab.dtype).view(h, 1)
    cols = torch.arange(w, device=ab.device, dtype=ab.dtype).view(1, w)
    reach = RECOLOUR_REACH * max(h, w)
    for i, ca, cb in recolours:
        y, x, side = first[i]
        colour = torch.tensor([ca, cb], device=ab.device, dtype=ab.dtype).view(2, 1, 1)
        tone = l[i, 0, y:y + side, x:x + side].mean()
        cy, cx = y + (side - 1) / 2, x + (side - 1) / 2
        weight = torch.exp(-((rows - cy) ** 2 + (cols - cx) ** 2) / (2 * reach ** 2) - (l[i, 0] - tone) ** 2 / (2 * RECOLOUR_TONE ** 2))
        out[i] = ab[i] + weight * (colour - ab[i])
    return out


def simulate_hints(l: torch.Tensor, ab: torch.Tensor, gen: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """The hint channels of a training batch and its target, recoloured where a hint asks for another colour (see the module's doc)."""
    b, _, h, w = ab.shape
    patches = draw_patches(b, h, w, gen)
    target = recolour(l, ab, patches, draw_recolours(patches, b, gen))
    return paint(target, patches), target


def truth_hints(ab: torch.Tensor, n: int, gen: torch.Generator, side: int = 6) -> torch.Tensor:
    """n side x side patches of the truth's mean per image, at random places: like `npm run eval --
    --hints n`'s (not its exact draws), for the sample sheets."""
    b, _, h, w = ab.shape
    return paint(ab, [(i, int(torch.randint(0, h - side + 1, (), generator=gen)), int(torch.randint(0, w - side + 1, (), generator=gen)), side)
                      for i in range(b) for _ in range(n)])
