"""pix2pix (Isola et al. 2017) in PyTorch, layer for layer the same as packages/model.

Every parameter gets the name packages/model uses (see `tfjs_name`), so exporting is a
layout change and nothing else. BatchNorm uses Keras's epsilon (1e-3) and momentum
(0.99 there, 0.01 here) because the tfjs side uses those.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

BN_EPS = 1e-3
BN_MOMENTUM = 0.01
HINT_CHANNELS = 3  # a model with hints takes L*, the hints' a*b* and their mask (packages/model/src/inference/hints.ts)


def filters(ngf: int, i: int, cap: int = 8) -> int:
    return min(ngf * 2**i, cap * ngf)


_TAPS = ((3, 1), (2, 0))  # kernel rows/cols feeding output phase 0 and phase 1


def conv_transpose_4x4_s2(x: torch.Tensor, w: torch.Tensor, bias: torch.Tensor | None = None) -> torch.Tensor:
    """ConvTranspose2d(k=4, s=2, p=1) as four 2x2 convolutions, one per output phase, then pixel_shuffle.

    The same output as F.conv_transpose2d, but 12x faster forward and backward with Debian's
    torch 1.13, whose transposed convolution falls back to a generic BLAS.
    """
    if x.is_cuda:  # the rewrite only pays on the CPU: cuDNN's own transposed convolution is fast
        return F.conv_transpose2d(x, w, bias, stride=2, padding=1)
    h, wd = x.shape[2], x.shape[3]
    xp = F.pad(x, (1, 1, 1, 1))
    phases = []
    for a in (0, 1):
        for b in (0, 1):
            k = w[:, :, list(_TAPS[a]), :][:, :, :, list(_TAPS[b])]
            phases.append(F.conv2d(xp[:, :, a:a + h + 1, b:b + wd + 1], k.transpose(0, 1)))
    y = torch.stack(phases, 2)
    y = F.pixel_shuffle(y.reshape(y.shape[0], -1, h, wd), 2)
    return y if bias is None else y + bias.view(1, -1, 1, 1)


class Down(nn.Module):
    """Conv 4x4 stride 2 (no bias) -> [BatchNorm] -> LeakyReLU(0.2)."""

    def __init__(self, cin: int, cout: int, norm: bool):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, 4, 2, 1, bias=False)
        self.bn = nn.BatchNorm2d(cout, eps=BN_EPS, momentum=BN_MOMENTUM) if norm else None
        self.act = nn.LeakyReLU(0.2)

    def forward(self, x):
        x = self.conv(x)
        if self.bn is not None:
            x = self.bn(x)
        return self.act(x)


class Up(nn.Module):
    """ConvTranspose 4x4 stride 2 (no bias) -> BatchNorm -> [Dropout 0.5] -> ReLU."""

    def __init__(self, cin: int, cout: int, dropout: bool):
        super().__init__()
        self.convT = nn.ConvTranspose2d(cin, cout, 4, 2, 1, bias=False)
        self.bn = nn.BatchNorm2d(cout, eps=BN_EPS, momentum=BN_MOMENTUM)
        self.drop = nn.Dropout(0.5) if dropout else None
        self.act = nn.ReLU()

    def forward(self, x):
        x = self.bn(conv_transpose_4x4_s2(x, self.convT.weight))
        if self.drop is not None:
            x = self.drop(x)
        return self.act(x)


class UNet(nn.Module):
    def __init__(self, in_ch=1, out_ch=2, ngf=16, cap=8, depth=8, innermost_norm=False, dropout_blocks=3):
        super().__init__()
        f = [filters(ngf, i, cap) for i in range(depth)]
        self.down = nn.ModuleList()
        cin = in_ch
        for i in range(depth):
            norm = i > 0 and (i < depth - 1 or innermost_norm)
            self.down.append(Down(cin, f[i], norm))
            cin = f[i]
        self.up = nn.ModuleList()
        for j in range(depth - 1):
            cout = f[depth - 2 - j]
            self.up.append(Up(cin, cout, j < dropout_blocks))
            cin = cout * 2  # concatenated with the skip of the same width
        self.last = nn.ConvTranspose2d(cin, out_ch, 4, 2, 1, bias=True)

    def forward(self, x):
        skips = []
        for d in self.down:
            x = d(x)
            skips.append(x)
        for j, u in enumerate(self.up):
            x = torch.cat([u(x), skips[-2 - j]], dim=1)
        return torch.tanh(conv_transpose_4x4_s2(x, self.last.weight, self.last.bias))


class PatchGAN(nn.Module):
    """70x70 PatchGAN on concat(input, output): C64-C128-C256, pad, C512 s1, pad, conv to 1 logit."""

    def __init__(self, in_ch=3, ndf=16, cap=8):
        super().__init__()
        self.down = nn.ModuleList([
            Down(in_ch, filters(ndf, 0, cap), False),
            Down(filters(ndf, 0, cap), filters(ndf, 1, cap), True),
            Down(filters(ndf, 1, cap), filters(ndf, 2, cap), True),
        ])
        mid = filters(ndf, 3, cap)
        self.conv = nn.Conv2d(filters(ndf, 2, cap), mid, 4, 1, 0, bias=False)
        self.bn = nn.BatchNorm2d(mid, eps=BN_EPS, momentum=BN_MOMENTUM)
        self.act = nn.LeakyReLU(0.2)
        self.last = nn.Conv2d(mid, 1, 4, 1, 0, bias=True)
        self.pad = nn.ZeroPad2d(1)

    def forward(self, inp, tar):
        x = torch.cat([inp, tar], dim=1)
        for d in self.down:
            x = d(x)
        x = self.act(self.bn(self.conv(self.pad(x))))
        return self.last(self.pad(x))


def init_weights(m: nn.Module, gen: torch.Generator) -> None:
    """N(0, 0.02) for every conv kernel, zero biases, BatchNorm gamma 1 / beta 0 (as the tfjs side)."""
    for mod in m.modules():
        if isinstance(mod, (nn.Conv2d, nn.ConvTranspose2d)):
            with torch.no_grad():
                mod.weight.copy_(torch.randn(mod.weight.shape, generator=gen) * 0.02)
                if mod.bias is not None:
                    mod.bias.zero_()


_BN_FIELDS = {"weight": "gamma", "bias": "beta", "running_mean": "moving_mean", "running_var": "moving_variance"}


def tfjs_name(prefix: str, key: str) -> str | None:
    """Map a state_dict key to packages/model's weight name (None for BN's batch counter)."""
    parts = key.split(".")
    if parts[-1] == "num_batches_tracked":
        return None
    if parts[0] in ("down", "up"):
        block = f"{parts[0]}{parts[1]}"
        layer, field = parts[2], parts[3]
    else:
        block, layer, field = None, parts[0], parts[1]
    if layer == "bn":
        leaf = f"bn/{_BN_FIELDS[field]}"
    elif layer == "last":
        leaf = "last/kernel" if field == "weight" else "last/bias"
    else:
        leaf = f"{layer}/kernel"
    return f"{prefix}/{block}/{leaf}" if block else f"{prefix}/{leaf}"


def tfjs_tensor(t: torch.Tensor) -> torch.Tensor:
    """Torch conv layouts -> tfjs: Conv2d [out,in,h,w] -> [h,w,in,out]; ConvTranspose2d [in,out,h,w] -> [h,w,out,in]."""
    return t.permute(2, 3, 1, 0).contiguous() if t.dim() == 4 else t
