"""RIPU scoring maps and greedy selection (ALGORITHMS.md 3(a)), re-stated in numpy from the spec.

A CPU baseline and the independent cross-check of activeseg's RegionOps / ripu methods.
Box sums use zero padding (in-image counts); the greedy loop is the reference's literal
serial argmax: the first maximum in column-major order (smallest column w, then row h).

Usage: python3 ripu.py ra|pa DIR H W K NORM COUNT
  reads DIR/probs.npy (T, C, H*W) and optional DIR/blocked.npy (int32 H*W, 1 = blocked);
  writes DIR/impurity.npy, uncertainty.npy (RA: window mean entropy; PA: pixel entropy),
  score.npy (float32, H*W) and picks.npy (int32, flat y*W+x in pick order).
  NORM is the entropy divisor (ln C, ln 19; PA uses 1).
"""
import sys

import numpy as np

EPS = 1e-6


def entropy_argmax(probs, norm):
    """probs (T, C, P): MC mean, entropy -sum p ln(p+1e-6)/norm and first-max argmax."""
    p = probs.astype(np.float64).mean(axis=0)
    e = -(p * np.log(p + EPS)).sum(axis=0) / norm
    return e, p.argmax(axis=0)


def box_sum(a, k):
    """s x s box sum (s = 2k+1) of a 2-D array with zero padding."""
    h, w = a.shape
    ii = np.zeros((h + 1, w + 1), dtype=np.float64)
    ii[1:, 1:] = a.astype(np.float64).cumsum(0).cumsum(1)
    y = np.arange(h)
    x = np.arange(w)
    y0 = np.clip(y - k, 0, h)[:, None]
    y1 = np.clip(y + k + 1, 0, h)[:, None]
    x0 = np.clip(x - k, 0, w)[None, :]
    x1 = np.clip(x + k + 1, 0, w)[None, :]
    return ii[y1, x1] - ii[y0, x1] - ii[y1, x0] + ii[y0, x0]


def impurity(label, classes, k, norm):
    """Region impurity -sum_c (n_c/count) ln(n_c/count + 1e-6) / norm over the clipped window."""
    count = box_sum(np.ones(label.shape), k)
    out = np.zeros(label.shape, dtype=np.float64)
    for c in range(classes):
        q = box_sum((label == c).astype(np.float64), k) / count
        out -= q * np.log(q + EPS)
    return out / norm, count


def ra_maps(probs, h, w, k, norm):
    e, label = entropy_argmax(probs, norm)
    e = e.astype(np.float32).reshape(h, w)
    imp, count = impurity(label.reshape(h, w), probs.shape[1], k, norm)
    unc = box_sum(e, k) / count
    imp = imp.astype(np.float32)
    unc = unc.astype(np.float32)
    return imp, unc, imp * unc


def pa_maps(probs, h, w, k):
    e, label = entropy_argmax(probs, 1.0)
    e = e.astype(np.float32).reshape(h, w)
    imp, _ = impurity(label.reshape(h, w), probs.shape[1], k, 1.0)
    imp = imp.astype(np.float32)
    return imp, e, e * imp


def greedy(score, suppress, count, blocked=None):
    """The reference loop: count full-map argmaxes, each suppressing a (2r+1)^2 square to -inf.

    argmax over score.T flattened = first maximum in column-major order. Stops when every
    pixel is -inf (the reference would keep re-picking; activeseg stops there)."""
    s = score.astype(np.float32).copy()
    h, w = s.shape
    if blocked is not None:
        s[blocked] = -np.inf
    picks = []
    for _ in range(count):
        j = int(np.argmax(s.T))
        x, y = divmod(j, h)
        if s[y, x] == -np.inf:
            break
        picks.append(y * w + x)
        s[max(0, y - suppress):y + suppress + 1, max(0, x - suppress):x + suppress + 1] = -np.inf
    return np.array(picks, dtype=np.int32)


def main(argv):
    mode, d, h, w, k, norm, count = argv[1], argv[2], int(argv[3]), int(argv[4]), int(argv[5]), float(argv[6]), int(argv[7])
    probs = np.load(f"{d}/probs.npy")
    try:
        blocked = np.load(f"{d}/blocked.npy").reshape(h, w).astype(bool)
    except FileNotFoundError:
        blocked = None
    if mode == "ra":
        imp, unc, score = ra_maps(probs, h, w, k, norm)
        suppress = 2 * k
    elif mode == "pa":
        imp, unc, score = pa_maps(probs, h, w, k)
        suppress = k
    else:
        raise SystemExit(f"unknown mode {mode!r}: expected ra or pa")
    np.save(f"{d}/impurity.npy", imp.reshape(-1).astype(np.float32))
    np.save(f"{d}/uncertainty.npy", unc.reshape(-1).astype(np.float32))
    np.save(f"{d}/score.npy", score.reshape(-1).astype(np.float32))
    np.save(f"{d}/picks.npy", greedy(score, suppress, count, blocked))


if __name__ == "__main__":
    main(sys.argv)
