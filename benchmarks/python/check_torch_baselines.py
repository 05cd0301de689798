#!/usr/bin/env python3
"""Checks that every torch baseline in torch_baselines.py computes what the numpy re-statements
(heuristics.py, viewal.py, ripu.py, u2pl.py) compute, on small random inputs: values within 1e-4
(the baselines in float32, as the reference code runs; the ViewAL geometry also in float64, where
points must match exactly), selections identical. Runs on cpu, and on cuda when available.

Usage: check_torch_baselines.py [--devices cpu,cuda] [--seed 1]
Prints one line per check ("ok <device> <name>: <detail>") and exits 1 on the first failure.
"""
import argparse
import math
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import heuristics as nh  # noqa: E402
import ripu as nr  # noqa: E402
import torch_baselines as tb  # noqa: E402
import u2pl as nu  # noqa: E402
import viewal as nv  # noqa: E402

TOL = 1e-4


class CheckFailed(Exception):
    pass


def report(dev, name, detail):
    print(f"ok {dev} {name}: {detail}", flush=True)


def close(dev, name, got, want, tol=TOL):
    got = np.asarray(got, dtype=np.float64)
    want = np.asarray(want, dtype=np.float64)
    if got.shape != want.shape:
        raise CheckFailed(f"{dev} {name}: shape {got.shape}, expected {want.shape}")
    err = np.abs(got - want)
    worst = float(err.max()) if err.size else 0.0
    if not worst <= tol:
        i = np.unravel_index(int(np.argmax(err)), err.shape)
        raise CheckFailed(f"{dev} {name}: max |diff| {worst:.3g} > {tol} at {i}: torch {got[i]}, numpy {want[i]}")
    report(dev, name, f"max |diff| {worst:.2e} over {err.size} values")


def same(dev, name, got, want):
    got, want = list(got), list(want)
    if got != want:
        k = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
        raise CheckFailed(f"{dev} {name}: differs at {k}: torch {got[k:k + 5]}, numpy {want[k:k + 5]} "
                          f"(lengths {len(got)}, {len(want)})")
    report(dev, name, f"{len(got)} identical")


def random_probs(rng, shape, axis):
    w = rng.random(shape)
    w[w < 0.1] = 0
    w = w ** 2 + 1e-6
    return (w / w.sum(axis=axis, keepdims=True)).astype(np.float32)


def check_heuristics(dev, rng):
    t, c, h, w = 5, 7, 6, 9
    samples = random_probs(rng, (t, c, h, w), 1)
    samples[0, :, 0, 0] = 0  # a pixel with exact ties and zeros
    samples[0, :2, 0, 0] = 0.5
    flat = samples.reshape(t, c, h * w)
    ts = torch.from_numpy(samples).to(dev)
    for op, fn in tb.HEURISTICS.items():
        if op in tb.MC_HEURISTICS:
            want = {"mc-entropy": nh.mc_entropy, "vote-entropy": nh.vote_entropy, "bald": nh.bald}[op](flat)
            got = fn(ts)
        else:
            kind = {"entropy": "entropy-log2"}.get(op, op)
            want = nh.statistic(flat[0], kind)
            got = fn(ts[0])
        close(dev, f"heuristic {op}", got.cpu().numpy().reshape(-1), want)
    # batched single-map call over (T, C, H, W) gives the per-sample maps
    got = tb.entropy_log2(ts).cpu().numpy().reshape(t, -1)
    close(dev, "heuristic entropy batched (T, C, H, W)", got, np.stack([nh.statistic(x, "entropy-log2") for x in flat]))


def look_at_pose(rng, i):
    """A camera near the origin looking down +z at a wall 2-3 m away, slightly rotated per frame."""
    a, b, g = rng.normal(0, 0.05, 3)
    rx = np.array([[1, 0, 0], [0, math.cos(a), -math.sin(a)], [0, math.sin(a), math.cos(a)]])
    ry = np.array([[math.cos(b), 0, math.sin(b)], [0, 1, 0], [-math.sin(b), 0, math.cos(b)]])
    rz = np.array([[math.cos(g), -math.sin(g), 0], [math.sin(g), math.cos(g), 0], [0, 0, 1]])
    m = np.eye(4)
    m[:3, :3] = rz @ ry @ rx
    m[:3, 3] = [0.1 * i + rng.normal(0, 0.02), rng.normal(0, 0.02), rng.normal(0, 0.02)]
    return m


def random_scene(rng, n=4, h=12, w=16, c=5):
    depth = (2.0 + rng.random((n, h, w)) * 0.8).astype(np.float32)
    depth[rng.random((n, h, w)) < 0.1] = 0.0
    depth[1, :, :3] = 4.5  # a step: points there fail the 1 m test in other frames
    intr = np.tile(np.array([[0.9 * w, 0.9 * w, (w - 1) / 2 + 0.25, (h - 1) / 2 + 0.25]]), (n, 1)).astype(np.float32)
    pose = np.stack([look_at_pose(rng, i) for i in range(n)]).astype(np.float32)
    probs = random_probs(rng, (n, c, h * w), 1)
    spx = (np.arange(h * w).reshape(h, w) // w // 4 * 10 + np.arange(w)[None, :] // 5).reshape(-1)
    spx = np.tile(spx, (n, 1)).astype(np.int32)
    return depth, intr, pose, probs, spx


def check_viewal(dev, rng):
    depth, intr, pose, probs, spx = random_scene(rng)
    n = depth.shape[0]
    views = [(depth[f], intr[f].astype(np.float64), pose[f].astype(np.float64)) for f in range(n)]
    probs64 = probs.astype(np.float64)
    for invalid in (False, True):
        ve, vd, landed = nv.view_statistics(views, probs64, 1.0, invalid)
        tag = f"project_invalid={invalid}"
        for dtype, tol in ((torch.float64, 1e-9), (torch.float32, TOL)):
            scene = tb.ViewAlScene(depth, intr, pose, probs, dtype=dtype, dev=dev)
            for chunk in (None, 1):
                tve, tvd, tl = scene.view_statistics(project_invalid=invalid, chunk_frames=chunk)
                name = f"viewal {tag} {str(dtype)[6:]} chunk={chunk}"
                if dtype == torch.float64:
                    same(dev, name + " points landed per frame", tl.cpu().tolist(), landed.tolist())
                else:
                    mismatch = np.abs(tl.cpu().numpy() - landed).sum()
                    if mismatch:  # float32 geometry may flip a point at a rounding or 1 m boundary
                        raise CheckFailed(f"{dev} {name}: {mismatch} points landed differently in float32")
                close(dev, name + " VE", tve.cpu().numpy(), ve, tol)
                close(dev, name + " VD", tvd.cpu().numpy(), vd, tol)
        if int(landed.sum()) <= n * depth[0].size:
            raise CheckFailed(f"{dev} viewal scene too degenerate: only {landed.sum()} points landed")
        scene = tb.ViewAlScene(depth, intr, pose, probs, dtype=torch.float64, dev=dev)
        want = nv.coverage(views, spx, 1.0, invalid)
        got = scene.coverage(spx, project_invalid=invalid)
        for t in range(n):
            if got[t].keys() != want[t].keys():
                raise CheckFailed(f"{dev} viewal coverage frame {t}: keys differ "
                                  f"{sorted(set(got[t]) ^ set(want[t]))[:5]}")
            close(dev, f"viewal {tag} coverage frame {t}", [got[t][k] for k in sorted(want[t])],
                  [want[t][k] for k in sorted(want[t])], 1e-12)


def check_superpixel_means(dev, rng):
    h, w = 24, 32
    values = rng.random((h, w)).astype(np.float32)
    for name, ids in (("dense", np.arange(42)), ("sparse", np.sort(rng.choice(65535, 42, replace=False)))):
        spx = ids[rng.integers(0, len(ids), (h, w))].astype(np.int32)
        want_ids, want, _ = nv.superpixel_means(spx.reshape(-1), values.reshape(-1))
        got_ids, got = tb.superpixel_means_loop(torch.from_numpy(values).to(dev), torch.from_numpy(spx).to(dev))
        same(dev, f"superpixel means {name} ids", got_ids, want_ids.tolist())
        close(dev, f"superpixel means {name}", got, want)


def check_ripu(dev, rng):
    for (h, w, c) in ((20, 30, 5), (33, 17, 19)):
        probs = random_probs(rng, (c, h * w), 0)
        probs[:, :40] = probs[:, :1]  # a run of identical pixels: pure windows, negative impurity
        for norm in (math.log(c), math.log(19)):
            imp, unc, score = nr.ra_maps(probs[None], h, w, 1, norm)
            t = torch.from_numpy(probs.reshape(c, h, w)).to(dev)
            timp, tunc, tscore = tb.ripu_ra_maps(t, 1, norm)
            tag = f"ripu {h}x{w}x{c} norm={norm:.4f}"
            close(dev, tag + " impurity", timp.cpu().numpy(), imp)
            close(dev, tag + " uncertainty", tunc.cpu().numpy(), unc)
            close(dev, tag + " score", tscore.cpu().numpy(), score)
            count = h * w // 40
            want = nr.greedy(score, 2, count)
            same(dev, tag + " greedy picks (numpy's score)",
                 tb.ripu_greedy(torch.from_numpy(score.astype(np.float32)).to(dev), 2, count), want.tolist())
    # exact ties everywhere: column-major first occurrence decides every pick
    tie = np.zeros((9, 11), dtype=np.float32)
    tie[[1, 6, 2], [3, 3, 8]] = 1.0
    want = nr.greedy(tie, 2, 6)
    same(dev, "ripu greedy exact ties", tb.ripu_greedy(torch.from_numpy(tie).to(dev), 2, 6), want.tolist())
    blocked = np.zeros_like(tie, dtype=bool)
    blocked[1, 3] = True
    want = nr.greedy(tie, 2, 4, blocked)
    same(dev, "ripu greedy blocked", tb.ripu_greedy(torch.from_numpy(tie).to(dev), 2, 4,
                                                    torch.from_numpy(blocked).to(dev)), want.tolist())


def check_u2pl(dev, rng):
    b, c, h, w = 2, 6, 15, 21
    probs = random_probs(rng, (b, c, h, w), 1)
    valid = rng.random((b, h, w)) > 0.1
    labelled = np.zeros((b, h, w), dtype=bool)
    labelled[0] = True
    flat = probs.transpose(1, 0, 2, 3).reshape(c, -1)
    label = flat.argmax(axis=0)
    for epoch, epochs in ((0, 80), (37, 80)):
        want = nu.split(flat, valid.reshape(-1), labelled.reshape(-1), label, epoch, epochs)
        ent, thr, reliable, low, high = tb.u2pl_split(torch.from_numpy(probs).to(dev), torch.from_numpy(valid).to(dev),
                                                      torch.from_numpy(labelled).to(dev), epoch, epochs)
        tag = f"u2pl epoch {epoch}/{epochs}"
        got_h = ent.cpu().numpy().reshape(-1)
        close(dev, tag + " entropy", got_h, want["entropy"])
        close(dev, tag + " thresholds", thr, want["thresholds"])
        for name, mask in (("reliable", reliable), ("low", low), ("high", high)):
            diff = mask.cpu().numpy().reshape(-1) != want[name]
            # a float32 entropy within 1e-5 of a threshold may fall on either side
            near = np.min(np.abs(got_h[:, None] - np.array(thr)[None, :]), axis=1) < 1e-5
            if np.any(diff & ~near):
                raise CheckFailed(f"{dev} {tag} {name}: {int(np.sum(diff & ~near))} pixels differ away from a threshold")
            report(dev, f"{tag} {name} mask", f"{int(want[name].sum())} pixels set, {int(diff.sum())} differ at a threshold")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--devices", default="cpu,cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    print(f"torch {torch.__version__}, numpy {np.__version__}, devices {a.devices}", flush=True)
    try:
        for dev in a.devices.split(","):
            for check in (check_heuristics, check_viewal, check_superpixel_means, check_ripu, check_u2pl):
                check(torch.device(dev), np.random.default_rng(a.seed))
    except CheckFailed as e:
        print(f"FAILED {e}", flush=True)
        return 1
    print("all torch baselines agree with the numpy re-statements", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
