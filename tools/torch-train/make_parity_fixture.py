"""Write packages/model/fixtures/parity: fixed weights, inputs and PyTorch's outputs.

The tfjs side (src/parity.test.ts) loads the same weights and must reproduce the outputs
within 1e-4. The networks take colour hints (L*, the hints' a*b*, their mask in; the critic sees
that and a*b*), the shipped model's kind; the input holds hints drawn by hints.py, painted from a recoloured truth. Small on purpose (64x64, depth 6, ngf 4) so the fixture stays tiny; a few training
steps first so BatchNorm's gamma, beta and moving statistics are not at their defaults.
Usage: /usr/bin/python3 make_parity_fixture.py
"""
import json
from pathlib import Path

import numpy as np
import torch

from export_tfjs import export
from hints import draw_patches, draw_recolours, paint, recolour, simulate_hints
from pix2pix import HINT_CHANNELS, PatchGAN, UNet, init_weights

OUT = Path(__file__).resolve().parents[2] / "packages/model/fixtures/parity"
torch.manual_seed(0)
g = torch.Generator().manual_seed(0)
G, D = UNet(1 + HINT_CHANNELS, 2, ngf=4, depth=6), PatchGAN(3 + HINT_CHANNELS, ndf=4)
init_weights(G, g); init_weights(D, g)
opt = torch.optim.Adam(list(G.parameters()) + list(D.parameters()), lr=1e-2)
for _ in range(3):
    l = torch.randn(2, 1, 64, 64, generator=g)
    given, y = simulate_hints(l, torch.randn(2, 2, 64, 64, generator=g), g)
    x = torch.cat([l, given], 1)
    loss = (G(x) - y).abs().mean() + D(x, y).mean()
    opt.zero_grad(); loss.backward(); opt.step()

# Inference as the paper does it: BatchNorm on the batch's own statistics, dropout off.
G.train(); D.train()
for m in G.modules():
    if isinstance(m, torch.nn.Dropout):
        m.eval()
truth = torch.rand(2, 2, 64, 64, generator=g) - 0.5
l = torch.rand(2, 1, 64, 64, generator=g) * 2 - 1
patches = draw_patches(2, 64, 64, g)
recolours = draw_recolours(patches, 2, g)
assert recolours, "the fixture should hold a recoloured image: pick another seed"
target = recolour(l, truth, patches, recolours)
x = torch.cat([l, paint(target, patches)], 1)
with torch.no_grad():
    out = G(x)
    logits = D(x, out)
# And as a model trained on larger batches runs (normalization 'moving'): the running statistics,
# set far from their defaults so a swapped mean and variance cannot pass.
for m in G.modules():
    if isinstance(m, torch.nn.BatchNorm2d):
        m.running_mean.copy_(torch.randn(m.running_mean.shape, generator=g) * 0.5)
        m.running_var.copy_(torch.rand(m.running_var.shape, generator=g) + 0.5)
G.eval()
with torch.no_grad():
    out_moving = G(x)

export(G, D, 64, OUT, {"id": "parity-fixture", "version": "1"})
nhwc = lambda t: t.permute(0, 2, 3, 1).contiguous().numpy().astype("<f4")
tensors = {"truth": nhwc(truth), "target": nhwc(target), "input": nhwc(x), "generator": nhwc(out), "discriminator": nhwc(logits), "generatorMoving": nhwc(out_moving)}
(OUT / "tensors.bin").write_bytes(b"".join(a.tobytes() for a in tensors.values()))
(OUT / "tensors.json").write_text(json.dumps({k: list(a.shape) for k, a in tensors.items()}, indent=1))
# The input's hints as drawn, for the TypeScript simulation to paint from the same truth.
(OUT / "patches.json").write_text(json.dumps([{"image": i, "top": y, "left": x, "side": s} for i, y, x, s in patches]))
(OUT / "recolours.json").write_text(json.dumps([{"image": i, "a": a, "b": b} for i, a, b in recolours]))
print({k: a.shape for k, a in tensors.items()}, "->", OUT)
