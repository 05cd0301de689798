#!/usr/bin/env python3
"""PyTorch re-statement of activeseg's SegmentationNetwork (java/.../model/net), parameter for
parameter, by name: the CPU engine's parity reference and the GPU speed baseline.

Usage:
  torch_network.py parity DIR      DIR holds config.txt (NetworkConfig.encode()), one NAME.npy per
                                   parameter / buffer, x.npy (N,3,H,W) and r.npy (dL/dlogits). Runs
                                   forward in training mode (float64, dropout must be 0) and backward
                                   of <r, logits> + sum_k <tapK.r, tap k> (tapK.r.npy optional); writes logits.out.npy, gx.out.npy and NAME.grad.npy.
  torch_network.py bench [--device cuda] [--batch 8] [--height 240] [--width 320] [--classes 40]
                         [--samples 20] [--iters 20] [--width-channels 16]
                                   times a training step (forward, CE loss, backward, SGD) and
                                   inference, full forward x T vs encoder once + head x T, and prints JSON.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F


def parse_config(s):
    m = dict(part.split("=", 1) for part in s.strip().split(";"))
    if m.get("arch") != "deeplab-ir-v1":
        raise SystemExit("unknown architecture " + str(m.get("arch")))
    return {
        "classes": int(m["classes"]), "width": int(m["width"]),
        "blocks": [int(v) for v in m["blocks"].split(",")], "expansion": int(m["expansion"]),
        "rates": [int(v) for v in m["rates"].split(",")], "dropout": float(m["dropout"]),
    }


def stage_channels(c, s):
    return [c, c * 3 // 2, c * 2, c * 4][s]


def shapes(cfg):
    """(name, shape) of every parameter and buffer, in SegmentationNetwork's construction order."""
    out = []

    def convbn(name, cin, cout, k, groups):
        out.append((name + ".conv.weight", (cout, cin // groups, k, k)))
        for p in ("weight", "bias", "running_mean", "running_var"):
            out.append((name + ".bn." + p, (cout,)))

    c = cfg["width"]
    convbn("stem", 3, c, 3, 1)
    cin = c
    for s in range(4):
        cout = stage_channels(c, s)
        for b in range(cfg["blocks"][s]):
            t = 1 if s == 0 else cfg["expansion"]
            name = "encoder.stage%d.block%d" % (s, b)
            hidden = cin * t
            if t != 1:
                convbn(name + ".expand", cin, hidden, 1, 1)
            convbn(name + ".depthwise", hidden, hidden, 3, hidden)
            convbn(name + ".project", hidden, cout, 1, 1)
            cin = cout
    high, ctx = stage_channels(c, 3), 2 * c
    convbn("context.branch0", high, ctx, 1, 1)
    for i, _ in enumerate(cfg["rates"]):
        convbn("context.branch%d" % (i + 1), high, ctx, 3, 1)
    convbn("context.project", ctx * (1 + len(cfg["rates"])), ctx, 1, 1)
    low_c = max(4, c // 2)
    convbn("decoder.low", stage_channels(c, 1), low_c, 1, 1)
    fused = ctx + low_c
    convbn("decoder.fuse.depthwise", fused, fused, 3, fused)
    convbn("decoder.fuse.pointwise", fused, 2 * c, 1, 1)
    out.append(("classifier.weight", (cfg["classes"], 2 * c, 1, 1)))
    out.append(("classifier.bias", (cfg["classes"],)))
    return out


class Network:
    def __init__(self, cfg, params):
        self.cfg, self.p = cfg, params

    def convbn(self, name, x, stride=1, dilation=1, groups=1, act=None, training=True):
        w = self.p[name + ".conv.weight"]
        pad = dilation * (w.shape[-1] - 1) // 2
        y = F.conv2d(x, w, None, stride, pad, dilation, groups)
        y = F.batch_norm(y, self.p[name + ".bn.running_mean"], self.p[name + ".bn.running_var"],
                         self.p[name + ".bn.weight"], self.p[name + ".bn.bias"], training, 0.1, 1e-5)
        if act == "relu":
            y = F.relu(y)
        elif act == "relu6":
            y = F.relu6(y)
        return y

    def encode(self, x, training):
        cfg, c = self.cfg, self.cfg["width"]
        x = self.convbn("stem", x, stride=2, act="relu6", training=training)
        taps = []
        cin = c
        for s in range(4):
            cout = stage_channels(c, s)
            for b in range(cfg["blocks"][s]):
                t = 1 if s == 0 else cfg["expansion"]
                stride = [1, 2, 2, 2][s] if b == 0 else 1
                name = "encoder.stage%d.block%d" % (s, b)
                y = x
                if t != 1:
                    y = self.convbn(name + ".expand", y, act="relu6", training=training)
                y = self.convbn(name + ".depthwise", y, stride=stride, groups=y.shape[1], act="relu6", training=training)
                y = self.convbn(name + ".project", y, training=training)
                x = x + y if (stride == 1 and cin == cout) else y
                cin = cout
            taps.append(x)
        return taps

    def decode(self, taps, size, training, mc=False):
        p = self.cfg["dropout"]
        drop = training or mc
        high = F.dropout2d(taps[3], p, drop) if p > 0 else taps[3]
        branches = [self.convbn("context.branch0", high, act="relu", training=training)]
        for i, r in enumerate(self.cfg["rates"]):
            branches.append(self.convbn("context.branch%d" % (i + 1), high, dilation=r, act="relu", training=training))
        ctx = self.convbn("context.project", torch.cat(branches, 1), act="relu", training=training)
        low = F.dropout2d(taps[1], p, drop) if p > 0 else taps[1]
        low = self.convbn("decoder.low", low, act="relu", training=training)
        up = F.interpolate(ctx, size=low.shape[-2:], mode="bilinear", align_corners=True)
        y = torch.cat([up, low], 1)
        y = self.convbn("decoder.fuse.depthwise", y, groups=y.shape[1], act="relu", training=training)
        y = self.convbn("decoder.fuse.pointwise", y, act="relu", training=training)
        y = F.conv2d(y, self.p["classifier.weight"], self.p["classifier.bias"])
        return F.interpolate(y, size=size, mode="bilinear", align_corners=True)

    def forward(self, x, training=True, mc=False):
        return self.decode(self.encode(x, training), x.shape[-2:], training, mc)


def trainable(name):
    return not (name.endswith("running_mean") or name.endswith("running_var"))


def parity(d):
    with open(os.path.join(d, "config.txt")) as f:
        cfg = parse_config(f.read())
    if cfg["dropout"] != 0:
        raise SystemExit("parity needs dropout 0 (masks are not shared)")
    params = {}
    for name, shape in shapes(cfg):
        a = np.load(os.path.join(d, name + ".npy")).astype(np.float64)
        if a.shape != tuple(shape):
            raise SystemExit("%s: shape %s, expected %s" % (name, a.shape, shape))
        params[name] = torch.from_numpy(a).requires_grad_(trainable(name))
    x = torch.from_numpy(np.load(os.path.join(d, "x.npy")).astype(np.float64)).requires_grad_(True)
    r = torch.from_numpy(np.load(os.path.join(d, "r.npy")).astype(np.float64))
    net = Network(cfg, params)
    taps = net.encode(x, True)
    logits = net.decode(taps, x.shape[-2:], True)
    loss = (logits * r).sum()
    for k, t in enumerate(taps):  # extra gradients at the taps (learning-loss module), when given
        f = os.path.join(d, "tap%d.r.npy" % k)
        if os.path.exists(f):
            loss = loss + (t * torch.from_numpy(np.load(f).astype(np.float64))).sum()
    loss.backward()
    save = lambda name, t: np.save(os.path.join(d, name + ".npy"), t.detach().numpy().astype(np.float32))
    save("logits.out", logits)
    save("gx.out", x.grad)
    for name, t in params.items():
        if trainable(name):
            save(name + ".grad", t.grad)
        else:
            save(name + ".after", t)


def bench(args):
    dev = torch.device(args.device)
    cfg = {"classes": args.classes, "width": args.width_channels, "blocks": [1, 2, 2, 2], "expansion": 4,
           "rates": [2, 4], "dropout": 0.25}
    torch.manual_seed(0)
    params = {}
    for name, shape in shapes(cfg):
        if name.endswith("running_var") or name.endswith("bn.weight"):
            t = torch.ones(shape)
        elif name.endswith("running_mean") or name.endswith("bias"):
            t = torch.zeros(shape)
        else:
            t = torch.randn(shape) * (2.0 / (shape[0] * shape[-1] * shape[-1])) ** 0.5
        params[name] = t.to(dev).requires_grad_(trainable(name))
    net = Network(cfg, params)
    opt = torch.optim.SGD([t for n, t in params.items() if trainable(n)], lr=0.01, momentum=0.9, weight_decay=5e-4)
    x = torch.randn(args.batch, 3, args.height, args.width, device=dev)
    y = torch.randint(0, args.classes, (args.batch, args.height, args.width), device=dev)
    sync = (lambda: torch.cuda.synchronize()) if dev.type == "cuda" else (lambda: None)

    def timed(fn, iters):
        for _ in range(3):
            fn()
        sync()
        t0 = time.perf_counter()
        for _ in range(iters):
            fn()
        sync()
        return (time.perf_counter() - t0) / iters

    def train_step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(net.forward(x, training=True), y, ignore_index=255)
        loss.backward()
        opt.step()

    def full_mc():
        with torch.no_grad():
            acc = None
            for _ in range(args.samples):
                p = torch.softmax(net.forward(x, training=False, mc=True), 1)
                acc = p if acc is None else acc + p
            return acc

    def head_mc():
        with torch.no_grad():
            taps = net.encode(x, False)
            acc = None
            for _ in range(args.samples):
                p = torch.softmax(net.decode(taps, x.shape[-2:], False, mc=True), 1)
                acc = p if acc is None else acc + p
            return acc

    def infer():
        with torch.no_grad():
            return net.forward(x, training=False)

    out = {"device": str(dev), "torch": torch.__version__, "batch": args.batch, "height": args.height,
           "width": args.width, "classes": args.classes, "samples": args.samples, "threads": torch.get_num_threads()}
    out["train_step_ms"] = 1e3 * timed(train_step, args.iters)
    out["inference_ms_per_frame"] = 1e3 * timed(infer, args.iters) / args.batch
    out["mc_full_ms_per_frame"] = 1e3 * timed(full_mc, max(1, args.iters // 4)) / args.batch
    out["mc_head_ms_per_frame"] = 1e3 * timed(head_mc, max(1, args.iters // 4)) / args.batch
    print(json.dumps(out))


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("parity")
    p.add_argument("dir")
    b = sub.add_parser("bench")
    b.add_argument("--device", default="cpu")
    b.add_argument("--batch", type=int, default=8)
    b.add_argument("--height", type=int, default=240)
    b.add_argument("--width", type=int, default=320)
    b.add_argument("--classes", type=int, default=40)
    b.add_argument("--samples", type=int, default=20)
    b.add_argument("--iters", type=int, default=20)
    b.add_argument("--width-channels", dest="width_channels", type=int, default=16)
    args = ap.parse_args()
    if args.cmd == "parity":
        torch.set_default_dtype(torch.float64)
        parity(args.dir)
    else:
        bench(args)


if __name__ == "__main__":
    main()
