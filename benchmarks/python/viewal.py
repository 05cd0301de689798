"""ViewAL scoring and superpixel selection in numpy, written from ALGORITHMS.md section 1.

An independent re-statement of activeseg's ViewAL (steps 2-8) used to cross-check the Java engine
and as a CPU baseline: back-projection of integer pixels with depth, projection with half-to-even
rounding (np.round), the world-distance visibility test without a z-buffer, view entropy (log2,
eps 1e-12), view divergence (KL(P_t || P_j) with 1e-8 inside the ratio, self term included),
superpixel means over all pixels, superpixel coverage and the selection loop (truncate_vd switch,
suppression around the winner switch).

Usage: python3 viewal.py DIR
DIR holds params.json ({"scenes": S, "world_distance_threshold": 1.0, "overlap_threshold": 0.25,
"truncate_vd": false, "project_invalid_depth": false, "suppress_around_winner": true,
"budget": pixels}) and per scene s: scene{s}_depth.npy (N,H,W) metres, scene{s}_intrinsics.npy (N,4)
fx fy cx cy, scene{s}_pose.npy (N,4,4) camera-to-world, scene{s}_probs.npy (N,T,C,P) MC samples,
scene{s}_spx.npy (N,P) int32, scene{s}_labelled.npy (K,2) int32 (frame, superpixel).
Writes scene{s}_ve.npy, scene{s}_vd.npy (N,P) float32 and selection.npy (K,3) int32
(scene, frame, superpixel) in pick order.
"""
import json
import os
import sys

import numpy as np


def rigid_inverse(m):
    """World-to-camera of a rigid camera-to-world matrix: R^T and -R^T t, summed left to right."""
    r = np.zeros((4, 4))
    r[:3, :3] = m[:3, :3].T
    for i in range(3):
        r[i, 3] = -(r[i, 0] * m[0, 3] + r[i, 1] * m[1, 3] + r[i, 2] * m[2, 3])
    r[3, 3] = 1.0
    return r


def back_project(xs, ys, d, intr, m):
    """World points of integer pixels (xs, ys) at depth d (metres): cam2world * K^-1 * (x d, y d, d)."""
    fx, fy, cx, cy = intr
    px = (xs - cx) * d / fx
    py = (ys - cy) * d / fy
    w0 = m[0, 0] * px + m[0, 1] * py + m[0, 2] * d + m[0, 3]
    w1 = m[1, 0] * px + m[1, 1] * py + m[1, 2] * d + m[1, 3]
    w2 = m[2, 0] * px + m[2, 1] * py + m[2, 2] * d + m[2, 3]
    return w0, w1, w2


def correspondences(src, dst, thr, project_invalid):
    """For every source pixel the flat target pixel it lands on and passes the 1 m test at, or -1."""
    depth_s, intr_s, pose_s = src
    depth_t, intr_t, pose_t = dst
    h, w = depth_s.shape
    ys, xs = np.divmod(np.arange(h * w), w)
    xs = xs.astype(np.float64)
    ys = ys.astype(np.float64)
    d = depth_s.reshape(-1).astype(np.float64)
    out = np.full(h * w, -1, dtype=np.int64)
    valid = np.ones(h * w, bool) if project_invalid else d != 0
    X = back_project(xs, ys, d, intr_s, pose_s)
    inv = rigid_inverse(pose_t)
    c = [inv[r, 0] * X[0] + inv[r, 1] * X[1] + inv[r, 2] * X[2] + inv[r, 3] for r in range(3)]
    z = c[2]
    fx, fy, cx, cy = intr_t
    with np.errstate(divide="ignore", invalid="ignore"):
        u = np.round((fx * c[0] + cx * z) / z)
        v = np.round((fy * c[1] + cy * z) / z)
    ok = valid & (z != 0) & np.isfinite(z) & (u >= 0) & (u < w) & (v >= 0) & (v < h)
    ui = np.where(ok, u, 0).astype(np.int64)
    vi = np.where(ok, v, 0).astype(np.int64)
    t = vi * w + ui
    dt = depth_t.reshape(-1).astype(np.float64)[t]
    B = back_project(ui.astype(np.float64), vi.astype(np.float64), dt, intr_t, pose_t)
    dist2 = (X[0] - B[0]) ** 2 + (X[1] - B[1]) ** 2 + (X[2] - B[2]) ** 2
    ok &= dist2 < thr * thr
    out[ok] = t[ok]
    return out


def view_statistics(views, probs, thr, project_invalid):
    """VE and VD (N, P) of every frame, and the number of points that landed in each frame."""
    n, c, p = probs.shape
    ve = np.zeros((n, p))
    vd = np.zeros((n, p))
    landed = np.zeros(n, dtype=np.int64)
    for t in range(n):
        sums = np.zeros((p, c))
        lsum = np.zeros((p, c))
        count = np.zeros(p)
        pt = probs[t].T  # (P, C)
        for j in range(n):
            corr = correspondences(views[j], views[t], thr, project_invalid)
            i = np.nonzero(corr >= 0)[0]
            u = corr[i]
            pj = probs[j][:, i].T  # (K, C)
            np.add.at(sums, u, pj)
            np.add.at(count, u, 1)
            np.add.at(lsum, u, np.log2((pj + 1e-8) / (pt[u] + 1e-8)))
            landed[t] += len(i)
        has = count > 0
        q = sums[has] / sums[has].sum(axis=1, keepdims=True)
        ve[t, has] = -(q * np.log2(q + 1e-12)).sum(axis=1)
        vd[t, has] = -(pt[has] * (lsum[has] / count[has, None])).sum(axis=1)
    return ve, vd, landed


def coverage(views, spx, thr, project_invalid):
    """Per target frame, {(target_spx, source_frame, source_spx): count / |target_spx|}."""
    n = len(views)
    out = []
    for t in range(n):
        ids, area = np.unique(spx[t], return_counts=True)
        size = dict(zip(ids.tolist(), area.tolist()))
        m = {}
        for j in range(n):
            corr = correspondences(views[j], views[t], thr, project_invalid)
            i = np.nonzero(corr >= 0)[0]
            pairs = np.stack([spx[t][corr[i]], spx[j][i]], axis=1)
            if len(pairs) == 0:
                continue
            uniq, cnt = np.unique(pairs, axis=0, return_counts=True)
            for (a, b), k in zip(uniq.tolist(), cnt.tolist()):
                m[(a, j, b)] = k / size[a]
        out.append(m)
    return out


def superpixel_means(spx, values):
    ids, inv, cnt = np.unique(spx, return_inverse=True, return_counts=True)
    return ids, np.bincount(inv, weights=values.astype(np.float64)) / cnt, cnt


def select(rows, coverages, thr, truncate_vd, suppress, budget):
    """Step 8. rows: dicts with scene, frame, spx, ve, vd, pixels, labelled. Returns picked rows."""
    rows = sorted(rows, key=lambda r: (-r["ve"], r["scene"], r["frame"], r["spx"]))
    by_scene = {}
    for k, r in enumerate(rows):
        by_scene.setdefault(r["scene"], []).append(k)

    def cov(a, b):
        return coverages[a["scene"]][a["frame"]].get((a["spx"], b["frame"], b["spx"]), 0.0)

    def overlaps(a, b):
        return cov(a, b) > thr or cov(b, a) > thr

    def key(vd):
        return float(int(vd)) if truncate_vd else vd

    done = [False] * len(rows)
    picked = []
    selected = 0
    for ctr, r in enumerate(rows):
        if selected >= budget:
            break
        if r["labelled"] or done[ctr]:
            continue
        scene = by_scene[r["scene"]]
        cands = [v for v in scene if not done[v] and not rows[v]["labelled"] and overlaps(r, rows[v])]
        if cands:
            # stable sort descending by key keeps the first in VE order among equals
            winner = sorted(cands, key=lambda v: -key(rows[v]["vd"]))[0]
            if suppress:
                for v in scene:
                    if not done[v] and overlaps(rows[winner], rows[v]):
                        done[v] = True
            for v in cands:
                done[v] = True
        else:
            winner = ctr
        done[winner] = True
        picked.append(rows[winner])
        selected += rows[winner]["pixels"]
    return picked


def main(directory):
    with open(os.path.join(directory, "params.json")) as f:
        prm = json.load(f)
    thr = prm["world_distance_threshold"]
    invalid = prm["project_invalid_depth"]
    rows = []
    coverages = []
    for s in range(prm["scenes"]):
        load = lambda name: np.load(os.path.join(directory, f"scene{s}_{name}.npy"))
        depth = load("depth")
        intr = load("intrinsics").astype(np.float64)
        pose = load("pose").astype(np.float64)
        samples = load("probs").astype(np.float64)
        spx = load("spx")
        labelled = {tuple(x) for x in load("labelled").reshape(-1, 2).tolist()}
        n = depth.shape[0]
        views = [(depth[f], intr[f], pose[f]) for f in range(n)]
        probs = samples.mean(axis=1).astype(np.float32).astype(np.float64)
        ve, vd, landed = view_statistics(views, probs, thr, invalid)
        ve = ve.astype(np.float32)
        vd = vd.astype(np.float32)
        np.save(os.path.join(directory, f"scene{s}_ve.npy"), ve)
        np.save(os.path.join(directory, f"scene{s}_vd.npy"), vd)
        coverages.append(coverage(views, spx, thr, invalid))
        for f in range(n):
            if landed[f] == 0:
                continue
            ids, mve, cnt = superpixel_means(spx[f], ve[f])
            _, mvd, _ = superpixel_means(spx[f], vd[f])
            for k, sid in enumerate(ids.tolist()):
                rows.append(dict(scene=s, frame=f, spx=sid, ve=mve[k], vd=mvd[k], pixels=int(cnt[k]),
                                 labelled=(f, sid) in labelled))
    picked = select(rows, coverages, prm["overlap_threshold"], prm["truncate_vd"],
                    prm["suppress_around_winner"], prm["budget"])
    sel = np.array([[r["scene"], r["frame"], r["spx"]] for r in picked], dtype=np.int32).reshape(-1, 3)
    np.save(os.path.join(directory, "selection.npy"), sel)


if __name__ == "__main__":
    main(sys.argv[1])
