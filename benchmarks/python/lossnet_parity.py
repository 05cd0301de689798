#!/usr/bin/env python3
"""PyTorch re-statement of activeseg's learning-loss module (org.activeseg.model.lossnet), for
LossNetTorchParityTest. Written from ALGORITHMS.md 4(a) (Mephisto405's models/lossnet.py and
main.py's LossPredLoss).

Usage: lossnet_parity.py DIR [--dtype float64|float32]

DIR holds cases.json (a list of cases, written by the Java test) and .npy files per case NAME:

  type "module" (fields: taps K): NAME.x0.npy ... NAME.x{K-1}.npy (tapped feature maps, NCHW),
    NAME.fc{i}.w.npy / NAME.fc{i}.b.npy (tap i's Linear(C_i, hidden)), NAME.head.w.npy /
    NAME.head.b.npy (Linear(K*hidden, 1)), NAME.r.npy (upstream gradient of the prediction,
    (N, 1, 1, 1)). Writes NAME.out.npy (prediction), NAME.gx{i}.npy, NAME.gfc{i}.w.npy,
    NAME.gfc{i}.b.npy, NAME.ghead.w.npy, NAME.ghead.b.npy.
  type "objective" (fields: margin, weight): NAME.pred.npy (N,), NAME.target.npy (N,). Writes
    NAME.out.npy ([L_pred, weight * L_pred]) and NAME.gpred.npy (d(weight * L_pred)/d pred).
  type "per_image_ce" (fields: ignore): NAME.x.npy (logits, NCHW), NAME.y.npy (int32 labels,
    (N, H, W)). Writes NAME.out.npy, the per-image mean cross-entropy over non-ignored pixels
    (0 for an image with none: activeseg's convention, where torch's 0/0 gives NaN).

All results are written as float32.
"""
import argparse
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F


def lossnet_forward(taps, fcs, head):
    """models/lossnet.py's LossNet.forward with K taps: the reference's AvgPool2d(feature_size)
    on a square map, here with the (H, W) kernel of a rectangular one (a global average)."""
    outs = []
    for x, (w, b) in zip(taps, fcs):
        out = F.avg_pool2d(x, kernel_size=(x.shape[2], x.shape[3]))
        out = out.view(out.size(0), -1)
        outs.append(F.relu(F.linear(out, w, b)))
    return F.linear(torch.cat(outs, 1), head[0], head[1])


def loss_pred_loss(input, target, margin=1.0):
    """main.py's LossPredLoss, reduction 'mean'."""
    assert len(input) % 2 == 0, "the batch size is not even."
    input = (input - input.flip(0))[:len(input) // 2]
    target = (target - target.flip(0))[:len(target) // 2]
    target = target.detach()
    one = 2 * torch.sign(torch.clamp(target, min=0)) - 1
    loss = torch.sum(torch.clamp(margin - one * input, min=0))
    return loss / input.size(0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--dtype", default="float64", choices=["float64", "float32"])
    args = ap.parse_args()
    dtype = getattr(torch, args.dtype)
    torch.use_deterministic_algorithms(True)
    with open(os.path.join(args.dir, "cases.json")) as f:
        cases = json.load(f)

    def path(name, what):
        return os.path.join(args.dir, name + "." + what + ".npy")

    def load(name, what, grad=False):
        t = torch.from_numpy(np.load(path(name, what)).astype(np.float64)).to(dtype)
        return t.requires_grad_(grad)

    def save(name, what, t):
        np.save(path(name, what), t.detach().to(torch.float64).numpy().astype(np.float32))

    for case in cases:
        name, kind = case["name"], case["type"]
        if kind == "module":
            k = case["taps"]
            taps = [load(name, "x%d" % i, True) for i in range(k)]
            fcs = [(load(name, "fc%d.w" % i, True), load(name, "fc%d.b" % i, True)) for i in range(k)]
            head = (load(name, "head.w", True), load(name, "head.b", True))
            out = lossnet_forward(taps, fcs, head)
            r = load(name, "r")
            out.backward(r.reshape(out.shape))
            save(name, "out", out.reshape(-1, 1, 1, 1))
            for i in range(k):
                save(name, "gx%d" % i, taps[i].grad)
                save(name, "gfc%d.w" % i, fcs[i][0].grad)
                save(name, "gfc%d.b" % i, fcs[i][1].grad)
            save(name, "ghead.w", head[0].grad)
            save(name, "ghead.b", head[1].grad)
        elif kind == "objective":
            pred = load(name, "pred", True)
            target = load(name, "target")
            l_pred = loss_pred_loss(pred, target, case["margin"])
            weighted = case["weight"] * l_pred
            weighted.backward()
            save(name, "out", torch.stack([l_pred, weighted]))
            save(name, "gpred", pred.grad)
        elif kind == "per_image_ce":
            logits = load(name, "x")
            labels = torch.from_numpy(np.load(path(name, "y")).astype(np.int64))
            ignore = case["ignore"]
            per_pixel = F.cross_entropy(logits, labels, ignore_index=ignore, reduction="none")
            counted = (labels != ignore).sum(dim=(1, 2))
            per_image = per_pixel.sum(dim=(1, 2)) / counted
            per_image = torch.where(counted > 0, per_image, torch.zeros_like(per_image))
            save(name, "out", per_image)
        else:
            sys.exit("unknown case type " + kind)
    print("lossnet parity: %d cases with torch %s (%s)" % (len(cases), torch.__version__, args.dtype))


if __name__ == "__main__":
    main()
