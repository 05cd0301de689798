"""U2PL's entropy-based reliability split (ALGORITHMS.md 5(a), 5(f)), re-stated in numpy from the spec.

The independent cross-check of activeseg's ReliabilitySplit. For one batch of C-class teacher
probabilities over P pixels it computes:

  entropy      H = -sum_c p_c ln(p_c + 1e-10), accumulated in float64 in class order, stored float32
  schedules    percent_unreliable = (100 - drop_percent) * (1 - epoch / epochs)
               alpha_t            = alpha0 * (1 - epoch / epochs)          (integer epoch)
  thresholds   np.percentile over the unlabelled valid pixels' float32 H (default 'linear',
               q a Python float, as U2PL calls it):
                 thresh   = percentile(H, 100 - percent_unreliable)   (unsupervised loss)
                 low_thr  = percentile(H, alpha_t)                    (contrastive low mask)
                 high_thr = percentile(H, 100 - alpha_t)              (contrastive high mask)
  masks        reliable = valid_u & H < thresh   (the other valid_u pixels are ignored as 255)
               low      = valid_u & H <= low_thr
               high     = valid_u & H >= high_thr
               where valid_u = valid & ~labelled
  negatives    (C, P) negative-key masks. A pixel takes part when it is in the contrastive
               high mask, which for labelled pixels is every valid pixel (5(a)). Class ranks
               come from a stable descending sort of the pixel's probabilities (ties rank by
               class index). Candidates: labelled pixels, rank < low_rank and label != c;
               unlabelled pixels, low_rank <= rank < high_rank. Both modes need p_c < 1.
                 paper:  candidate & label != c        (the paper's definition; the default)
                 compat: candidate & label == c        (the code's onehot(label) * high_mask,
                                                        U2PL issue #171: labelled pixels never
                                                        produce negatives)

Usage: python3 u2pl.py DIR EPOCH EPOCHS [--drop-percent 80] [--alpha0 20] [--low-rank 3] [--high-rank 20]
  reads  DIR/probs.npy    float32 (C, P) teacher probabilities
         DIR/valid.npy    uint8 (P), 1 = valid (not ignore-labelled)
         DIR/labelled.npy uint8 (P), 1 = pixel of a labelled image
         DIR/label.npy    int32 (P), GT label (labelled) or pseudo-label (unlabelled); any value
                          (e.g. 255) where the pixel is invalid
  writes DIR/entropy.npy    float32 (P)
         DIR/thresholds.npy float32 (3,): thresh, low_thr, high_thr
         DIR/reliable.npy, low.npy, high.npy uint8 (P)
         DIR/neg_paper.npy, neg_compat.npy   uint8 (C, P)
"""
import argparse
import os

import numpy as np

ENTROPY_EPS = 1e-10


def entropy(probs):
    """probs (C, P) float32 -> H (P) float32, accumulated in float64 in class order."""
    acc = np.zeros(probs.shape[1], dtype=np.float64)
    for row in probs.astype(np.float64):
        acc -= row * np.log(row + ENTROPY_EPS)
    return acc.astype(np.float32)


def percent_unreliable(drop_percent, epoch, epochs):
    return (100 - drop_percent) * (1 - epoch / epochs)


def alpha_t(alpha0, epoch, epochs):
    return alpha0 * (1 - epoch / epochs)


def ranks(probs):
    """rank[c, i]: position of class c in pixel i's stable descending sort of probabilities."""
    order = np.argsort(-probs, axis=0, kind="stable")
    r = np.empty_like(order)
    np.put_along_axis(r, order, np.arange(probs.shape[0])[:, None].repeat(probs.shape[1], axis=1), axis=0)
    return r


def negatives(probs, label, labelled, high_all, low_rank, high_rank, mode):
    c = np.arange(probs.shape[0])[:, None]
    r = ranks(probs)
    is_label = label[None, :] == c
    candidate = np.where(labelled[None, :], (r < low_rank) & ~is_label, (r >= low_rank) & (r < high_rank))
    label_factor = ~is_label if mode == "paper" else is_label
    return high_all[None, :] & candidate & label_factor & (probs < 1.0)


def split(probs, valid, labelled, label, epoch, epochs, drop_percent=80.0, alpha0=20.0, low_rank=3, high_rank=20):
    h = entropy(probs)
    valid_u = valid & ~labelled
    hu = h[valid_u]
    thresh = np.percentile(hu, 100 - percent_unreliable(drop_percent, epoch, epochs))
    a = alpha_t(alpha0, epoch, epochs)
    low_thr = np.percentile(hu, a)
    high_thr = np.percentile(hu, 100 - a)
    reliable = valid_u & (h < thresh)
    low = valid_u & (h <= low_thr)
    high = valid_u & (h >= high_thr)
    high_all = np.where(labelled, valid, high)
    return {
        "entropy": h,
        "thresholds": np.array([thresh, low_thr, high_thr], dtype=np.float32),
        "reliable": reliable,
        "low": low,
        "high": high,
        "neg_paper": negatives(probs, label, labelled, high_all, low_rank, high_rank, "paper"),
        "neg_compat": negatives(probs, label, labelled, high_all, low_rank, high_rank, "compat"),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir")
    ap.add_argument("epoch", type=int)
    ap.add_argument("epochs", type=int)
    ap.add_argument("--drop-percent", type=float, default=80.0)
    ap.add_argument("--alpha0", type=float, default=20.0)
    ap.add_argument("--low-rank", type=int, default=3)
    ap.add_argument("--high-rank", type=int, default=20)
    a = ap.parse_args()
    probs = np.load(os.path.join(a.dir, "probs.npy"))
    assert probs.dtype == np.float32 and probs.ndim == 2, f"probs.npy: {probs.dtype} {probs.shape}, expected float32 (C, P)"
    valid = np.load(os.path.join(a.dir, "valid.npy")).astype(bool)
    labelled = np.load(os.path.join(a.dir, "labelled.npy")).astype(bool)
    label = np.load(os.path.join(a.dir, "label.npy")).astype(np.int64)
    out = split(probs, valid, labelled, label, a.epoch, a.epochs, a.drop_percent, a.alpha0, a.low_rank, a.high_rank)
    for name, v in out.items():
        np.save(os.path.join(a.dir, name + ".npy"), v.astype(np.uint8) if v.dtype == bool else v)


if __name__ == "__main__":
    main()
