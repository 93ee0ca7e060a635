"""Keep what export and fine-tuning need of a train.py checkpoint: the networks, step, time and config.

Drops the Adam states and RNG state (42 MB -> 14 MB at ngf 16), to carry a checkpoint to or from
the GPU machine. `train.py --init` takes a slim checkpoint (Adam then starts afresh).
Usage: python3 slim_checkpoint.py IN.pt OUT.pt [--half] [--generator-only] [--init PATH]
"""
from __future__ import annotations

import argparse

import torch


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("src")
    p.add_argument("dst")
    p.add_argument("--half", action="store_true", help="float16 networks (half the size; for an --init only)")
    p.add_argument("--generator-only", action="store_true", help="drop D too (all export needs; --init then starts a new D)")
    p.add_argument("--init", help="rewrite the config's --init, where the parent checkpoint lies on this machine")
    a = p.parse_args()
    s = torch.load(a.src, map_location="cpu", weights_only=False)  # our own file, with RNG state and config
    dtype = torch.float16 if a.half else torch.float32
    nets = {k: {n: (t.to(dtype) if t.is_floating_point() else t) for n, t in s[k].items()} for k in (("G",) if a.generator_only else ("G", "D"))}
    config = dict(s["config"])
    if a.init is not None:
        config["init"] = a.init
    torch.save({**nets, "step": s["step"], "elapsed": s["elapsed"], "config": config}, a.dst)


if __name__ == "__main__":
    main()
