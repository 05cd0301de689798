"""RIPU's training losses (ALGORITHMS.md 3(a), "Training losses"), re-stated in numpy from the spec.

The independent cross-check of activeseg's NegativeLearningLoss and LocalConsistencyLoss.

Usage: python3 ripu_losses.py DIR TAU
  reads DIR/logits.npy (float32 N, C, H, W), DIR/labels.npy (int32 N*H*W, 255 = ignore) and
  DIR/take.npy (int32 N*H*W, 1 = the pixel is taken by negative learning);
  prints one line: the negative learning loss, its masked entry count, the local consistency loss
  and its boundary pixel count (losses as Python's repr of a float64).
"""
import sys

import numpy as np

EPS = 1e-6
IGNORE = 255


def softmax(z):
    z = z.astype(np.float64)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def negative_learning(p, take, tau):
    m = (p < tau) & take[:, None, :, :]
    n = int(m.sum())
    return (float((m * -np.log(1 - p + EPS)).sum() / n) if n else 0.0), n


def local_consistency(p, labels):
    n, c, h, w = p.shape
    padded = np.pad(p, ((0, 0), (0, 0), (1, 1), (1, 1)), mode="edge")
    mean = sum(padded[:, :, dy:dy + h, dx:dx + w] for dy in range(3) for dx in range(3)) / 9
    d = np.abs(p - mean).sum(axis=1)
    ids = np.pad(labels.astype(np.int64), ((0, 0), (1, 1), (1, 1)), mode="constant")
    neighbours = sum(ids[:, dy:dy + h, dx:dx + w] for dy in range(3) for dx in range(3)) - labels
    lap = 8 * labels.astype(np.int64) - neighbours
    mask = (lap != 0) & (labels != IGNORE)
    k = int(mask.sum())
    return (float(d[mask].sum() / k) if k else 0.0), k


def main(argv):
    d, tau = argv[1], float(argv[2])
    z = np.load(f"{d}/logits.npy")
    n, c, h, w = z.shape
    labels = np.load(f"{d}/labels.npy").reshape(n, h, w)
    take = np.load(f"{d}/take.npy").reshape(n, h, w).astype(bool)
    p = softmax(z)
    nl, nl_count = negative_learning(p, take, tau)
    lc, lc_count = local_consistency(p, labels)
    print(f"{nl!r} {nl_count} {lc!r} {lc_count}")


if __name__ == "__main__":
    main(sys.argv)
