/*
RIPU's region statistics (shared/spec/ALGORITHMS.md section 3(a)); the Java ground truth is
org.activeseg.backend.ReferenceRegionOps, which these kernels follow operation for operation.

1. Mean entropy and argmax over MC samples:
     p_c = (sum_t probs[t, c, i]) / T,  entropy[i] = -sum_c p_c ln(p_c + eps) / norm,
     argmax[i] = first c with the largest p_c (ties to the lowest class).
   probs (T, C, P) float32, P contiguous: element (t, c, i) at (t*C + c)*P + i.
   entropy (P) float32, argmax (P) int32. One thread per pixel, sums over t in double in t order
   (as the reference), so memory does not depend on T and a warp reads 32 consecutive floats.

2. Impurity and uncertainty over the window [y-k, y+k] x [x-k, x+k] clipped to the (H, W) image
   (row-major, i = y*W + x), from integral images of stride W+1 and H+1 rows (row 0 and column 0
   zero): I[(y+1)*(W+1) + x+1] = sum over rows <= y, columns <= x.
     impurity[i]    = -sum_c (n_c/count) ln(n_c/count + eps) / norm   (n_c > 0 terms only)
     uncertainty[i] = (box sum of entropy) / count
   Per class: an int32 integral image of [argmax == c] (exact counts), built by an inclusive
   block scan of each row (one block per row, CUB BlockScan, tiles of kScanBlock with a carry)
   followed by a segmented running sum down each column (segments of kSegmentRows rows: segment
   totals, their exclusive scan per column, then each segment re-walked from its offset; threads
   over (column, segment), coalesced across a row);
   then one thread per pixel adds its class term to a double accumulator. The entropy integral
   is the same two passes in double. Any radius costs the same (four lookups per window).

Workspace (as_impurity_uncertainty_workspace_bytes): (H+1)(W+1) int32 + (H+1)(W+1) double +
P double + ceil(H/32)(W+1) double (segment totals), each region 256-byte aligned.
*/
#include "activeseg.h"
#include "status.cuh"

#include <cub/block/block_scan.cuh>
#include <stdint.h>

// ----------------------------------------------------------------------------
// GPU kernels

// probs is (T, C, P), P contiguous; entropy and argmax are (P)
extern "C" __global__ void as_mean_entropy_argmax_kernel(const float* __restrict__ probs,
                                                         float* __restrict__ entropy,
                                                         int32_t* __restrict__ argmax, int32_t t,
                                                         int32_t c, int64_t p, double eps,
                                                         double norm) {
  const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < p;
       i += stride) {
    double h = 0.0;
    double best = -INFINITY;
    int32_t arg = 0;
    for (int32_t k = 0; k < c; k++) {
      double sum = 0.0;
      for (int32_t s = 0; s < t; s++) {
        sum += __ldg(probs + (static_cast<int64_t>(s) * c + k) * p + i);
      }
      const double q = sum / t;
      h -= q * log(q + eps);
      if (q > best) {
        best = q;
        arg = k;
      }
    }
    entropy[i] = static_cast<float>(h / norm);
    argmax[i] = arg;
  }
}

namespace activeseg::region {

constexpr int kScanBlock = 256;

// Source of the integral image: [argmax == cls] as int, or the entropy as double.
struct ClassIndicator {
  const int32_t* argmax;
  int32_t cls;
  __device__ int operator()(int64_t i) const { return argmax[i] == cls ? 1 : 0; }
};
struct EntropyValue {
  const float* entropy;
  __device__ double operator()(int64_t i) const { return static_cast<double>(entropy[i]); }
};

// One block per row y: integral[(y+1)*(W+1) + x+1] = sum of src over row y, columns <= x.
template <typename V, typename Src>
__global__ void row_prefix_kernel(Src src, V* __restrict__ integral, int32_t w, int32_t h) {
  using Scan = cub::BlockScan<V, kScanBlock>;
  __shared__ typename Scan::TempStorage temp;
  const int32_t y = blockIdx.x;
  if (y >= h) return;
  const int64_t stride = static_cast<int64_t>(w) + 1;
  V* out = integral + (static_cast<int64_t>(y) + 1) * stride + 1;
  V carry = V(0);
  for (int32_t x0 = 0; x0 < w; x0 += kScanBlock) {
    const int32_t x = x0 + threadIdx.x;
    V v = x < w ? src(static_cast<int64_t>(y) * w + x) : V(0);
    V total;
    Scan(temp).InclusiveSum(v, v, total);
    if (x < w) out[x] = carry + v;
    carry += total;
    __syncthreads();  // temp is reused by the next tile
  }
}

// The column pass turns row prefixes into the integral image: cell (y, x) += sum of the rows
// above. The H rows are cut into segments of kSegmentRows so that (W+1) x segments threads work:
//   1. totals[s, x]  = sum of the row prefixes of segment s in column x
//   2. totals[s, x] := exclusive prefix over s (one thread per column, ceil(H / kSegmentRows) steps)
//   3. each (s, x) walks its segment again with the running sum started at totals[s, x].
// Row 0 and column 0 (never written by row_prefix_kernel) are zeroed in step 3.
constexpr int kSegmentRows = 32;

template <typename V>
__global__ void column_segment_totals_kernel(const V* __restrict__ integral,
                                             V* __restrict__ totals, int32_t w, int32_t h) {
  const int64_t stride = static_cast<int64_t>(w) + 1;
  const int64_t x = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  const int64_t seg = blockIdx.y;
  if (x > w) return;
  V sum = V(0);
  if (x > 0) {
    const int64_t y0 = 1 + seg * kSegmentRows;
    const int64_t y1 = min(static_cast<int64_t>(h), y0 + kSegmentRows - 1);
    for (int64_t y = y0; y <= y1; y++) sum += integral[y * stride + x];
  }
  totals[seg * stride + x] = sum;
}

template <typename V>
__global__ void column_segment_scan_kernel(V* __restrict__ totals, int32_t w, int32_t segments) {
  const int64_t stride = static_cast<int64_t>(w) + 1;
  const int64_t x = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (x > w) return;
  V run = V(0);
  for (int64_t seg = 0; seg < segments; seg++) {
    const V t = totals[seg * stride + x];
    totals[seg * stride + x] = run;
    run += t;
  }
}

template <typename V>
__global__ void column_segment_apply_kernel(V* __restrict__ integral,
                                            const V* __restrict__ totals, int32_t w, int32_t h) {
  const int64_t stride = static_cast<int64_t>(w) + 1;
  const int64_t x = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  const int64_t seg = blockIdx.y;
  if (x > w) return;
  if (seg == 0) integral[x] = V(0);
  const int64_t y0 = 1 + seg * kSegmentRows;
  const int64_t y1 = min(static_cast<int64_t>(h), y0 + kSegmentRows - 1);
  V run = totals[seg * stride + x];
  for (int64_t y = y0; y <= y1; y++) {
    V* cell = integral + y * stride + x;
    if (x == 0) {
      *cell = V(0);
    } else {
      run += *cell;
      *cell = run;
    }
  }
}

struct Window {
  int32_t x0, x1, y0, y1;  // half-open in integral coordinates
  __device__ Window(int32_t x, int32_t y, int32_t w, int32_t h, int32_t r) {
    y0 = max(0, y - r);
    y1 = min(h - 1, y + r) + 1;
    x0 = max(0, x - r);
    x1 = min(w - 1, x + r) + 1;
  }
  template <typename V>
  __device__ V box(const V* integral, int64_t stride) const {
    return integral[y1 * stride + x1] - integral[y0 * stride + x1] - integral[y1 * stride + x0] +
           integral[y0 * stride + x0];
  }
  __device__ int32_t count() const { return (y1 - y0) * (x1 - x0); }
};

__global__ void impurity_term_kernel(const int32_t* __restrict__ integral,
                                     double* __restrict__ acc, int32_t w, int32_t h, int32_t r,
                                     double eps) {
  const int64_t pixels = static_cast<int64_t>(w) * h;
  const int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i >= pixels) return;
  const Window win(static_cast<int32_t>(i % w), static_cast<int32_t>(i / w), w, h, r);
  const int32_t n = win.box(integral, static_cast<int64_t>(w) + 1);
  if (n > 0) {
    const double q = static_cast<double>(n) / win.count();
    acc[i] -= q * log(q + eps);
  }
}

__global__ void impurity_finish_kernel(const double* __restrict__ acc,
                                       float* __restrict__ impurity, int64_t pixels, double norm) {
  const int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i < pixels) impurity[i] = static_cast<float>(acc[i] / norm);
}

__global__ void uncertainty_kernel(const double* __restrict__ integral,
                                   float* __restrict__ uncertainty, int32_t w, int32_t h,
                                   int32_t r) {
  const int64_t pixels = static_cast<int64_t>(w) * h;
  const int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i >= pixels) return;
  const Window win(static_cast<int32_t>(i % w), static_cast<int32_t>(i / w), w, h, r);
  const double s = win.box(integral, static_cast<int64_t>(w) + 1);
  uncertainty[i] = static_cast<float>(s / win.count());
}

// ----------------------------------------------------------------------------
// kernel launchers

constexpr int kRegionBlock = 256;

struct RegionWorkspace {
  int32_t segments;
  size_t count_bytes, sum_bytes, acc_bytes, totals_bytes;
  RegionWorkspace(int32_t w, int32_t h) {
    const size_t cells = (static_cast<size_t>(w) + 1) * (static_cast<size_t>(h) + 1);
    segments = (h + kSegmentRows - 1) / kSegmentRows;
    sum_bytes = align256(cells * sizeof(double));
    acc_bytes = align256(static_cast<size_t>(w) * h * sizeof(double));
    totals_bytes = align256(static_cast<size_t>(segments) * (static_cast<size_t>(w) + 1) * sizeof(double));
    count_bytes = align256(cells * sizeof(int32_t));
  }
  size_t total() const { return sum_bytes + acc_bytes + totals_bytes + count_bytes; }
};

// The three column-pass kernels on one integral image (totals is scratch of the same type).
template <typename V>
void column_pass(V* integral, V* totals, int32_t w, int32_t h, int32_t segments, int block,
                 cudaStream_t stream) {
  const unsigned column_blocks = static_cast<unsigned>((static_cast<int64_t>(w) + 1 + block - 1) / block);
  const dim3 grid(column_blocks, static_cast<unsigned>(segments));
  column_segment_totals_kernel<V><<<grid, block, 0, stream>>>(integral, totals, w, h);
  column_segment_scan_kernel<V><<<column_blocks, block, 0, stream>>>(totals, w, segments);
  column_segment_apply_kernel<V><<<grid, block, 0, stream>>>(integral, totals, w, h);
}

inline unsigned pixel_blocks(int64_t n, int block) {
  return static_cast<unsigned>((n + block - 1) / block);
}

}  // namespace activeseg::region

extern "C" int as_mean_entropy_argmax(const float* probs, float* entropy, int32_t* argmax,
                                      int32_t t, int32_t c, int64_t p, double eps, double norm,
                                      cudaStream_t stream) {
  using namespace activeseg;
  using namespace activeseg::region;
  const char* op = "as_mean_entropy_argmax";
  if (t < 1 || c < 1 || p < 0) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "bad shape T=%d C=%d P=%lld", t, c, (long long)p);
  }
  if (!(eps >= 0.0) || !(norm > 0.0)) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "bad eps %g or norm %g", eps, norm);
  }
  if (p != 0 && static_cast<int64_t>(t) * c > INT64_MAX / p) {
    return fail(op, AS_ERR_TOO_LARGE, "T*C*P overflows: T=%d C=%d P=%lld", t, c, (long long)p);
  }
  if (p == 0) return AS_OK;
  if (probs == nullptr || entropy == nullptr || argmax == nullptr) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "null device pointer");
  }
  const int64_t blocks = (p + kRegionBlock - 1) / kRegionBlock;
  as_mean_entropy_argmax_kernel<<<static_cast<unsigned>(blocks < (1 << 20) ? blocks : (1 << 20)),
                                  kRegionBlock, 0, stream>>>(probs, entropy, argmax, t, c, p, eps,
                                                            norm);
  return check_launch(op);
}

extern "C" int as_impurity_uncertainty_workspace_bytes(int32_t w, int32_t h, size_t* out) {
  using namespace activeseg;
  using namespace activeseg::region;
  if (out == nullptr || w < 1 || h < 1) {
    return fail("as_impurity_uncertainty_workspace_bytes", AS_ERR_INVALID_ARGUMENT,
                "bad geometry %dx%d or null out", w, h);
  }
  *out = RegionWorkspace(w, h).total();
  return AS_OK;
}

extern "C" int as_impurity_uncertainty(const int32_t* argmax, const float* entropy, int32_t w,
                                       int32_t h, int32_t classes, int32_t radius, double eps,
                                       double norm, float* impurity, float* uncertainty,
                                       void* workspace, size_t workspace_bytes,
                                       cudaStream_t stream) {
  using namespace activeseg;
  using namespace activeseg::region;
  const char* op = "as_impurity_uncertainty";
  if (w < 1 || h < 1 || classes < 1 || radius < 0) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "bad geometry %dx%d, %d classes, radius %d", w, h,
                classes, radius);
  }
  if (!(eps >= 0.0) || !(norm > 0.0)) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "bad eps %g or norm %g", eps, norm);
  }
  const RegionWorkspace layout(w, h);
  if (layout.segments > 65535) {
    return fail(op, AS_ERR_TOO_LARGE, "height %d exceeds %d rows", h, 65535 * kSegmentRows);
  }
  if (argmax == nullptr || impurity == nullptr || workspace == nullptr ||
      (uncertainty != nullptr && entropy == nullptr)) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "null device pointer");
  }
  if (workspace_bytes < layout.total()) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "workspace of %zu bytes, need %zu", workspace_bytes,
                layout.total());
  }
  char* base = static_cast<char*>(workspace);
  double* sums = reinterpret_cast<double*>(base);
  double* acc = reinterpret_cast<double*>(base + layout.sum_bytes);
  void* totals = base + layout.sum_bytes + layout.acc_bytes;
  int32_t* counts =
      reinterpret_cast<int32_t*>(base + layout.sum_bytes + layout.acc_bytes + layout.totals_bytes);
  const int64_t pixels = static_cast<int64_t>(w) * h;
  const unsigned grid = pixel_blocks(pixels, kRegionBlock);

  cudaError_t err = cudaMemsetAsync(acc, 0, pixels * sizeof(double), stream);
  if (err != cudaSuccess) return fail_cuda(op, err);
  for (int32_t cls = 0; cls < classes; cls++) {
    row_prefix_kernel<int, ClassIndicator><<<h, kScanBlock, 0, stream>>>(
        ClassIndicator{argmax, cls}, counts, w, h);
    column_pass<int>(counts, static_cast<int*>(totals), w, h, layout.segments, kRegionBlock, stream);
    impurity_term_kernel<<<grid, kRegionBlock, 0, stream>>>(counts, acc, w, h, radius, eps);
  }
  impurity_finish_kernel<<<grid, kRegionBlock, 0, stream>>>(acc, impurity, pixels, norm);
  if (uncertainty != nullptr) {
    row_prefix_kernel<double, EntropyValue><<<h, kScanBlock, 0, stream>>>(EntropyValue{entropy},
                                                                          sums, w, h);
    column_pass<double>(sums, static_cast<double*>(totals), w, h, layout.segments, kRegionBlock,
                        stream);
    uncertainty_kernel<<<grid, kRegionBlock, 0, stream>>>(sums, uncertainty, w, h, radius);
  }
  return check_launch(op);
}
