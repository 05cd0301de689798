"""PyTorch baselines that follow the reference code's own formulation (ALGORITHMS.md 1, 2, 3, 5).

The GPU benchmark (benchmarks/device/bench-gpu.sh) times activeseg's CUDA backend against these:
the way ViewAL, baal, RIPU and U2PL compute their scores in torch, written from the specification
(not copied from the reference repositories). Every function takes torch tensors on any device
(cuda when available, else cpu; see device()) and returns its results so check_torch_baselines.py
can compare them with the numpy re-statements (heuristics.py, viewal.py, ripu.py, u2pl.py).

  (a) per-pixel heuristics over (C, H, W) maps or (T, C, H, W) MC batches:
      entropy_log2 (ViewAL ENT, -sum p log2(p + 1e-12)), least_confidence (1 - max p),
      margin (p(1) - p(2) by a descending sort, as ViewAL/baal), mc_entropy (ViewAL MCDR: log2
      entropy of the MC mean), vote_entropy (RMCDR hard votes: first-max argmax per sample,
      counts / T, log2 entropy), bald (baal: H[mean] - mean H with xlogy, natural log);
  (b) viewal_view_statistics: ViewAL's scoring loop. Per target frame it projects ALL points of the
      scene (K @ inv(pose) @ X, x/=z, y/=z, z/=z, torch.round, NaN and bounds test), gathers the
      target depth at the rounded pixel, back-projects it, keeps points with ||X - X_back|| < 1.0,
      then index_add_s the source probabilities and the KL terms log2((P_j+1e-8)/(P_t+1e-8)) into
      the target's pixels; VE and VD as view_entropy.py steps 3-5 (0/0 -> 0);
      viewal_coverage: the superpixel overlap of utils/superpixel_projections.py (same projection,
      torch.unique over (target_spx, source_spx) pairs, count / |target_spx|);
  (c) superpixel_means_loop: the reference's superpixel average, a Python loop over the ids with a
      boolean mask each (map[spx == s].mean(), one host read per superpixel);
  (d) ripu_ra_maps + ripu_greedy: floating_region.py's depthwise F.conv2d box filters (zero padding)
      for the one-hot class counts and the entropy, then build.py's serial loop of n full-map
      argmaxes (torch.max over rows then over columns: smallest column, then smallest row, first)
      with -inf suppression;
  (e) u2pl_split: entropy -sum p ln(p + 1e-10) on the device, then np.percentile on the host (one
      device-to-host copy of the valid unlabelled entropies per percentile call, as the reference's
      three calls each do), masks back on the device.

dtype: the reference computes in float32 (torch.cuda.FloatTensor); every function keeps its input
dtype, so the checker can also run the geometry in float64 to compare exactly with numpy.
"""
import math

import numpy as np
import torch
import torch.nn.functional as F


def device(name=None):
    """torch.device(name), or cuda when available else cpu."""
    if name:
        return torch.device(name)
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


# ---- (a) per-pixel heuristics: maps (C, H, W), MC batches (T, C, H, W); class axis = dim -3 ----

def entropy_log2(p):
    return -torch.sum(p * torch.log2(p + 1e-12), dim=-3)


def least_confidence(p):
    return 1.0 - torch.max(p, dim=-3).values


def margin(p):
    top = torch.sort(p, dim=-3, descending=True).values
    if p.shape[-3] == 1:
        return top[..., 0, :, :]
    return top[..., 0, :, :] - top[..., 1, :, :]


def mc_entropy(samples):
    return entropy_log2(samples.mean(dim=0))


def vote_entropy(samples):
    t, c = samples.shape[0], samples.shape[1]
    arg = torch.argmax(samples, dim=1)  # (T, H, W), first maximum: ties go to the lowest class
    votes = torch.zeros((c,) + arg.shape[1:], dtype=samples.dtype, device=samples.device)
    votes.scatter_add_(0, arg, torch.ones_like(arg, dtype=samples.dtype))
    return entropy_log2(votes / t)


def bald(samples):
    expected_entropy = -torch.mean(torch.sum(torch.special.xlogy(samples, samples), dim=1), dim=0)
    expected_p = samples.mean(dim=0)
    entropy_expected_p = -torch.sum(torch.special.xlogy(expected_p, expected_p), dim=0)
    return entropy_expected_p - expected_entropy


HEURISTICS = {
    "entropy": entropy_log2,
    "least-confidence": least_confidence,
    "margin": margin,
    "mc-entropy": mc_entropy,
    "vote-entropy": vote_entropy,
    "bald": bald,
}
MC_HEURISTICS = {"mc-entropy", "vote-entropy", "bald"}


# ---- (b) ViewAL: back-projection, per-target projection loop, VE / VD, coverage ----

def _k_matrices(intrinsics, dtype, dev):
    """(N, 4) fx fy cx cy -> K (N, 4, 4) and K^-1 computed in float64 then cast (as the reference)."""
    intr = torch.as_tensor(intrinsics, dtype=torch.float64)
    n = intr.shape[0]
    k = torch.zeros((n, 4, 4), dtype=torch.float64)
    k[:, 0, 0], k[:, 1, 1], k[:, 0, 2], k[:, 1, 2] = intr[:, 0], intr[:, 1], intr[:, 2], intr[:, 3]
    k[:, 2, 2] = 1.0
    k[:, 3, 3] = 1.0
    return k.to(dev, dtype), torch.linalg.inv(k).to(dev, dtype)


class ViewAlScene:
    """One scene on the device: depth (N, H, W) metres, intrinsics (N, 4), pose (N, 4, 4) cam2world,
    probs (N, C, P) MC-averaged probabilities. World points of every pixel are computed once (as the
    reference's project_images_to_world): (4, N*P), invalid depth mapping to the camera centre."""

    def __init__(self, depth, intrinsics, pose, probs, dtype=torch.float32, dev=None):
        dev = dev or device()
        self.n, self.h, self.w = depth.shape
        self.p = self.h * self.w
        self.c = probs.shape[1]
        self.depth = torch.as_tensor(depth).to(dev, dtype)
        self.k, self.k_inv = _k_matrices(intrinsics, dtype, dev)
        pose64 = torch.as_tensor(pose, dtype=torch.float64)
        self.pose = pose64.to(dev, dtype)
        self.world_to_cam = torch.linalg.inv(pose64).to(dev, dtype)
        # rows im_idx*H*W + y*W + x, as the reference's (N*H*W, C) matrix
        self.probs = torch.as_tensor(probs).to(dev, dtype).permute(0, 2, 1).reshape(self.n * self.p, self.c)
        ys, xs = torch.meshgrid(torch.arange(self.h, device=dev, dtype=dtype),
                                torch.arange(self.w, device=dev, dtype=dtype), indexing="ij")
        self.xs, self.ys = xs.reshape(-1), ys.reshape(-1)
        self.world = torch.cat([self._back_project(f, self.xs, self.ys, self.depth[f].reshape(-1))
                                for f in range(self.n)], dim=1)  # (4, N*P)
        self.valid_depth = (self.depth.reshape(-1) != 0)

    def _back_project(self, f, xs, ys, d):
        pts = torch.stack([xs * d, ys * d, d, torch.ones_like(d)])  # (4, K)
        return self.pose[f] @ (self.k_inv[f] @ pts)

    def correspondences(self, t, sources=None, project_invalid=True, threshold=1.0):
        """Points of `sources` (a slice of frames, default all) that land on target t and pass the
        world-distance test: (flat source index into N*P, flat target pixel)."""
        sl = sources or slice(0, self.n)
        lo, hi = sl.start * self.p, sl.stop * self.p
        world = self.world[:, lo:hi]
        q = self.k[t] @ (self.world_to_cam[t] @ world)
        x, y, z = q[0] / q[2], q[1] / q[2], q[2] / q[2]
        x, y = torch.round(x), torch.round(y)
        keep = ~torch.isnan(z) & (x >= 0) & (x < self.w) & (y >= 0) & (y < self.h)
        if not project_invalid:
            keep &= self.valid_depth[lo:hi]
        src = torch.nonzero(keep).squeeze(1)
        xk, yk = x[src], y[src]
        pix = yk.long() * self.w + xk.long()
        back = self._back_project(t, xk, yk, self.depth[t].reshape(-1)[pix])
        dist = torch.linalg.norm(world[:3, src] - back[:3], dim=0)
        ok = dist < threshold
        return src[ok] + lo, pix[ok]

    def view_statistics(self, project_invalid=True, threshold=1.0, chunk_frames=None):
        """VE, VD (N, P) and the number of points that landed on each frame.
        chunk_frames: project that many source frames at a time (None: all N at once, as the
        reference; a 200-frame scene's KL terms need chunking to bound the (points, C) temporaries)."""
        ve = torch.zeros((self.n, self.p), dtype=self.probs.dtype, device=self.probs.device)
        vd = torch.zeros_like(ve)
        landed = torch.zeros(self.n, dtype=torch.int64, device=self.probs.device)
        step = chunk_frames or self.n
        for t in range(self.n):
            sums = torch.zeros((self.p, self.c), dtype=self.probs.dtype, device=self.probs.device)
            lsum = torch.zeros_like(sums)
            count = torch.zeros(self.p, dtype=self.probs.dtype, device=self.probs.device)
            pt = self.probs[t * self.p:(t + 1) * self.p]
            for f0 in range(0, self.n, step):
                src, pix = self.correspondences(t, slice(f0, min(self.n, f0 + step)), project_invalid, threshold)
                pj = self.probs[src]
                sums.index_add_(0, pix, pj)
                count.index_add_(0, pix, torch.ones_like(pix, dtype=count.dtype))
                lsum.index_add_(0, pix, torch.log2((pj + 1e-8) / (pt[pix] + 1e-8)))
                landed[t] += src.numel()
            q = sums / sums.sum(dim=1, keepdim=True)
            e = -torch.sum(q * torch.log2(q + 1e-12), dim=1)
            ve[t] = torch.nan_to_num(e, nan=0.0)
            d = -torch.sum(pt * (lsum / count[:, None]), dim=1)
            vd[t] = torch.nan_to_num(d, nan=0.0)
        return ve, vd, landed

    def coverage(self, spx, project_invalid=True, threshold=1.0):
        """Per target frame {(target_spx, source_frame, source_spx): count / |target_spx|}, each pair
        of frames through the same projection and torch.unique(return_counts) over id pairs."""
        spx = torch.as_tensor(spx).to(self.probs.device).long()  # (N, P)
        base = int(spx.max().item()) + 1
        out = []
        for t in range(self.n):
            ids, area = torch.unique(spx[t], return_counts=True)
            size = dict(zip(ids.tolist(), area.tolist()))
            m = {}
            for j in range(self.n):
                src, pix = self.correspondences(t, slice(j, j + 1), project_invalid, threshold)
                if src.numel() == 0:
                    continue
                keys = spx[t][pix] * base + spx[j][src - j * self.p]
                uniq, cnt = torch.unique(keys, return_counts=True)
                for key, k in zip(uniq.tolist(), cnt.tolist()):
                    a, b = divmod(key, base)
                    m[(a, j, b)] = k / size[a]
            out.append(m)
        return out


# ---- (c) ViewAL's superpixel mean: a Python loop over ids with boolean masks ----

def superpixel_means_loop(values, spx):
    """values, spx (H, W) on the device -> (ids, means) as Python lists, ids ascending."""
    ids = torch.unique(spx).tolist()
    means = [values[spx == s].mean().item() for s in ids]
    return ids, means


# ---- (d) RIPU RA: floating_region.py maps, build.py greedy loop ----

def ripu_ra_maps(probs, k=1, norm=None, eps=1e-6):
    """probs (C, H, W) -> impurity, uncertainty, score (H, W). norm: entropy divisor (ln C by default,
    math.log(19) for compat)."""
    c = probs.shape[0]
    norm = math.log(c) if norm is None else norm
    s = 2 * k + 1
    e = -torch.sum(probs * torch.log(probs + eps), dim=0) / norm
    pred = torch.argmax(probs, dim=0)
    one_hot = F.one_hot(pred, num_classes=c).permute(2, 0, 1).unsqueeze(0).to(probs.dtype)
    purity_w = torch.ones((c, 1, s, s), dtype=probs.dtype, device=probs.device)
    summary = F.conv2d(one_hot, purity_w, padding=k, groups=c)  # (1, C, H, W) class counts
    count = torch.sum(summary, dim=1, keepdim=True)
    dist = summary / count
    impurity = -torch.sum(dist * torch.log(dist + eps), dim=1) / norm
    entropy_w = torch.ones((1, 1, s, s), dtype=probs.dtype, device=probs.device)
    uncertainty = F.conv2d(e[None, None], entropy_w, padding=k) / count
    impurity, uncertainty = impurity[0], uncertainty[0, 0]
    return impurity, uncertainty, impurity * uncertainty


def ripu_greedy(score, suppress, count, blocked=None):
    """count serial full-map argmaxes: torch.max over rows (dim 0) then over the column maxima, so
    ties go to the smallest column, then the smallest row; each pick sets the (2*suppress+1)^2
    square around it to -inf. Returns flat y*W+x picks in order (a Python list). Like the reference
    it does not stop when the whole map is -inf (then it re-picks (0, 0))."""
    s = score.clone()
    h, w = s.shape
    if blocked is not None:
        s[blocked] = -float("inf")
    picks = []
    for _ in range(count):
        values, indices_h = torch.max(s, dim=0)
        _, indices_w = torch.max(values, dim=0)
        x = indices_w.item()
        y = indices_h[x].item()
        picks.append(y * w + x)
        s[max(0, y - suppress):y + suppress + 1, max(0, x - suppress):x + suppress + 1] = -float("inf")
    return picks


def ripu_ra(probs, regions, k=1, norm=None):
    _, _, score = ripu_ra_maps(probs, k, norm)
    return ripu_greedy(score, 2 * k, regions)


# ---- (e) U2PL reliability split: entropy on the device, np.percentile on the host ----

def u2pl_split(probs, valid, labelled, epoch, epochs, drop_percent=80.0, alpha0=20.0):
    """probs (B, C, H, W), valid / labelled bool (B, H, W) on the device. Returns entropy (B, H, W),
    the thresholds (thresh, low_thr, high_thr) as Python floats and the reliable / low / high masks."""
    entropy = -torch.sum(probs * torch.log(probs + 1e-10), dim=1)
    valid_u = valid & ~labelled
    percent_unreliable = (100 - drop_percent) * (1 - epoch / epochs)
    a = alpha0 * (1 - epoch / epochs)
    # one device-to-host copy per np.percentile call, as the reference's separate calls
    thresh = np.percentile(entropy[valid_u].cpu().numpy().flatten(), 100 - percent_unreliable)
    low_thr = np.percentile(entropy[valid_u].cpu().numpy().flatten(), a)
    high_thr = np.percentile(entropy[valid_u].cpu().numpy().flatten(), 100 - a)
    reliable = valid_u & (entropy < float(thresh))
    low = valid_u & (entropy <= float(low_thr))
    high = valid_u & (entropy >= float(high_thr))
    return entropy, (float(thresh), float(low_thr), float(high_thr)), reliable, low, high
