#!/usr/bin/env python3
"""CPU Python baseline timings on the same ops and sizes as the JMH suites PixelStatisticsBenchmark
and ScoringMethodsBenchmark (the numpy re-statements in heuristics.py, viewal.py and ripu.py,
which compute in float64 as written from the spec). Prints one JSON object per op:
{"op", "size", "ms"} where ms is the median time per frame (per scene for viewal-scene) over
--reps runs after one warm-up.

Usage: bench_cpu.py [--size 320x240x40x20] [--reps 5] [--ops entropy,...]
                    [--scene DIR (viewal-scene)] [--ripu-size 2048x1024x19 --regions 1026 (ripu-ra)]
"""
import argparse
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import heuristics as h  # noqa: E402
import ripu  # noqa: E402
import viewal  # noqa: E402

OPS = {
    "entropy": lambda s: h.statistic(s[0], "entropy-log2"),
    "least-confidence": lambda s: h.statistic(s[0], "least-confidence"),
    "margin": lambda s: h.statistic(s[0], "margin"),
    "mc-entropy": h.mc_entropy,
    "vote-entropy": h.vote_entropy,
    "bald": h.bald,
}
MC = {"mc-entropy", "vote-entropy", "bald"}


def random_probs(t, c, p, seed):
    rng = np.random.default_rng(seed)
    w = rng.random((t, c, p), dtype=np.float32)
    w[w < 0.1] = 0  # a tenth of them zero, like the JMH generator
    w[:, 0, :] += 1e-3
    return (w / w.sum(axis=1, keepdims=True)).astype(np.float32)


def viewal_scene(directory):
    """View statistics + superpixel coverage of scene0 in DIR (written by SceneInputs)."""
    load = lambda name: np.load(os.path.join(directory, f"scene0_{name}.npy"))
    depth, intr, pose = load("depth"), load("intrinsics").astype(np.float64), load("pose").astype(np.float64)
    probs = load("probs").astype(np.float64).mean(axis=1)
    spx = load("spx")
    views = [(depth[f], intr[f], pose[f]) for f in range(depth.shape[0])]
    shape = "x".join(str(x) for x in (depth.shape[2], depth.shape[1], probs.shape[1])) + f" N={depth.shape[0]}"
    return shape, lambda: (viewal.view_statistics(views, probs, 1.0, False), viewal.coverage(views, spx, 1.0, False))


def ripu_ra(size, regions):
    w, hh, c = (int(x) for x in size.split("x"))
    probs = random_probs(1, c, w * hh, 5)

    def run():
        _, _, score = ripu.ra_maps(probs, hh, w, 1, np.log(c))
        return ripu.greedy(score, 2, regions)
    return size + f" regions={regions}", run


def timed(fn, reps):
    fn()  # warm-up
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    return float(np.median(times))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", default="320x240x40x20")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--ops", default=",".join(OPS))
    ap.add_argument("--scene")
    ap.add_argument("--ripu-size", default="2048x1024x19")
    ap.add_argument("--regions", type=int, default=1026)
    a = ap.parse_args()
    w, hh, c, t = (int(x) for x in a.size.split("x"))
    for op in a.ops.split(","):
        if op == "viewal-scene":
            size, fn = viewal_scene(a.scene)
        elif op == "ripu-ra":
            size, fn = ripu_ra(a.ripu_size, a.regions)
        else:
            samples = random_probs(t if op in MC else 1, c, w * hh, 42)
            size, fn = a.size, (lambda s=samples, o=op: OPS[o](s))
        print(json.dumps({"op": op, "size": size, "ms": timed(fn, a.reps)}), flush=True)


if __name__ == "__main__":
    main()
