/*
ViewAL's cross-view statistics on the GPU (shared/spec/ALGORITHMS.md section 1, steps 2-5 and 7):
every source frame's points are projected into every target frame of a scene, kept by the 1 m
world-distance test, and accumulated into view entropy (VE), view divergence (VD) and superpixel
coverage. The Java reference is org.activeseg.backend.ReferenceViewOps (with
org.activeseg.geometry.{Camera, Pose, Reprojection}).

Projection (steps 2-3), per source frame j, source pixel i = y*W + x with depth d, target t:
  X   = c2w_j * ((x - cx_j) * d / fx_j, (y - cy_j) * d / fy_j, d)
  c   = w2c_t * X;  reject if c.z == 0 or not finite
  u,v = rint((fx_t * c.x + cx_t * c.z) / c.z), rint((fy_t * c.y + cy_t * c.z) / c.z)   (half-to-even)
  keep if 0 <= u < W, 0 <= v < H and |X - backproject_t(u, v, depth_t[v*W + u])|^2 < thr^2
All of this is double, evaluated in the Java reference's operation order with the _rn intrinsics
(no fused multiply-add contraction), so the pixel each point lands on and the keep/reject decision
are bit-for-bit those of the reference; a float projection would move points across rounding
boundaries (x.5) and across the threshold. d == 0 is skipped unless project_invalid (compat: the
camera centre is projected, as in the reference code).

Statistics (steps 4-5), per target t and landing pixel u with the set S(u) of kept points:
  sums[k, u]  = sum_{(j,i) in S(u)} P_j[k, i]                               double, atomics
  div[u]      = sum_{(j,i) in S(u)} (self[u] - sum_k P_t[k, u] * L_j[k, i])   double, atomics
  count[u]    = |S(u)|                                                       int32, atomics
  self[u]     = sum_k P_t[k, u] * L_t[k, u],  L = (float) log2(P + 1e-8)   (the reference's float table)
  VE[t, u]    = -sum_k Q_k log2(Q_k + 1e-12), Q = sums[:, u] / sum_k sums[k, u];  VD[t, u] = div[u] / count[u]
  both 0 where count[u] == 0; landed[t] = sum_u count[u].
The accumulator of one target is (C, P) doubles plus P of each of div, self and count; targets run in
batches that fit the caller's workspace (as_view_statistics_workspace_bytes), so no per-pair (P, C)
buffer exists. Double atomics make the sums order-independent up to double rounding; outputs are
float, within 1e-5 of the reference (the log table matches it up to one float ulp).

Coverage (step 7), per target t: each kept point (j, i) landing on u gives the key
  key = spx_t[u] * total + offset[j] + spx_j[i]   (dense superpixel ids, offset = exclusive prefix of
                                                     the frames' superpixel counts, total = their sum)
and a point that is not kept gives the sentinel key target_spx * total. The N*P keys are sorted
with CUB's radix sort (only the bits below the sentinel) and run-length encoded: unique keys and
their counts, the sentinel run (if any) last. A sort is used instead of a dense histogram because
target_spx * total counters (tens of millions for a 200-frame scene) would have to be compacted
anyway, and the sort's cost depends only on N*P.

Layouts (row-major, P = H*W contiguous):
  cameras  (N, 36) double: fx, fy, cx, cy, cam2world (4x4), world2cam (4x4)
  depth    (N, P) float metres, 0 = invalid
  probs    (N, C, P) float;  logs (N, C, P) float scratch
  ve, vd   (N, P) float;  landed (N) int64
  spx      (N, P) int32 dense superpixel ids (0 .. count_f - 1);  offsets (N) int64

Kernels are extern "C" so they are also in activeseg.fatbin. The dev harness
cuda/dev/view_statistics.cu checks them against a CPU reference and times a 25-frame scene.
*/
#include "activeseg.h"
#include "status.cuh"

#include <stdint.h>

#include <cub/block/block_reduce.cuh>
#include <cub/device/device_radix_sort.cuh>
#include <cub/device/device_run_length_encode.cuh>

// ----------------------------------------------------------------------------
// projection (device)

namespace activeseg {

constexpr int kCameraStride = 36;  // fx, fy, cx, cy, c2w[16], w2c[16]
constexpr double kInvLn2 = 1.4426950408889634;  // 1 / ln 2, as Java's 1.0 / Math.log(2.0)

// a*b and a+b rounded once each, never contracted into an FMA: the reference's arithmetic
__device__ __forceinline__ double mul(double a, double b) { return __dmul_rn(a, b); }
__device__ __forceinline__ double add(double a, double b) { return __dadd_rn(a, b); }
__device__ __forceinline__ double sub(double a, double b) { return __dsub_rn(a, b); }

// m (4x4 row-major) * (x, y, z, 1): ((m0 x + m1 y) + m2 z) + m3, as Pose.toWorld / toCamera
__device__ __forceinline__ void transform(const double* m, double x, double y, double z, double* out) {
  for (int r = 0; r < 3; r++) {
    const double* row = m + 4 * r;
    out[r] = add(add(add(mul(row[0], x), mul(row[1], y)), mul(row[2], z)), row[3]);
  }
}

// Camera.backProject of integer pixel (x, y) with depth d
__device__ __forceinline__ void back_project(const double* cam, int x, int y, float d, double* out) {
  const double dd = d;
  const double cx = __ddiv_rn(mul(sub((double)x, cam[2]), dd), cam[0]);
  const double cy = __ddiv_rn(mul(sub((double)y, cam[3]), dd), cam[1]);
  transform(cam + 4, cx, cy, dd, out);
}

// Reprojection.correspondences for one source pixel: the target pixel it lands on and passes the
// visibility test at, or -1
__device__ __forceinline__ int land(const double* src_cam, const float* src_depth, const double* dst_cam,
                                    const float* dst_depth, int i, int width, int height, double thr2,
                                    int project_invalid) {
  const float d = src_depth[i];
  if (d == 0.0f && !project_invalid) return -1;
  double w[3], c[3], back[3];
  back_project(src_cam, i % width, i / width, d, w);
  transform(dst_cam + 20, w[0], w[1], w[2], c);
  const double z = c[2];
  if (z == 0.0 || !isfinite(z)) return -1;
  const double u = rint(__ddiv_rn(add(mul(dst_cam[0], c[0]), mul(dst_cam[2], z)), z));
  const double v = rint(__ddiv_rn(add(mul(dst_cam[1], c[1]), mul(dst_cam[3], z)), z));
  if (!(u >= 0.0 && u < (double)width && v >= 0.0 && v < (double)height)) return -1;
  const int t = (int)v * width + (int)u;
  back_project(dst_cam, (int)u, (int)v, dst_depth[t], back);
  const double dx = sub(w[0], back[0]), dy = sub(w[1], back[1]), dz = sub(w[2], back[2]);
  return add(add(mul(dx, dx), mul(dy, dy)), mul(dz, dz)) < thr2 ? t : -1;
}

}  // namespace activeseg

// ----------------------------------------------------------------------------
// GPU kernels

// logs[e] = (float) (log(probs[e] + 1e-8) / ln 2) over the (N, C, P) elements, as ReferenceViewOps
extern "C" __global__ void as_view_log_table_kernel(const float* __restrict__ probs, float* __restrict__ logs,
                                                    int64_t total) {
  const int64_t stride = (int64_t)gridDim.x * blockDim.x;
  for (int64_t e = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; e < total; e += stride) {
    logs[e] = (float)(log((double)probs[e] + 1e-8) * activeseg::kInvLn2);
  }
}

// self[b, u] = sum_k P_t[k, u] * L_t[k, u] for the batch's targets t = t0 + b; grid (ceil(P/block), batch)
extern "C" __global__ void as_view_self_kernel(const float* __restrict__ probs, const float* __restrict__ logs,
                                               double* __restrict__ self, int32_t c, int64_t p, int64_t t0) {
  const int64_t u = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
  if (u >= p) return;
  const int64_t b = blockIdx.y;
  const int64_t base = (t0 + b) * c * p + u;
  double acc = 0.0;
  for (int32_t k = 0; k < c; k++) acc += (double)probs[base + k * p] * (double)logs[base + k * p];
  self[b * p + u] = acc;
}

// One thread per (source pixel i, source frame j = blockIdx.y, target t = t0 + blockIdx.z).
// sums is (batch, C, P) double; div, self (batch, P) double; count (batch, P) int32.
extern "C" __global__ void as_view_scatter_kernel(const double* __restrict__ cameras,
                                                  const float* __restrict__ depth,
                                                  const float* __restrict__ probs,
                                                  const float* __restrict__ logs, double* __restrict__ sums,
                                                  double* __restrict__ div, const double* __restrict__ self,
                                                  int32_t* __restrict__ count, int32_t c, int32_t width,
                                                  int32_t height, int64_t t0, double thr2,
                                                  int32_t project_invalid) {
  const int64_t p = (int64_t)width * height;
  const int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= p) return;
  const int64_t j = blockIdx.y;
  const int64_t b = blockIdx.z;
  const int64_t t = t0 + b;
  const int u = activeseg::land(cameras + j * activeseg::kCameraStride, depth + j * p,
                                cameras + t * activeseg::kCameraStride, depth + t * p, (int)i, width, height,
                                thr2, project_invalid);
  if (u < 0) return;
  const float* pj = probs + j * c * p + i;
  const float* lj = logs + j * c * p + i;
  const float* pt = probs + t * c * p + u;
  double* s = sums + b * c * p + u;
  double cross = 0.0;
  for (int32_t k = 0; k < c; k++) {
    const float v = pj[k * p];
    atomicAdd(s + k * p, (double)v);
    cross += (double)pt[k * p] * (double)lj[k * p];
  }
  atomicAdd(div + b * p + u, self[b * p + u] - cross);
  atomicAdd(count + b * p + u, 1);
}

// VE and VD of the batch's targets; landed[t] += the block's count. grid (ceil(P/block), batch).
template <int BLOCK>
__device__ void view_finalize(const double* __restrict__ sums, const double* __restrict__ div,
                              const int32_t* __restrict__ count, float* __restrict__ ve,
                              float* __restrict__ vd, unsigned long long* __restrict__ landed, int32_t c,
                              int64_t p, int64_t t0) {
  using Reduce = cub::BlockReduce<unsigned long long, BLOCK>;
  __shared__ typename Reduce::TempStorage scratch;
  const int64_t u = (int64_t)blockIdx.x * BLOCK + threadIdx.x;
  const int64_t b = blockIdx.y;
  const int64_t t = t0 + b;
  unsigned long long mine = 0;
  if (u < p) {
    const int32_t n = count[b * p + u];
    mine = (unsigned long long)n;
    float e = 0.0f, d = 0.0f;
    if (n > 0) {
      const double* s = sums + b * c * p + u;
      double row = 0.0;
      for (int32_t k = 0; k < c; k++) row += s[k * p];
      double h = 0.0;
      for (int32_t k = 0; k < c; k++) {
        const double q = s[k * p] / row;
        h -= q * log(q + 1e-12);
      }
      e = (float)(h * activeseg::kInvLn2);
      d = (float)(div[b * p + u] / n);
    }
    ve[t * p + u] = e;
    vd[t * p + u] = d;
  }
  const unsigned long long total = Reduce(scratch).Sum(mine);
  if (threadIdx.x == 0 && total > 0) atomicAdd(landed + t, total);
}

#define AS_VIEW_FINALIZE_BLOCK 256
extern "C" __global__ void __launch_bounds__(AS_VIEW_FINALIZE_BLOCK)
    as_view_finalize_kernel(const double* __restrict__ sums, const double* __restrict__ div,
                            const int32_t* __restrict__ count, float* __restrict__ ve, float* __restrict__ vd,
                            unsigned long long* __restrict__ landed, int32_t c, int64_t p, int64_t t0) {
  view_finalize<AS_VIEW_FINALIZE_BLOCK>(sums, div, count, ve, vd, landed, c, p, t0);
}

// Coverage keys of target t: keys[j * P + i] for every source pixel; sentinel when not kept.
extern "C" __global__ void as_coverage_keys_kernel(const double* __restrict__ cameras,
                                                   const float* __restrict__ depth,
                                                   const int32_t* __restrict__ spx,
                                                   const int64_t* __restrict__ offsets,
                                                   unsigned long long* __restrict__ keys, int32_t width,
                                                   int32_t height, int64_t t, int64_t total, int64_t sentinel,
                                                   double thr2, int32_t project_invalid) {
  const int64_t p = (int64_t)width * height;
  const int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= p) return;
  const int64_t j = blockIdx.y;
  const int u = activeseg::land(cameras + j * activeseg::kCameraStride, depth + j * p,
                                cameras + t * activeseg::kCameraStride, depth + t * p, (int)i, width, height,
                                thr2, project_invalid);
  const int64_t key = u < 0 ? sentinel : (int64_t)spx[t * p + u] * total + offsets[j] + spx[j * p + i];
  keys[j * p + i] = (unsigned long long)key;
}

// ----------------------------------------------------------------------------
// kernel launchers

namespace activeseg {

constexpr int kViewBlock = 256;
constexpr int64_t kMaxGridY = 65535;
constexpr size_t kAlign = 256;

inline size_t align_up(size_t x) { return (x + kAlign - 1) / kAlign * kAlign; }

// bytes of the accumulators of one target: sums (C, P) double, div and self (P) double, count (P) int32
inline size_t view_target_bytes(int32_t c, int64_t p) {
  return align_up((size_t)c * p * sizeof(double)) + 2 * align_up((size_t)p * sizeof(double)) +
         align_up((size_t)p * sizeof(int32_t));
}

inline int check_scene(const char* op, int64_t n, int32_t c, int32_t width, int32_t height) {
  if (n < 0 || c < 1 || width < 0 || height < 0) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "bad shape N=%lld C=%d W=%d H=%d", (long long)n, c, width, height);
  }
  const int64_t p = (int64_t)width * height;
  if (n > kMaxGridY || p > INT32_MAX || (p != 0 && n * p > INT64_MAX / c / (int64_t)sizeof(double))) {
    return fail(op, AS_ERR_TOO_LARGE, "scene too large: N=%lld (at most %lld) C=%d P=%lld (at most %d)",
                (long long)n, (long long)kMaxGridY, c, (long long)p, INT32_MAX);
  }
  return AS_OK;
}

inline int check_threshold(const char* op, double thr) {
  if (!(thr > 0.0) || !isfinite(thr)) return fail(op, AS_ERR_INVALID_ARGUMENT, "bad world distance threshold %g", thr);
  return AS_OK;
}

inline unsigned grid_x(int64_t p, int block) { return (unsigned)((p + block - 1) / block); }

}  // namespace activeseg

extern "C" int as_view_statistics_workspace_bytes(int32_t c, int64_t p, int64_t targets, int64_t* out) {
  using namespace activeseg;
  const char* op = "as_view_statistics_workspace_bytes";
  if (out == nullptr) return fail(op, AS_ERR_INVALID_ARGUMENT, "null output pointer");
  *out = 0;
  if (c < 1 || p < 0 || targets < 0) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "bad arguments C=%d P=%lld targets=%lld", c, (long long)p,
                (long long)targets);
  }
  if (p > INT32_MAX || (targets > 0 && view_target_bytes(c, p) > (size_t)INT64_MAX / (size_t)targets)) {
    return fail(op, AS_ERR_TOO_LARGE, "workspace overflows: C=%d P=%lld targets=%lld", c, (long long)p,
                (long long)targets);
  }
  *out = (int64_t)(view_target_bytes(c, p) * (size_t)targets);
  return AS_OK;
}

extern "C" int as_view_statistics(const double* cameras, const float* depth, const float* probs, float* logs,
                                  int64_t n, int32_t c, int32_t width, int32_t height,
                                  double world_distance_threshold, int32_t project_invalid, void* workspace,
                                  int64_t workspace_bytes, float* ve, float* vd, int64_t* landed,
                                  cudaStream_t stream) {
  using namespace activeseg;
  const char* op = "as_view_statistics";
  int status = check_scene(op, n, c, width, height);
  if (status != AS_OK) return status;
  if ((status = check_threshold(op, world_distance_threshold)) != AS_OK) return status;
  const int64_t p = (int64_t)width * height;
  if (n == 0) return AS_OK;
  if (landed == nullptr) return fail(op, AS_ERR_INVALID_ARGUMENT, "null device pointer landed");
  cudaError_t err = cudaMemsetAsync(landed, 0, (size_t)n * sizeof(int64_t), stream);
  if (err != cudaSuccess) return fail_cuda(op, err);
  if (p == 0) return AS_OK;
  if (cameras == nullptr || depth == nullptr || probs == nullptr || logs == nullptr || workspace == nullptr ||
      ve == nullptr || vd == nullptr) {
    return fail(op, AS_ERR_INVALID_ARGUMENT,
                "null device pointer (cameras=%p depth=%p probs=%p logs=%p workspace=%p ve=%p vd=%p)",
                (const void*)cameras, (const void*)depth, (const void*)probs, (void*)logs, workspace, (void*)ve,
                (void*)vd);
  }
  const size_t per_target = view_target_bytes(c, p);
  if (workspace_bytes < 0 || (size_t)workspace_bytes < per_target) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "workspace of %lld bytes is smaller than one target's %zu",
                (long long)workspace_bytes, per_target);
  }
  const int64_t batch_max = (int64_t)((size_t)workspace_bytes / per_target) < n
                                ? (int64_t)((size_t)workspace_bytes / per_target)
                                : n;
  const double thr2 = world_distance_threshold * world_distance_threshold;

  const int64_t elements = n * c * p;
  const int64_t log_blocks = (elements + kViewBlock - 1) / kViewBlock;
  as_view_log_table_kernel<<<(unsigned)(log_blocks < (1 << 20) ? log_blocks : (1 << 20)), kViewBlock, 0, stream>>>(
      probs, logs, elements);
  if ((status = check_launch(op)) != AS_OK) return status;

  for (int64_t t0 = 0; t0 < n; t0 += batch_max) {
    const int64_t batch = n - t0 < batch_max ? n - t0 : batch_max;
    // carve the batch's accumulators out of the workspace, each array batch-major
    char* at = static_cast<char*>(workspace);
    double* sums = reinterpret_cast<double*>(at);
    at += align_up((size_t)batch * c * p * sizeof(double));
    double* div = reinterpret_cast<double*>(at);
    at += align_up((size_t)batch * p * sizeof(double));
    double* self = reinterpret_cast<double*>(at);
    at += align_up((size_t)batch * p * sizeof(double));
    int32_t* count = reinterpret_cast<int32_t*>(at);
    // zero sums, div (self is overwritten) and count
    if ((err = cudaMemsetAsync(sums, 0, (size_t)batch * c * p * sizeof(double), stream)) != cudaSuccess ||
        (err = cudaMemsetAsync(div, 0, (size_t)batch * p * sizeof(double), stream)) != cudaSuccess ||
        (err = cudaMemsetAsync(count, 0, (size_t)batch * p * sizeof(int32_t), stream)) != cudaSuccess) {
      return fail_cuda(op, err);
    }
    as_view_self_kernel<<<dim3(grid_x(p, kViewBlock), (unsigned)batch), kViewBlock, 0, stream>>>(probs, logs, self,
                                                                                               c, p, t0);
    if ((status = check_launch(op)) != AS_OK) return status;
    as_view_scatter_kernel<<<dim3(grid_x(p, kViewBlock), (unsigned)n, (unsigned)batch), kViewBlock, 0, stream>>>(
        cameras, depth, probs, logs, sums, div, self, count, c, width, height, t0, thr2, project_invalid);
    if ((status = check_launch(op)) != AS_OK) return status;
    as_view_finalize_kernel<<<dim3(grid_x(p, AS_VIEW_FINALIZE_BLOCK), (unsigned)batch), AS_VIEW_FINALIZE_BLOCK, 0,
                              stream>>>(sums, div, count, ve, vd, reinterpret_cast<unsigned long long*>(landed), c,
                                        p, t0);
    if ((status = check_launch(op)) != AS_OK) return status;
  }
  return AS_OK;
}

namespace activeseg {

inline int key_bits(int64_t sentinel) {
  int bits = 1;
  while (bits < 63 && (int64_t{1} << bits) <= sentinel) bits++;
  return bits;
}

// CUB scratch for sorting and run-length encoding `items` keys
inline cudaError_t coverage_cub_bytes(int items, size_t* bytes) {
  size_t sort = 0, rle = 0;
  cudaError_t err = cub::DeviceRadixSort::SortKeys(nullptr, sort, (const unsigned long long*)nullptr,
                                                   (unsigned long long*)nullptr, items);
  if (err != cudaSuccess) return err;
  err = cub::DeviceRunLengthEncode::Encode(nullptr, rle, (const unsigned long long*)nullptr,
                                           (unsigned long long*)nullptr, (int32_t*)nullptr, (int64_t*)nullptr,
                                           items);
  *bytes = sort > rle ? sort : rle;
  return err;
}

}  // namespace activeseg

extern "C" int as_superpixel_coverage_workspace_bytes(int64_t n, int64_t p, int64_t* out) {
  using namespace activeseg;
  const char* op = "as_superpixel_coverage_workspace_bytes";
  if (out == nullptr) return fail(op, AS_ERR_INVALID_ARGUMENT, "null output pointer");
  *out = 0;
  if (n < 0 || p < 0) return fail(op, AS_ERR_INVALID_ARGUMENT, "bad shape N=%lld P=%lld", (long long)n, (long long)p);
  if (p != 0 && n > INT32_MAX / p) {
    return fail(op, AS_ERR_TOO_LARGE, "N*P overflows int32: N=%lld P=%lld", (long long)n, (long long)p);
  }
  size_t cub_bytes = 0;
  cudaError_t err = coverage_cub_bytes((int)(n * p), &cub_bytes);
  if (err != cudaSuccess) return fail_cuda(op, err);
  *out = (int64_t)(2 * align_up((size_t)(n * p) * sizeof(unsigned long long)) + align_up(cub_bytes));
  return AS_OK;
}

extern "C" int as_superpixel_coverage(const double* cameras, const float* depth, const int32_t* spx,
                                      const int64_t* offsets, int64_t n, int32_t width, int32_t height,
                                      double world_distance_threshold, int32_t project_invalid, int64_t target,
                                      int64_t target_superpixels, int64_t total_superpixels, void* workspace,
                                      int64_t workspace_bytes, unsigned long long* unique_keys, int32_t* counts,
                                      int64_t* runs, cudaStream_t stream) {
  using namespace activeseg;
  const char* op = "as_superpixel_coverage";
  int status = check_scene(op, n, 1, width, height);
  if (status != AS_OK) return status;
  if ((status = check_threshold(op, world_distance_threshold)) != AS_OK) return status;
  const int64_t p = (int64_t)width * height;
  if (target < 0 || target >= n || target_superpixels < 1 || total_superpixels < target_superpixels ||
      target_superpixels > INT64_MAX / 2 / total_superpixels) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "bad target %lld of N=%lld or superpixel counts %lld of %lld",
                (long long)target, (long long)n, (long long)target_superpixels, (long long)total_superpixels);
  }
  if (p != 0 && n > INT32_MAX / p) {
    return fail(op, AS_ERR_TOO_LARGE, "N*P overflows int32: N=%lld P=%lld", (long long)n, (long long)p);
  }
  if (cameras == nullptr || depth == nullptr || spx == nullptr || offsets == nullptr || workspace == nullptr ||
      unique_keys == nullptr || counts == nullptr || runs == nullptr) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "null device pointer");
  }
  cudaError_t err;
  if (p == 0) {
    err = cudaMemsetAsync(runs, 0, sizeof(int64_t), stream);
    return err == cudaSuccess ? AS_OK : fail_cuda(op, err);
  }
  const int items = (int)(n * p);
  size_t cub_bytes = 0;
  if ((err = coverage_cub_bytes(items, &cub_bytes)) != cudaSuccess) return fail_cuda(op, err);
  const size_t key_bytes = align_up((size_t)items * sizeof(unsigned long long));
  if (workspace_bytes < 0 || (size_t)workspace_bytes < 2 * key_bytes + cub_bytes) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "workspace of %lld bytes, need %zu", (long long)workspace_bytes,
                2 * key_bytes + cub_bytes);
  }
  char* at = static_cast<char*>(workspace);
  unsigned long long* keys = reinterpret_cast<unsigned long long*>(at);
  unsigned long long* sorted = reinterpret_cast<unsigned long long*>(at + key_bytes);
  void* temp = at + 2 * key_bytes;
  const int64_t sentinel = target_superpixels * total_superpixels;
  as_coverage_keys_kernel<<<dim3(grid_x(p, kViewBlock), (unsigned)n), kViewBlock, 0, stream>>>(
      cameras, depth, spx, offsets, keys, width, height, target, total_superpixels, sentinel,
      world_distance_threshold * world_distance_threshold, project_invalid);
  if ((status = check_launch(op)) != AS_OK) return status;
  size_t temp_bytes = cub_bytes;
  if ((err = cub::DeviceRadixSort::SortKeys(temp, temp_bytes, keys, sorted, items, 0, key_bits(sentinel), stream)) !=
      cudaSuccess) {
    return fail_cuda(op, err);
  }
  temp_bytes = cub_bytes;
  if ((err = cub::DeviceRunLengthEncode::Encode(temp, temp_bytes, sorted, unique_keys, counts, runs, items, stream)) !=
      cudaSuccess) {
    return fail_cuda(op, err);
  }
  return AS_OK;
}
