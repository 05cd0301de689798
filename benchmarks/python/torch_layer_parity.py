#!/usr/bin/env python3
"""PyTorch re-statement of the CPU network engine's layers, for TorchLayerParityTest.

Usage: torch_layer_parity.py DIR [--dtype float64|float32]

DIR holds cases.json (a list of cases, written by the Java test) and, per case NAME, .npy inputs
NAME.x.npy (input; NAME.x0.npy, NAME.x1.npy, ... for concat), NAME.r.npy (upstream gradient of the
output), NAME.w.npy / NAME.b.npy (weights and bias taken from the Java layer's Parameters),
NAME.rm.npy / NAME.rv.npy (batch-norm running statistics before the forward), NAME.y.npy (int32
labels for the loss), NAME.cw.npy (class weights), NAME.keep.npy (int32 dropout keep mask, one per
(sample, channel)). A case may carry "dtype" to run in other than --dtype. For each case it builds the same torch operation (torch.nn.functional), runs
forward, backward with R (for the loss: backward of the scalar loss), and writes float32 results:
NAME.out.npy (output; the loss as a 1-element array), NAME.gx.npy (input gradient; NAME.gx0.npy ...
for concat), NAME.gw.npy / NAME.gb.npy (parameter gradients), NAME.rm_out.npy / NAME.rv_out.npy
(batch-norm running statistics after the forward).
"""
import argparse
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F


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
        dtype = getattr(torch, case.get("dtype", args.dtype))  # a case may name its own dtype
        if kind == "concat":
            xs = [load(name, "x%d" % i, True) for i in range(case["inputs"])]
            out = torch.cat(xs, dim=1)
            out.backward(load(name, "r"))
            save(name, "out", out)
            for i, x in enumerate(xs):
                save(name, "gx%d" % i, x.grad)
            continue
        if kind == "ce":
            logits = load(name, "x", True)
            labels = torch.from_numpy(np.load(path(name, "y")).astype(np.int64))
            weight = load(name, "cw") if case.get("weighted") else None
            loss = F.cross_entropy(logits, labels, weight=weight, ignore_index=255, reduction="mean")
            loss.backward()
            save(name, "out", loss.reshape(1))
            save(name, "gx", logits.grad)
            continue

        x = load(name, "x", True)
        params = {}
        if kind == "conv":
            w = params["w"] = load(name, "w", True)
            b = params["b"] = load(name, "b", True) if case["bias"] else None
            out = F.conv2d(x, w, b, stride=case["stride"], padding=case["padding"],
                           dilation=case["dilation"], groups=case["groups"])
        elif kind == "linear":
            w = params["w"] = load(name, "w", True)
            b = params["b"] = load(name, "b", True) if case["bias"] else None
            out = F.linear(x.reshape(x.shape[0], -1), w, b).reshape(x.shape[0], -1, 1, 1)
        elif kind == "bn":
            w = params["w"] = load(name, "w", True)
            b = params["b"] = load(name, "b", True)
            rm, rv = load(name, "rm"), load(name, "rv")
            bn = torch.nn.BatchNorm2d(x.shape[1], eps=case["eps"], momentum=case["momentum"]).to(dtype)
            with torch.no_grad():
                bn.weight.copy_(w)
                bn.bias.copy_(b)
                bn.running_mean.copy_(rm)
                bn.running_var.copy_(rv)
            bn.train(case["training"])
            out = bn(x)
            out.backward(load(name, "r"))
            save(name, "out", out)
            save(name, "gx", x.grad)
            save(name, "gw", bn.weight.grad)
            save(name, "gb", bn.bias.grad)
            save(name, "rm_out", bn.running_mean)
            save(name, "rv_out", bn.running_var)
            continue
        elif kind == "relu":
            out = F.relu(x)
        elif kind == "relu6":
            out = F.relu6(x)
        elif kind == "dropout":
            # torch's dropout: noise = bernoulli(1 - p) / (1 - p); output = input * noise. The
            # bernoulli draw is replaced by the Java layer's keep mask.
            p = case["p"]
            keep = torch.from_numpy(np.load(path(name, "keep")).astype(np.float64)).to(dtype)
            noise = keep.div(1 - p) if p < 1 else keep * 0
            out = x * noise.reshape(x.shape[0], x.shape[1], 1, 1)
        elif kind == "maxpool":
            out = F.max_pool2d(x, case["kernel"], case["stride"], case["padding"])
        elif kind == "avgpool":
            out = F.avg_pool2d(x, case["kernel"], case["stride"], case["padding"], count_include_pad=True)
        elif kind == "gap":
            out = F.adaptive_avg_pool2d(x, 1)
        elif kind == "upsample":
            out = F.interpolate(x, size=(case["outH"], case["outW"]), mode="bilinear",
                                align_corners=case["alignCorners"])
        else:
            sys.exit("unknown case type " + kind)
        out.backward(load(name, "r"))
        save(name, "out", out)
        save(name, "gx", x.grad)
        for k, p in params.items():
            if p is not None:
                save(name, "g" + k, p.grad)
    print("torch layer parity: %d cases with torch %s (%s)" % (len(cases), torch.__version__, args.dtype))


if __name__ == "__main__":
    main()
