"""Pre-train the default colorizer (L -> ab pix2pix) on a folder of colour crops.

Usage: OMP_PROC_BIND=true /usr/bin/python3 train.py --data DIR --out DIR [--steps N | --minutes M] [--resume]
Runs on the GPU when there is one (--device). See README.md for the plan and figures.
"""
from __future__ import annotations

import argparse, hashlib, json, os, time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from colour import rgb_to_lab, lab_to_rgb, to_model, from_model
from hints import simulate_hints, truth_hints
from pix2pix import HINT_CHANNELS, UNet, PatchGAN, init_weights


def cpu_label(threads: int) -> str:
    """Where a phase ran, for the model card (GPU phases record the device's name instead)."""
    return f"CPU, {threads} thread{'' if threads == 1 else 's'}"


def normalization_for(config: dict) -> str:
    """BatchNorm's mode at inference (packages/model's GeneratorConfig.normalization) for a run's config:
    its own, else by its batch size (checkpoints from before the field)."""
    return config.get("normalization") or ("moving" if config["batch"] > 1 else "batch")


def photo_key(crop_name: str) -> str:
    """Crops are named <package>__<slug>__<k>.jpg: the source photo is everything before the last '__'."""
    return crop_name.rsplit("__", 1)[0]


def package_of(crop_name: str) -> str:
    return crop_name.split("__", 1)[0]


def is_validation(crop_name: str, fraction: float, packages: frozenset[str] = frozenset()) -> bool:
    """Split by source photo, so no crop of a validation photo is ever trained on (same rule as the TS
    side), and hold out whole packages too when given: photos from sources training never saw."""
    if package_of(crop_name) in packages:
        return True
    h = int(hashlib.sha1(photo_key(crop_name).encode()).hexdigest()[:8], 16)
    return (h % 1000) < fraction * 1000


def photo_weights(files: list[Path]) -> torch.Tensor:
    """Sampling weights that give every source photo the same chance, whatever its number of crops
    (one package's many crops of a few photos would otherwise dominate)."""
    counts: dict[str, int] = {}
    for f in files:
        counts[photo_key(f.name)] = counts.get(photo_key(f.name), 0) + 1
    return torch.tensor([1.0 / counts[photo_key(f.name)] for f in files])


def load_folder(files: list[Path], size: int) -> torch.Tensor:
    out = torch.empty(len(files), 3, size, size, dtype=torch.uint8)
    for i, f in enumerate(files):
        im = Image.open(f).convert("RGB")
        if im.size != (size, size):
            im = im.resize((size, size), Image.BICUBIC)
        out[i] = torch.from_numpy(np.asarray(im)).permute(2, 0, 1)
    return out


def jitter(batch_u8: torch.Tensor, size: int, gen: torch.Generator) -> torch.Tensor:
    """The paper's jitter: resize to size*286/256, random size x size crop, random mirror.

    One gather for the whole batch (no per-image loop), so it stays on the batch's device.
    """
    big = round(size * 286 / 256)
    x = F.interpolate(batch_u8.float() / 255, size=(big, big), mode="bilinear", align_corners=False)
    n = x.shape[0]
    offset = torch.randint(0, big - size + 1, (n, 2), generator=gen)
    mirror = torch.rand(n, generator=gen) < 0.5
    span = torch.arange(size)
    rows = offset[:, :1] + span
    cols = torch.where(mirror[:, None], offset[:, 1:] + span.flip(0), offset[:, 1:] + span)
    rows, cols = rows.to(x.device), cols.to(x.device)
    crop = x[torch.arange(n, device=x.device)[:, None, None], :, rows[:, :, None], cols[:, None, :]]
    return crop.permute(0, 3, 1, 2).clamp(0, 1)


def sample_sheet(G: UNet, val: torch.Tensor, path: Path, moving: bool, hints: bool) -> None:
    """Rows of grey | prediction | [prediction with 10 hints from the truth |] truth, dropout off,
    BatchNorm as the exported model will run it.

    moving: the running statistics (normalization_for says which), else the image's own.
    """
    G.eval() if moving else G.train()
    for m in G.modules():
        if isinstance(m, torch.nn.Dropout):
            m.eval()
    with torch.no_grad():
        rgb = val.float() / 255
        l, _ = to_model(rgb_to_lab(rgb))
        rows = []
        _, truth = to_model(rgb_to_lab(rgb))
        for i in range(rgb.shape[0]):
            li = l[i:i + 1]
            none = torch.zeros(1, HINT_CHANNELS, *li.shape[2:], device=li.device)
            ab = G(torch.cat([li, none], 1) if hints else li)
            cols = [lab_to_rgb(from_model(li, torch.zeros_like(ab)))[0], lab_to_rgb(from_model(li, ab))[0]]
            if hints:
                given = truth_hints(truth[i:i + 1], 10, torch.Generator().manual_seed(i))
                cols.append(lab_to_rgb(from_model(li, G(torch.cat([li, given], 1))))[0])
            rows.append(torch.cat([*cols, rgb[i]], 2))
        sheet = (torch.cat(rows, 1).permute(1, 2, 0).cpu().numpy() * 255).round().astype(np.uint8)
    G.train()
    Image.fromarray(sheet).save(path)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True, nargs="+", help="one or more folders of crops named <package>__<photo>__<k>.jpg")
    p.add_argument("--hold-out-packages", default="", help="comma-separated packages none of whose crops are trained on (validation besides the photo rule's)")
    p.add_argument("--sample-by", choices=("crop", "photo"), default="crop", help="photo: every source photo equally likely")
    p.add_argument("--hints", action="store_true", help="train with simulated colour hints (a new model, or widen with import_tfjs.py --hints first)")
    p.add_argument("--out", required=True)
    p.add_argument("--steps", type=int, default=14000)
    p.add_argument("--minutes", type=float, help="plan the step count from the speed measured early on, to end in about this wall time")
    p.add_argument("--batch", type=int, default=4)
    p.add_argument("--size", type=int, default=256)
    p.add_argument("--ngf", type=int, default=16)
    p.add_argument("--ndf", type=int, default=16)
    p.add_argument("--lr", type=float, default=2e-4)
    p.add_argument("--beta1", type=float, default=0.5)
    p.add_argument("--lambda", dest="lam", type=float, default=100.0)
    p.add_argument("--d-factor", type=float, default=1.0)
    p.add_argument("--decay-from", type=float, default=0.5, help="fraction of steps after which lr decays linearly to 0")
    p.add_argument("--val-fraction", type=float, default=0.1)
    p.add_argument("--sample-every", type=int, default=1000)
    p.add_argument("--ckpt-every", type=int, default=250)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--resume", action="store_true")
    p.add_argument("--init", help="start from this checkpoint's networks and Adam states, with a new step count and schedule (fine-tuning)")
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    # Recorded in the checkpoint's config, so the model card can say where each phase ran.
    a.hardware = torch.cuda.get_device_name() if a.device.startswith("cuda") else cpu_label(a.threads)
    a.normalization = normalization_for({"batch": a.batch})
    torch.backends.cudnn.benchmark = True  # fixed shapes: let cuDNN pick the fastest kernels once
    out = Path(a.out)
    (out / "samples").mkdir(parents=True, exist_ok=True)
    files = sorted(f for d in a.data for f in [*Path(d).glob("*.jpg"), *Path(d).glob("*.png")])
    held = frozenset(q for q in a.hold_out_packages.split(",") if q)
    train_files = [f for f in files if not is_validation(f.name, a.val_fraction, held)]
    val_files = [f for f in files if is_validation(f.name, a.val_fraction, held)]
    rule = "sha1(photo)[:8] % 1000 < fraction*1000" + (f", and packages {sorted(held)}" if held else "")
    (out / "split.json").write_text(json.dumps({"rule": rule, "fraction": a.val_fraction,
                                                 "train": [f.name for f in train_files], "validation": [f.name for f in val_files]}, indent=1))
    print(f"{len(train_files)} training crops, {len(val_files)} validation crops "
          f"from {len({photo_key(f.name) for f in val_files})} held-out photos", flush=True)
    data = load_folder(train_files, a.size).to(a.device)
    weights = photo_weights(train_files) if a.sample_by == "photo" else torch.ones(len(train_files))
    # Sample sheets show validation crops; a folder too small to hold any shows training crops instead.
    shown = val_files or train_files
    val = load_folder(shown[:: max(1, len(shown) // 4)][:4], a.size).to(a.device)

    gen = torch.Generator().manual_seed(a.seed)
    torch.manual_seed(a.seed)
    if a.init:  # a model with hints stays one; an automatic one is widened first
        init_hints = torch.load(a.init, map_location="cpu", weights_only=False)["config"].get("hints", False)
        if a.hints and not init_hints:
            raise SystemExit(f"{a.init} takes no hints: widen it first (import_tfjs.py --hints), then --init from that.")
        a.hints = init_hints
    extra = HINT_CHANNELS if a.hints else 0
    G = UNet(1 + extra, 2, a.ngf)
    D = PatchGAN(3 + extra, a.ndf)  # conditioned on what G saw
    init_weights(G, gen)
    init_weights(D, gen)
    G.to(a.device); D.to(a.device)
    optG = torch.optim.Adam(G.parameters(), lr=a.lr, betas=(a.beta1, 0.999))
    optD = torch.optim.Adam(D.parameters(), lr=a.lr, betas=(a.beta1, 0.999))
    step, elapsed = 0, 0.0
    ckpt = out / "checkpoint.pt"
    if a.init:
        a.init = str(Path(a.init).resolve())  # kept in the config: export_tfjs.py follows it from anywhere
        s = torch.load(a.init, map_location=a.device, weights_only=False)  # our own file, with RNG state and config
        G.load_state_dict(s["G"])
        # A checkpoint without D (slim --generator-only), or another --ndf, starts a new discriminator.
        same_d = "D" in s and s["config"]["ndf"] == a.ndf
        a.normalization = normalization_for(s["config"])  # a fine-tune keeps its starting model's mode
        if same_d:
            D.load_state_dict(s["D"])
        if "optG" in s:  # a slim checkpoint (slim_checkpoint.py) has none: Adam then starts afresh
            optG.load_state_dict(s["optG"])
            if same_d:
                optD.load_state_dict(s["optD"])
        print(f"initialised from {a.init} (step {s['step']} of its run)", flush=True)
    if a.resume and ckpt.exists():
        s = torch.load(ckpt, map_location=a.device, weights_only=False)
        G.load_state_dict(s["G"]); D.load_state_dict(s["D"])
        optG.load_state_dict(s["optG"]); optD.load_state_dict(s["optD"])
        step, elapsed = s["step"], s["elapsed"]
        if a.minutes and s["config"].get("planned"):  # keep the first run's plan (and so its lr schedule)
            a.steps, a.planned = s["config"]["steps"], True
        gen.set_state(s["gen"]); torch.set_rng_state(s["torch_rng"])
        print(f"resumed at step {step}", flush=True)
    G.train(); D.train()
    bce = torch.nn.BCEWithLogitsLoss()
    log = open(out / "log.jsonl", "a")
    t0, last_t, last_step = time.time() - elapsed, time.time(), step
    decay_start = int(a.steps * a.decay_from)
    # --minutes: time 200 steps after a warm-up of 50, then fix the step count (and so the lr schedule).
    plan_from, plan_t = (step + 50, 0.0) if a.minutes and not getattr(a, "planned", False) else (None, 0.0)
    while step < a.steps:
        if step == plan_from:
            plan_t = time.time()
        elif plan_from is not None and step == plan_from + 200:
            rate = 200 / (time.time() - plan_t)
            a.steps = step + max(1, int(rate * (a.minutes * 60 - (time.time() - t0))))
            decay_start = int(a.steps * a.decay_from)
            plan_from, a.planned = None, True
            print(f"{rate:.1f} steps/s: planned {a.steps} steps for {a.minutes} min", flush=True)
        lr = a.lr if step < decay_start else a.lr * (a.steps - step) / max(1, a.steps - decay_start)
        for o in (optG, optD):
            for g in o.param_groups:
                g["lr"] = lr
        idx = torch.multinomial(weights, a.batch, replacement=True, generator=gen).to(a.device)
        l, ab = to_model(rgb_to_lab(jitter(data[idx], a.size, gen)))
        if a.hints:
            given, ab = simulate_hints(l, ab, gen)
            l = torch.cat([l, given], 1)  # "l" is then all G sees: L*, hints, mask
        fake = G(l)
        # D update on real and (detached) fake pairs.
        optD.zero_grad(set_to_none=True)
        real_logits, fake_logits = D(l, ab), D(l, fake.detach())
        d_real = bce(real_logits, torch.ones_like(real_logits))
        d_fake = bce(fake_logits, torch.zeros_like(fake_logits))
        d_loss = a.d_factor * (d_real + d_fake)
        d_loss.backward()
        optD.step()
        # G update through the updated D, D's parameters not stepped.
        optG.zero_grad(set_to_none=True)
        for q in D.parameters():
            q.requires_grad_(False)
        logits = D(l, fake)
        g_gan = bce(logits, torch.ones_like(logits))
        g_l1 = (fake - ab).abs().mean()
        (g_gan + a.lam * g_l1).backward()
        optG.step()
        for q in D.parameters():
            q.requires_grad_(True)
        step += 1
        if step % 25 == 0 or step == a.steps:
            now = time.time()
            ips = (step - last_step) * a.batch / (now - last_t)
            last_t, last_step = now, step
            done = now - t0
            eta = (a.steps - step) * a.batch / max(ips, 1e-9)
            rec = {"step": step, "images": step * a.batch, "lr": lr, "g_gan": g_gan.item(), "g_l1": g_l1.item(),
                   "d_real": d_real.item(), "d_fake": d_fake.item(), "d": d_loss.item(), "img_per_s": ips, "elapsed_s": done}
            log.write(json.dumps(rec) + "\n"); log.flush()
            print(f"step {step}/{a.steps} {ips:.1f} img/s eta {eta/60:.1f} min  G_gan {rec['g_gan']:.3f} "
                  f"G_L1 {rec['g_l1']:.4f} D {rec['d']:.3f}", flush=True)
        if step % a.sample_every == 0 or step == a.steps:
            sample_sheet(G, val, out / "samples" / f"step-{step:06d}.png", a.normalization == "moving", a.hints)
        if step % a.ckpt_every == 0 or step == a.steps:
            tmp = out / "checkpoint.tmp"
            torch.save({"G": G.state_dict(), "D": D.state_dict(), "optG": optG.state_dict(), "optD": optD.state_dict(),
                        "step": step, "elapsed": time.time() - t0, "gen": gen.get_state(), "torch_rng": torch.get_rng_state(),
                        "config": vars(a)}, tmp)
            os.replace(tmp, ckpt)
    print(f"done: {step} steps in {(time.time() - t0) / 60:.1f} min", flush=True)


if __name__ == "__main__":
    main()
