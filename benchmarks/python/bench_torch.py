#!/usr/bin/env python3
"""Times the PyTorch baselines of torch_baselines.py on one device (cuda when available), at the
sizes listed below, and the device's copy bandwidth. Prints one JSON object per line:

  {"op", "size", "ms", "bytes", "wall_ms", "reps", "device"}

ms: median over --reps timed runs (after --warmup untimed ones) of CUDA events recorded around the
call on the current stream (time.perf_counter on cpu); the call's own host syncs (.item(), .cpu())
fall between the events, so they are counted. wall_ms: median host time of the same runs, with a
torch.cuda.synchronize() before and after. Inputs are resident on the device before timing, as
in the reference code (its probabilities live on the GPU). bytes: the least traffic the op needs
(inputs read once, outputs written once), the numerator of effective GB/s; for d2d-copy it counts
read + write, like the copy bandwidth figures in the device notes.

ops and sizes (op names match gpu_report.py's mapping):
  d2d-copy          1GiB: x.copy_(y) device to device
  entropy, least-confidence, margin          WxHxC (320x240x40, 1024x2048x19), one (C, H, W) map
  mc-entropy, vote-entropy, bald             WxHxCxT (T = 20), one (T, C, H, W) batch
  viewal-scores     320x240x40 N=25 | N=200: VE + VD of every frame of a scene (the reference's
                    per-target loop). N=200 projects the sources --viewal-chunk frames at a time
                    (default 50): the unchunked reference would hold (N*P, C) float32 KL terms plus
                    temporaries, about 2.5 GB each at N=200, several at once; chunking changes no
                    result (check_torch_baselines.py checks chunk=1 against unchunked).
                    --scene25 / --scene200 DIR read SceneInputs' layout (benchmarks/src/.../
                    SceneInputs.java), so the JMH and torch runs score the same scene; without
                    them a synthetic scene is made here (a camera panning over a wall 2-3 m away).
  superpixel-means  320x240 S=42 (ids 0..41) | 320x240 S=42 sparse (42 ids in 0..65534): the
                    reference's Python loop with one boolean mask and host read per id
  ripu-ra           2048x1024x19 regions=1026: conv2d maps + the serial greedy loop
  ripu-greedy       2048x1024x19 regions=1026: the serial greedy loop alone on a ready score map
  u2pl-split        2x769x769x19: entropy on the device, three np.percentile calls on the host

Usage: bench_torch.py [--device cuda] [--ops a,b,...] [--reps 10] [--warmup 2]
                      [--scene25 DIR] [--scene200 DIR] [--viewal-chunk 50]
                      [--viewal-frames 25,200] [--pixel-sizes 320x240x40,1024x2048x19]
"""
import argparse
import json
import math
import os
import statistics
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_baselines as tb  # noqa: E402

PIXEL_SIZES = ["320x240x40", "1024x2048x19"]
T = 20
ALL_OPS = ["d2d-copy", "entropy", "least-confidence", "margin", "mc-entropy", "vote-entropy", "bald",
           "viewal-scores", "superpixel-means", "ripu-ra", "ripu-greedy", "u2pl-split"]


class Timer:
    def __init__(self, dev, reps, warmup):
        self.dev, self.reps, self.warmup = dev, reps, warmup

    def sync(self):
        if self.dev.type == "cuda":
            torch.cuda.synchronize(self.dev)

    def __call__(self, fn, reps=None):
        reps = reps or self.reps
        for _ in range(self.warmup):
            fn()
        self.sync()
        ms, wall = [], []
        for _ in range(reps):
            self.sync()
            w0 = time.perf_counter()
            if self.dev.type == "cuda":
                start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
                start.record()
                fn()
                end.record()
                end.synchronize()
                ms.append(start.elapsed_time(end))
            else:
                fn()
            self.sync()
            wall.append((time.perf_counter() - w0) * 1e3)
            if self.dev.type != "cuda":
                ms.append(wall[-1])
        return statistics.median(ms), statistics.median(wall), reps


def random_probs(shape, dim, dev, seed):
    """Random weights, a tenth of them zero, squared and normalised over `dim` (like the JMH inputs)."""
    g = torch.Generator(device=dev).manual_seed(seed)
    w = torch.rand(shape, generator=g, device=dev)
    w = torch.where(w < 0.1, torch.zeros_like(w), w * w)
    s = w.sum(dim=dim, keepdim=True)
    return torch.where(s > 0, w / s, torch.full_like(w, 1.0 / shape[dim]))


def synthetic_scene(n, w, h, c, seed=7):
    """depth (N,H,W), intrinsics (N,4), pose (N,4,4) cam2world, probs (N,C,P): cameras translating
    and turning slowly in front of a wall at 2-3 m, 5 % invalid depth."""
    rng = np.random.default_rng(seed)
    depth = (2.0 + 0.2 * np.sin(np.arange(w) / 17.0)[None, None, :] + rng.random((n, h, w)) * 0.05).astype(np.float32)
    depth[rng.random((n, h, w)) < 0.05] = 0
    intr = np.tile(np.array([[0.9 * w, 0.9 * w, (w - 1) / 2 + 0.25, (h - 1) / 2 + 0.25]], dtype=np.float32), (n, 1))
    pose = np.zeros((n, 4, 4), dtype=np.float32)
    for f in range(n):
        a = 0.3 * math.sin(2 * math.pi * f / max(n, 1))
        pose[f, :3, :3] = [[math.cos(a), 0, math.sin(a)], [0, 1, 0], [-math.sin(a), 0, math.cos(a)]]
        pose[f, :3, 3] = [0.5 * math.sin(2 * math.pi * f / max(n, 1)), 0.02 * f / max(n, 1), 0]
        pose[f, 3, 3] = 1
    logits = rng.standard_normal((n, c, h * w), dtype=np.float32)
    probs = np.exp(logits)
    probs /= probs.sum(axis=1, keepdims=True)
    return depth, intr, pose, probs


def load_scene(directory):
    """SceneInputs' layout: scene0_{depth,intrinsics,pose,probs}.npy, probs (N, T, C, P) -> MC mean."""
    load = lambda name: np.load(os.path.join(directory, f"scene0_{name}.npy"))
    return load("depth"), load("intrinsics"), load("pose"), load("probs").astype(np.float32).mean(axis=1)


def emit(op, size, timing, nbytes, dev, **extra):
    ms, wall, reps = timing
    print(json.dumps(dict(op=op, size=size, ms=ms, bytes=int(nbytes), wall_ms=wall, reps=reps,
                          device=str(dev), **extra)), flush=True)


def bench_copy(timer, dev):
    n = (1 << 30) // 4
    src = torch.empty(n, dtype=torch.float32, device=dev).fill_(1.0)
    dst = torch.empty_like(src)
    timing = timer(lambda: dst.copy_(src))
    emit("d2d-copy", "1GiB", timing, 2 * n * 4, dev,
         gbps=2 * n * 4 / timing[0] / 1e6)
    del src, dst


def bench_heuristics(timer, dev, ops, sizes):
    for size in sizes:
        w, h, c = (int(x) for x in size.split("x"))
        p = w * h
        single = random_probs((c, h, w), 0, dev, 42)
        batch = None
        for op in ops:
            fn = tb.HEURISTICS[op]
            if op in tb.MC_HEURISTICS:
                if batch is None:
                    batch = random_probs((T, c, h, w), 1, dev, 43)
                emit(op, f"{size}x{T}", timer(lambda: fn(batch)), (T * c + 1) * p * 4, dev)
            else:
                emit(op, size, timer(lambda: fn(single)), (c + 1) * p * 4, dev)
        del single, batch
        if dev.type == "cuda":
            torch.cuda.empty_cache()


def bench_viewal(timer, dev, a):
    for n in (int(x) for x in a.viewal_frames.split(",")):
        directory = {25: a.scene25, 200: a.scene200}.get(n)
        depth, intr, pose, probs = load_scene(directory) if directory else synthetic_scene(n, 320, 240, 40)
        n, h, w = depth.shape
        c = probs.shape[1]
        scene = tb.ViewAlScene(depth, intr, pose, probs, dtype=torch.float32, dev=dev)
        chunk = None if n <= 25 else a.viewal_chunk
        landed = scene.view_statistics(project_invalid=False, chunk_frames=chunk)[2]
        nbytes = n * h * w * (c + 1 + 2) * 4  # probs + depth in, VE + VD out
        emit("viewal-scores", f"{w}x{h}x{c} N={n}",
             timer(lambda: scene.view_statistics(project_invalid=False, chunk_frames=chunk),
                   reps=max(1, min(a.reps, 3 if n > 25 else a.reps))),
             nbytes, dev, frames=n, chunk_frames=chunk, points_landed=int(landed.sum().item()),
             source="scene " + directory if directory else "synthetic")
        del scene
        if dev.type == "cuda":
            torch.cuda.empty_cache()


def bench_superpixels(timer, dev):
    h, w, s = 240, 320, 42
    g = torch.Generator(device="cpu").manual_seed(3)
    values = torch.rand((h, w), generator=g).to(dev)
    dense = (torch.arange(h)[:, None] // 40 * 7 + torch.arange(w)[None, :] // 46).clamp(max=s - 1)
    sparse_ids = torch.sort(torch.randperm(65535, generator=g)[:s]).values
    for name, spx in (("", dense), (" sparse", sparse_ids[dense])):
        spx = spx.to(torch.int32).to(dev)
        assert torch.unique(spx).numel() == s
        emit("superpixel-means", f"{w}x{h} S={s}{name}", timer(lambda: tb.superpixel_means_loop(values, spx)),
             h * w * 8 + s * 4, dev)


def bench_ripu(timer, dev, ops):
    w, h, c, regions = 2048, 1024, 19, 1026
    probs = random_probs((c, h, w), 0, dev, 5)
    size = f"{w}x{h}x{c} regions={regions}"
    nbytes = (c + 1) * h * w * 4
    if "ripu-ra" in ops:
        emit("ripu-ra", size, timer(lambda: tb.ripu_ra(probs, regions), reps=min(timer.reps, 5)), nbytes, dev)
    if "ripu-greedy" in ops:
        score = tb.ripu_ra_maps(probs)[2]
        emit("ripu-greedy", size, timer(lambda: tb.ripu_greedy(score, 2, regions), reps=min(timer.reps, 5)),
             h * w * 4, dev)


def bench_u2pl(timer, dev):
    b, h, w, c = 2, 769, 769, 19
    probs = random_probs((b, c, h, w), 1, dev, 9)
    valid = torch.rand((b, h, w), device=dev) > 0.05
    labelled = torch.zeros((b, h, w), dtype=torch.bool, device=dev)
    emit("u2pl-split", f"{b}x{h}x{w}x{c}", timer(lambda: tb.u2pl_split(probs, valid, labelled, 10, 200)),
         b * h * w * (c * 4 + 2 + 3), dev)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--device")
    ap.add_argument("--ops", default=",".join(ALL_OPS))
    ap.add_argument("--reps", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--scene25")
    ap.add_argument("--scene200")
    ap.add_argument("--viewal-chunk", type=int, default=50)
    ap.add_argument("--viewal-frames", default="25,200", help="scene sizes to time (a CPU smoke test: 3)")
    ap.add_argument("--pixel-sizes", default=",".join(PIXEL_SIZES))
    a = ap.parse_args()
    dev = tb.device(a.device)
    ops = a.ops.split(",")
    unknown = set(ops) - set(ALL_OPS)
    if unknown:
        ap.error(f"unknown ops {sorted(unknown)}; known: {ALL_OPS}")
    timer = Timer(dev, a.reps, a.warmup)
    name = torch.cuda.get_device_name(dev) if dev.type == "cuda" else "cpu"
    print(json.dumps(dict(op="device", name=name, torch=torch.__version__)), flush=True)
    if "d2d-copy" in ops:
        bench_copy(timer, dev)
    pixel_ops = [o for o in ops if o in tb.HEURISTICS]
    if pixel_ops:
        bench_heuristics(timer, dev, pixel_ops, a.pixel_sizes.split(","))
    if "viewal-scores" in ops:
        bench_viewal(timer, dev, a)
    if "superpixel-means" in ops:
        bench_superpixels(timer, dev)
    if "ripu-ra" in ops or "ripu-greedy" in ops:
        bench_ripu(timer, dev, ops)
    if "u2pl-split" in ops:
        bench_u2pl(timer, dev)
    return 0


if __name__ == "__main__":
    sys.exit(main())
