"""U2PL's training losses (ALGORITHMS.md 5(a)), re-stated in numpy from the spec.

The independent cross-check of activeseg's U2plUnsupervisedLoss, U2plContrastiveLoss and
MemoryBank. Negatives come from u2pl.py's statement of the masks.

  unsup DIR PERCENT_UNRELIABLE
    reads  DIR/logits.npy  float32 (N, C, H, W) student logits
           DIR/target.npy  int32 (N*H*W) pseudo-labels, 255 = not taken
           DIR/entropy.npy float32 (N*H*W) teacher entropy
    prints "loss kept thresh": thresh = np.percentile(entropy[valid], 100 - PERCENT_UNRELIABLE),
           kept = valid & entropy < thresh, loss = (N*H*W / kept) * mean CE over kept

  contra DIR MODE LABELLED CAPACITY TEMPERATURE ANCHOR_THRESHOLD LOW_RANK HIGH_RANK
    reads  DIR/rep.npy, rep_teacher.npy float32 (N, D, h, w); probs.npy float32 (N, C, h, w)
           DIR/label.npy int32 (N*h*w); low.npy, high.npy uint8 (N*h*w)
           DIR/bank_keys.npy float32 (C, CAPACITY, D), bank_count.npy int32 (C): the bank before the call
           DIR/anchors_<i>.npy, keys_<i>.npy int32: the i-th valid class's drawn anchor pixels (Q)
                and bank indices (Q*K), present for the classes that drew
    writes DIR/bank_keys_after.npy, bank_count_after.npy
    prints "loss valid_classes"
"""
import sys

import numpy as np

from u2pl import negatives

IGNORE = 255


def unsup(d, percent_unreliable):
    z = np.load(f"{d}/logits.npy").astype(np.float64)
    n, c, h, w = z.shape
    target = np.load(f"{d}/target.npy").reshape(n, h, w)
    ent = np.load(f"{d}/entropy.npy").reshape(n, h, w)
    valid = target != IGNORE
    thresh = np.percentile(ent[valid].flatten(), 100 - percent_unreliable)
    kept = valid & ~(ent >= thresh)
    k = int(kept.sum())
    if k == 0:
        return 0.0, 0, float(thresh)
    logp = z - z.max(axis=1, keepdims=True)
    logp = logp - np.log(np.exp(logp).sum(axis=1, keepdims=True))
    t = np.where(kept, target, 0)
    ce = -np.take_along_axis(logp, t[:, None], axis=1)[:, 0]
    loss = (n * h * w / k) * ce[kept].mean()
    return float(loss), k, float(thresh)


def cosine(a, f):
    """torch.cosine_similarity along the last axis: a.f / max(|a||f|, 1e-8)."""
    num = (a * f).sum(axis=-1)
    den = np.maximum(np.linalg.norm(a, axis=-1) * np.linalg.norm(f, axis=-1), 1e-8)
    return num / den


def contra(d, mode, labelled, capacity, temperature, anchor_threshold, low_rank, high_rank):
    rep = np.load(f"{d}/rep.npy").astype(np.float64)
    rep_t = np.load(f"{d}/rep_teacher.npy")
    probs = np.load(f"{d}/probs.npy")
    n, dim, h, w = rep.shape
    c = probs.shape[1]
    feat = rep.transpose(0, 2, 3, 1).reshape(-1, dim)
    feat_t = rep_t.transpose(0, 2, 3, 1).reshape(-1, dim)
    p = probs.transpose(1, 0, 2, 3).reshape(c, -1)
    label = np.load(f"{d}/label.npy").astype(np.int64)
    low = np.load(f"{d}/low.npy").astype(bool)
    high = np.load(f"{d}/high.npy").astype(bool)
    labelled_px = np.zeros(label.shape, dtype=bool)
    labelled_px[: labelled * h * w] = True
    keys = np.load(f"{d}/bank_keys.npy")
    count = np.load(f"{d}/bank_count.npy")
    bank = [keys[k, : count[k]].copy() for k in range(c)]
    neg = negatives(p, label, labelled_px, high, low_rank, high_rank, mode)
    anchors, proto, valid = [], [], []
    for k in range(c):
        low_valid = (label == k) & low
        anchors.append(np.nonzero(low_valid & (p[k] > anchor_threshold))[0])
        proto.append(feat_t[low_valid].astype(np.float64).mean(axis=0) if low_valid.any() else None)
        if low_valid.any():
            valid.append(k)
        new = feat_t[neg[k]]
        bank[k] = np.concatenate([bank[k], new])[-capacity:]
    after_keys = np.zeros_like(keys)
    after_count = np.zeros(c, dtype=np.int32)
    for k in range(c):
        after_keys[k, : len(bank[k])] = bank[k]
        after_count[k] = len(bank[k])
    np.save(f"{d}/bank_keys_after.npy", after_keys)
    np.save(f"{d}/bank_count_after.npy", after_count)
    v = len(valid)
    if v <= 1:
        return 0.0, v
    total = 0.0
    for i in range(v):
        own = i if mode == "compat" else valid[i]
        bank_class = valid[i]
        try:
            picked = np.load(f"{d}/anchors_{i}.npy")
            drawn = np.load(f"{d}/keys_{i}.npy")
        except FileNotFoundError:
            assert len(anchors[own]) == 0 or len(bank[bank_class]) == 0, f"class {i} should have drawn"
            continue
        assert np.isin(picked, anchors[own]).all(), f"class {i}: an anchor outside the candidates"
        q = len(picked)
        a = feat[picked]
        negs = bank[bank_class][drawn].astype(np.float64).reshape(q, -1, dim)
        allf = np.concatenate([np.repeat(proto[own][None, None, :], q, axis=0), negs], axis=1)
        s = cosine(a[:, None, :], allf) / temperature
        m = s.max(axis=1, keepdims=True)
        lse = m[:, 0] + np.log(np.exp(s - m).sum(axis=1))
        total += (lse - s[:, 0]).mean()
    return float(total / v), v


def main(argv):
    if argv[1] == "unsup":
        loss, kept, thresh = unsup(argv[2], float(argv[3]))
        print(f"{loss!r} {kept} {thresh!r}")
    elif argv[1] == "contra":
        loss, v = contra(argv[2], argv[3], int(argv[4]), int(argv[5]), float(argv[6]), float(argv[7]), int(argv[8]),
                         int(argv[9]))
        print(f"{loss!r} {v}")
    else:
        raise SystemExit(f"unknown check {argv[1]!r}; use unsup or contra")


if __name__ == "__main__":
    main(sys.argv)
