#!/usr/bin/env python3
"""CPU Python baseline timings for the per-pixel family, on the same ops and sizes as the JMH
suite PixelStatisticsBenchmark (random probabilities, float32 input; the numpy re-statements in
heuristics.py compute in float64 as written from the spec). Prints one JSON object per op:
{"op", "size", "ms"} where ms is the median time per frame over --reps runs after one warm-up.

Usage: bench_cpu.py [--size 320x240x40x20] [--reps 5] [--ops entropy,...]
"""
import argparse
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import heuristics as h  # noqa: E402

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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", default="320x240x40x20")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--ops", default=",".join(OPS))
    a = ap.parse_args()
    w, hh, c, t = (int(x) for x in a.size.split("x"))
    for op in a.ops.split(","):
        samples = random_probs(t if op in MC else 1, c, w * hh, 42)
        OPS[op](samples)  # warm-up
        times = []
        for _ in range(a.reps):
            t0 = time.perf_counter()
            OPS[op](samples)
            times.append((time.perf_counter() - t0) * 1e3)
        print(json.dumps({"op": op, "size": a.size, "ms": float(np.median(times))}), flush=True)


if __name__ == "__main__":
    main()
