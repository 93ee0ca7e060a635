"""Rank fine-tuning levers fast, on the CPU, with the recipe and judges of packages/model's training session.

Usage: OMP_PROC_BIND=true /usr/bin/python3 finetune_levers.py --init RUN/imported.pt --data ../../../shared/data \
           [--cases same-photos,photographer] [--lr 5e-5] [--lambda 100] [--steps 150] [--warmup 0] [--anchor 0] \
           [--layers all|decoder] [--rehearsal 0] [--every 10] [--json out.json]

`npm run bench:finetune -w packages/model` is the benchmark that sets the defaults; a fine-tune there
(tfjs, wasm) takes minutes a step-count, here seconds, so this script replays the same cases and rules
to choose which variants are worth the benchmark's time. It mirrors the session (src/training/session.ts):
BatchNorm on its running statistics and frozen, dropout on, simulated hints, square crops of 0.5-1 of a
photo's shorter side, Adam(beta1 0.5); the person's judge holds out the far third of every photo (the
session picks the third most like the whole in colour), the world's judge scores models/default/world,
and a step is kept when it beats the best so far on the person's views and, on the world's, loses at
most 0.3 dB and keeps 90 % of the start's colourfulness. Scores are PSNR on RGB and Hasler-Suesstrunk
colourfulness, at 256x256 (parts smaller than that are resized, not padded: a ranking, not the figures).
"""
from __future__ import annotations

import argparse, json, math, time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from colour import lab_to_rgb, rgb_to_lab, to_model, from_model
from hints import simulate_hints
from pix2pix import HINT_CHANNELS, PatchGAN, UNet

HERE = Path(__file__).parent
WORLD = HERE / "../../packages/model/models/default/world"
USED = {"cimg-doc", "cimg-examples", "golang-github-disintegration-imaging-dev", "libjs-cropper", "libjs-jquery-colorbox",
        "darknet", "ruby-rmagick-doc", "gramps", "renpy-demo"}


def rebuild(data: Path, key: str) -> np.ndarray:
    """A source photo from its crops (the manifest gives each crop's place)."""
    m = json.loads((data / "manifest.json").read_text())
    crops = [c for c in m["crops"] if c["file"].rsplit("__", 1)[0] == key]
    w, h = crops[0]["resized_size"]
    out = np.zeros((h, w, 3), np.uint8)
    for c in crops:
        x, y = c["crop_xy"]
        im = np.asarray(Image.open(data / "train" / c["file"]).convert("RGB"))
        out[y:y + im.shape[0], x:x + im.shape[1]] = im
    return out


def split(img: np.ndarray, keep: float = 2 / 3):
    h, w = img.shape[:2]
    if w >= h:
        c = round(w * keep); return img[:, :c], img[:, c:]
    c = round(h * keep); return img[:c], img[c:]


def tiles(img: np.ndarray, side: int = 256) -> list[np.ndarray]:
    h, w = img.shape[:2]
    out = [img[y:y + side, x:x + side] for y in range(0, h - side + 1, side // 2) for x in range(0, w - side + 1, side // 2)]
    return out or [img]


def square(img: np.ndarray, size: int = 256) -> torch.Tensor:
    """[3,size,size] float in [0,1]: the centre square, resized."""
    h, w = img.shape[:2]
    s = min(h, w)
    c = img[(h - s) // 2:(h - s) // 2 + s, (w - s) // 2:(w - s) // 2 + s]
    return torch.from_numpy(np.asarray(Image.fromarray(c).resize((size, size), Image.BILINEAR))).permute(2, 0, 1).float() / 255


def stack(imgs: list[np.ndarray]) -> torch.Tensor:
    return torch.stack([square(i) for i in imgs])


def colourfulness(rgb: torch.Tensor) -> torch.Tensor:
    r, g, b = (rgb * 255).unbind(1)
    rg, yb = r - g, 0.5 * (r + g) - b
    return torch.sqrt(rg.flatten(1).var(1, unbiased=False) + yb.flatten(1).var(1, unbiased=False)) + 0.3 * torch.sqrt(rg.flatten(1).mean(1) ** 2 + yb.flatten(1).mean(1) ** 2)


@torch.no_grad()
def score(G: UNet, truth: torch.Tensor) -> dict:
    G.eval()
    l, _ = to_model(rgb_to_lab(truth))
    preds = []
    for i in range(0, len(truth), 16):
        li = l[i:i + 16]
        ab = G(torch.cat([li, torch.zeros(li.shape[0], HINT_CHANNELS, *li.shape[2:])], 1))
        preds.append(lab_to_rgb(from_model(li, ab)))
    pred = torch.cat(preds)
    mse = ((pred - truth) ** 2).flatten(1).mean(1).clamp(min=1e-10)
    return {"psnr": float((10 * torch.log10(1 / mse)).mean()), "colour": float(colourfulness(pred).mean() / colourfulness(truth).mean())}


def cases(data: Path) -> dict[str, tuple[list[np.ndarray], list[np.ndarray]]]:
    """Each case's (photos to fine-tune on, parts scored): bench-finetune.ts's cases."""
    more, extra = data / "more", data / "extra"
    out = {}
    sp = [split(rebuild(more, k)) for k in ["cimg-examples__parrot", "golang-github-disintegration-imaging-dev__flowers", "libjs-cropper__castle-med"]]
    out["same-photos"] = ([a for a, _ in sp], [t for _, b in sp for t in tiles(b)])
    a, b = split(rebuild(more, "libjs-jquery-colorbox__daisy-2x"))
    out["same-photo"] = ([a], tiles(b))
    k = lambda ks: [rebuild(extra, f"kphotoalbum__{s}") for s in ks]
    out["same-subject"] = (k(["jesper", "donna", "skagen", "spiff", "bar55", "grand-canyon-2"]),
                           [t for p in k(["jesper-2", "donna-2", "skagen-2", "spiff-2", "bar55-2", "grand-canyon-3"]) for t in tiles(p)])
    c = lambda ks: [rebuild(more, f"cimg-doc__postcard{s}") for s in ks]
    out["photographer"] = (c(["10", "27", "33", "34", "35"]), [t for p in c(["75", "76", "77", "78", "79"]) for t in tiles(p)])
    out["album"] = (k(["anne-helene", "cold-water", "pool", "snow"]), [t for p in k(["blackie", "new-wave-2", "qt-logo", "sunset"]) for t in tiles(p)])
    return out


def others(data: Path) -> list[np.ndarray]:
    m = json.loads((data / "more/manifest.json").read_text())
    by: dict[str, list[str]] = {}
    for c in m["crops"]:
        if c["package"] not in USED:
            by.setdefault(c["file"].rsplit("__", 1)[0], []).append(c["file"])
    return [np.asarray(Image.open(data / "more/train" / sorted(fs)[len(fs) // 2]).convert("RGB")) for fs in by.values()]


def crop(img: np.ndarray, gen: torch.Generator, size: int = 256) -> torch.Tensor:
    h, w = img.shape[:2]
    short = min(h, w)
    lo = min(short, max(round(short * 0.5), size)); hi = min(short, max(short, lo))
    side = round(lo * (hi / lo) ** float(torch.rand((), generator=gen)))
    x = int(torch.randint(0, w - side + 1, (), generator=gen)); y = int(torch.randint(0, h - side + 1, (), generator=gen))
    c = Image.fromarray(img[y:y + side, x:x + side]).resize((size, size), Image.BILINEAR)
    return torch.from_numpy(np.asarray(c)).permute(2, 0, 1).float() / 255


def run(a, name: str, train: list[np.ndarray], scored: list[np.ndarray], world: torch.Tensor, other: torch.Tensor, rehearse: list[np.ndarray]) -> dict:
    s = torch.load(a.init, map_location="cpu", weights_only=False)
    G, D = UNet(1 + HINT_CHANNELS, 2, 16), PatchGAN(3 + HINT_CHANNELS, 16)
    G.load_state_dict(s["G"]); D.load_state_dict(s["D"])
    gen = torch.Generator().manual_seed(a.seed); torch.manual_seed(a.seed)
    parts = [split(t) for t in train]  # the person's judge: the far third of every photo
    fit, person = [p for p, _ in parts], stack([q for _, q in parts])
    scored_t = stack(scored)
    params = [(n, p) for n, p in G.named_parameters() if a.layers == "all" or n.startswith(("up.", "last."))]
    anchors = [p.detach().clone() for _, p in params]
    optG = torch.optim.Adam([p for _, p in params], lr=a.lr, betas=(0.5, 0.999))
    optD = torch.optim.Adam(D.parameters(), lr=a.lr, betas=(0.5, 0.999))
    bce = torch.nn.BCEWithLogitsLoss()

    def judge(step):
        return {"step": step, "person": score(G, person), "world": score(G, world), "scored": score(G, scored_t), "other": score(G, other)}

    start = judge(0); best = start; trace = [start]
    t0 = time.time()
    for step in range(1, a.steps + 1):
        G.train()
        for m in G.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.eval()  # running statistics, frozen
        lr = a.lr * min(1.0, step / a.warmup) if a.warmup else a.lr
        for o in (optG, optD):
            for g in o.param_groups:
                g["lr"] = lr
        batch = [crop(fit[int(torch.randint(0, len(fit), (), generator=gen))], gen) for _ in range(a.batch)]
        batch += [crop(rehearse[int(torch.randint(0, len(rehearse), (), generator=gen))], gen) for _ in range(a.rehearsal)]
        l, ab = to_model(rgb_to_lab(torch.stack(batch)))
        given, ab = simulate_hints(l, ab, gen)
        x = torch.cat([l, given], 1)
        fake = G(x)
        optD.zero_grad(set_to_none=True)
        rl, fl = D(x, ab), D(x, fake.detach())
        (bce(rl, torch.ones_like(rl)) + bce(fl, torch.zeros_like(fl))).backward()
        optD.step()
        optG.zero_grad(set_to_none=True)
        for q in D.parameters():
            q.requires_grad_(False)
        lg = D(x, fake)
        loss = a.gan * bce(lg, torch.ones_like(lg)) + a.lam * (fake - ab).abs().mean()
        if a.anchor:
            loss = loss + a.anchor * sum(((p - p0) ** 2).sum() for (_, p), p0 in zip(params, anchors))
        loss.backward()
        optG.step()
        for q in D.parameters():
            q.requires_grad_(True)
        if step % a.every == 0 or step == a.steps:
            j = judge(step); trace.append(j)
            w_ok = j["world"]["psnr"] >= start["world"]["psnr"] - 0.3 and j["world"]["colour"] >= 0.9 * start["world"]["colour"]
            if j["person"]["psnr"] > best["person"]["psnr"] and w_ok:
                best = j
    last = trace[-1]
    f = lambda j: f"scored {j['scored']['psnr']:.2f} dB {100 * j['scored']['colour']:.0f} %, other {j['other']['psnr']:.2f} dB {100 * j['other']['colour']:.0f} %"
    print(f"{name:13s} kept {best['step']:4d}: {f(best)} | start: {f(start)} | last {last['step']}: {f(last)} [{time.time() - t0:.0f} s]", flush=True)
    if a.verbose:
        for j in trace:
            print(f"   {j['step']:4d} person {j['person']['psnr']:.2f} world {j['world']['psnr']:.2f}/{100 * j['world']['colour']:.0f}% scored {j['scored']['psnr']:.2f} other {j['other']['psnr']:.2f}/{100 * j['other']['colour']:.0f}%")
    return {"case": name, "start": start, "kept": best, "last": last, "trace": trace}


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--init", required=True, help="import_tfjs.py's checkpoint of the shipped model")
    p.add_argument("--data", required=True, help="../shared/data (extra/ and more/)")
    p.add_argument("--cases", default="same-photos,same-photo,same-subject,photographer,album")
    p.add_argument("--lr", type=float, default=5e-5)
    p.add_argument("--lambda", dest="lam", type=float, default=100.0)
    p.add_argument("--gan", type=float, default=1.0, help="weight of the GAN term")
    p.add_argument("--steps", type=int, default=150)
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--warmup", type=int, default=0, help="steps of linear learning-rate warm-up")
    p.add_argument("--anchor", type=float, default=0.0, help="L2-SP strength")
    p.add_argument("--layers", choices=("all", "decoder"), default="all")
    p.add_argument("--rehearsal", type=int, default=0, help="crops of general photos (../shared/data/train) per batch")
    p.add_argument("--every", type=int, default=10)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--verbose", action="store_true")
    p.add_argument("--json")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    data = Path(a.data)
    world = stack([np.asarray(Image.open(f).convert("RGB")) for f in sorted(WORLD.glob("*.jpg"))])
    other = stack(others(data))
    rehearse = [np.asarray(Image.open(f).convert("RGB")) for f in sorted((data / "train").glob("*__1.jpg"))[::8]] if a.rehearsal else []
    all_cases = cases(data)
    print(f"lr {a.lr} lambda {a.lam} gan {a.gan} steps {a.steps} warmup {a.warmup} anchor {a.anchor} layers {a.layers} rehearsal {a.rehearsal}", flush=True)
    results = [run(a, c, *all_cases[c], world, other, rehearse) for c in a.cases.split(",")]
    if a.json:
        Path(a.json).write_text(json.dumps({"args": vars(a), "results": results}, indent=1))


if __name__ == "__main__":
    main()
