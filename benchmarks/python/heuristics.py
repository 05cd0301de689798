#!/usr/bin/env python3
"""Per-pixel uncertainty statistics and reductions in numpy, written from ALGORITHMS.md
(sections 0.1, 2.1, 2.2): an independent cross-check of activeseg's PixelOps and a CPU baseline.

    python3 heuristics.py STAT OUT.npy IN.npy [IN2.npy] [--window N] [--k N] [--logits]

Statistics of one map, IN (C, P) -> OUT (P):
  entropy-log2 (ViewAL, -sum p log2(p + 1e-12)), entropy-ln-u2pl (eps 1e-10),
  entropy-ln-ripu (eps 1e-6), entropy-xlogy (baal, ln, 0 log 0 = 0), max-prob,
  least-confidence (1 - max p), margin (p(1) - p(2); 0 for p(2) when C = 1).
  --logits applies a stable softmax over C first.
MC statistics, IN (T, C, P) -> OUT (P):
  mc-entropy (entropy-log2 of the mean), vote-entropy (argmax votes, ties to the lowest
  class, then entropy-log2), bald (H[mean] - mean H, ln with xlogy).
Reductions: reduce-mean | reduce-sum | reduce-max, IN (P) -> OUT (1);
  segment-mean IN (P) IN2 int32 ids (P) -> OUT means (S) by ascending id;
  box-sum IN (H, W) --window N -> OUT (2, H, W): zero-padded window sums, in-image counts;
  topk IN (P) --k N -> OUT int32 (min(k, P)): largest first, ties to the lower index.
"""
import argparse
import sys

import numpy as np

EPS = {"entropy-log2": 1e-12, "entropy-ln-u2pl": 1e-10, "entropy-ln-ripu": 1e-6}


def softmax(x, axis):
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def entropy(p, kind):
    """Entropy over axis 0 of p (C, ...)."""
    p = np.asarray(p, dtype=np.float64)
    if kind == "entropy-xlogy":
        safe = np.where(p > 0, p, 1.0)
        return -np.sum(np.where(p > 0, p * np.log(safe), 0.0), axis=0)
    h = -np.sum(p * np.log(p + EPS[kind]), axis=0)
    return h / np.log(2.0) if kind == "entropy-log2" else h


def statistic(p, kind):
    p = np.asarray(p, dtype=np.float64)
    if kind.startswith("entropy"):
        return entropy(p, kind)
    top = np.sort(p, axis=0)[::-1]
    if kind == "max-prob":
        return top[0]
    if kind == "least-confidence":
        return 1.0 - top[0]
    if kind == "margin":
        second = top[1] if p.shape[0] > 1 else np.zeros_like(top[0])
        return top[0] - second
    raise ValueError("unknown statistic " + kind)


def mc_entropy(samples):
    return entropy(np.asarray(samples, dtype=np.float64).mean(axis=0), "entropy-log2")


def vote_entropy(samples):
    s = np.asarray(samples, dtype=np.float64)
    t, c = s.shape[0], s.shape[1]
    arg = np.argmax(s, axis=1)  # first maximum: ties go to the lowest class
    votes = np.stack([(arg == k).sum(axis=0) for k in range(c)]) / t
    return entropy(votes, "entropy-log2")


def bald(samples):
    s = np.asarray(samples, dtype=np.float64)
    mean_h = np.mean([entropy(x, "entropy-xlogy") for x in s], axis=0)
    return entropy(s.mean(axis=0), "entropy-xlogy") - mean_h


def segment_mean(values, ids):
    ids = np.asarray(ids).astype(np.int64).ravel()
    present, inverse = np.unique(ids, return_inverse=True)
    sums = np.bincount(inverse, weights=np.asarray(values, dtype=np.float64).ravel())
    counts = np.bincount(inverse)
    return sums / counts


def box_sum(values, window):
    v = np.asarray(values, dtype=np.float64)
    r = window // 2
    padded = np.pad(v, r)
    ones = np.pad(np.ones_like(v), r)
    h, w = v.shape
    sums = np.zeros_like(v)
    counts = np.zeros_like(v)
    for dy in range(window):
        for dx in range(window):
            sums += padded[dy:dy + h, dx:dx + w]
            counts += ones[dy:dy + h, dx:dx + w]
    return np.stack([sums, counts])


def topk(values, k):
    v = np.asarray(values, dtype=np.float64).ravel()
    order = np.lexsort((np.arange(v.size), -v))  # by -value, then index
    return order[:k].astype(np.int32)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("stat")
    ap.add_argument("out")
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("--window", type=int, default=3)
    ap.add_argument("--k", type=int, default=1)
    ap.add_argument("--logits", action="store_true")
    a = ap.parse_args(argv)
    x = np.load(a.inputs[0])
    if a.stat in ("mc-entropy", "vote-entropy", "bald"):
        s = softmax(x, 1) if a.logits else x
        out = {"mc-entropy": mc_entropy, "vote-entropy": vote_entropy, "bald": bald}[a.stat](s)
    elif a.stat.startswith("reduce-"):
        fn = {"reduce-mean": np.mean, "reduce-sum": np.sum, "reduce-max": np.max}[a.stat]
        out = np.array([fn(np.asarray(x, dtype=np.float64))])
    elif a.stat == "segment-mean":
        out = segment_mean(x, np.load(a.inputs[1]))
    elif a.stat == "box-sum":
        out = box_sum(x, a.window)
    elif a.stat == "topk":
        np.save(a.out, topk(x, a.k))
        return 0
    else:
        p = softmax(x, 0) if a.logits else x
        out = statistic(p, a.stat)
    np.save(a.out, np.asarray(out, dtype=np.float32))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
