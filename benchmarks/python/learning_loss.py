#!/usr/bin/env python3
"""numpy re-statement of Learning Loss's LossPredLoss (ALGORITHMS.md 4(a)), written from the spec.

Usage: learning_loss.py PRED.npy TARGET.npy MARGIN   -> prints the loss
"""
import sys

import numpy as np


def loss_pred_loss(pred, target, margin=1.0):
    pred = np.asarray(pred, dtype=np.float64)
    target = np.asarray(target, dtype=np.float64)
    assert pred.size % 2 == 0, "the batch must be even"
    b = pred.size // 2
    d_pred = (pred - pred[::-1])[:b]
    d_true = (target - target[::-1])[:b]
    sign = 2 * np.sign(np.clip(d_true, 0, None)) - 1  # +1 if d_true > 0 else -1 (ties -1)
    return float(np.sum(np.clip(margin - sign * d_pred, 0, None)) / b)


if __name__ == "__main__":
    print(repr(loss_pred_loss(np.load(sys.argv[1]), np.load(sys.argv[2]), float(sys.argv[3]))))
