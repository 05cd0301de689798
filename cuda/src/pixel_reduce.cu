/*
Reductions of per-pixel maps (PixelOps; ALGORITHMS.md 2.1 image mean/sum, ViewAL superpixel
means, RIPU/RMCDR box filters, top-k selection):

  as_reduce        sum, mean or max of a map (n floats) in double. Kernel 1: a fixed grid of at
                   most 1024 blocks, each a grid-stride loop then a shared-memory tree into one
                   partial; kernel 2: one block folds the partials. Fixed shapes, so the result
                   does not vary from run to run.
  as_segment_sums  per-bin double sums and counts (bins (n) int32, dense in [0, bins)); one pass
                   with global atomics (double atomicAdd is native from sm_60). The caller
                   compacts sparse ids first (CudaPixelOps does it on the host, as the reference).
  as_box_sums      (H, W) map, odd window: pass 1 row sums over [x-r, x+r] clipped, into double
                   scratch; pass 2 column sums of those over [y-r, y+r] clipped, to float. Each is
                   O(window) reads per pixel from L1/L2; counts = in-image window area.
  as_top_k_order   every index sorted by (value desc, index asc): the floats become
                   order-preserving uint32 keys (-0 folded into +0), and CUB's stable
                   DeviceRadixSort::SortPairsDescending carries the indices 0..n-1, so equal
                   values keep ascending indices, the reference's tie order exactly.
*/
#include "activeseg.h"
#include "pixel_kernels.cuh"
#include "status.cuh"

#include <cub/device/device_radix_sort.cuh>
#include <math.h>
#include <stdint.h>

// ----------------------------------------------------------------------------
// GPU kernels

namespace activeseg {
constexpr int kReduceBlock = 256;
constexpr int kReducePartials = AS_REDUCE_WORKSPACE - 1;
}  // namespace activeseg

__device__ __forceinline__ double reduce_combine(double a, double b, int32_t op) {
  return op == AS_REDUCE_MAX ? fmax(a, b) : a + b;
}

// Folds the block's values in shared memory; thread 0 gets the result. blockDim.x == kReduceBlock.
__device__ double reduce_block(double v, int32_t op) {
  __shared__ double shared[activeseg::kReduceBlock];
  shared[threadIdx.x] = v;
  __syncthreads();
  for (int half = activeseg::kReduceBlock / 2; half > 0; half /= 2) {
    if (threadIdx.x < half) {
      shared[threadIdx.x] = reduce_combine(shared[threadIdx.x], shared[threadIdx.x + half], op);
    }
    __syncthreads();
  }
  return shared[0];
}

// map is (n); partials (gridDim.x)
__global__ void reduce_partials_kernel(const float* __restrict__ map, int64_t n, int32_t op,
                                       double* __restrict__ partials) {
  double acc = op == AS_REDUCE_MAX ? -INFINITY : 0.0;
  const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
       i += stride) {
    acc = reduce_combine(acc, static_cast<double>(map[i]), op);
  }
  const double block = reduce_block(acc, op);
  if (threadIdx.x == 0) partials[blockIdx.x] = block;
}

// partials is (count); out one double. One block.
__global__ void reduce_final_kernel(const double* __restrict__ partials, int count, int64_t n,
                                    int32_t op, double* __restrict__ out) {
  double acc = op == AS_REDUCE_MAX ? -INFINITY : 0.0;
  for (int j = threadIdx.x; j < count; j += blockDim.x) acc = reduce_combine(acc, partials[j], op);
  const double total = reduce_block(acc, op);
  if (threadIdx.x == 0) *out = op == AS_REDUCE_MEAN ? total / static_cast<double>(n) : total;
}

// map and bins are (n); sums and counts (bins_count)
__global__ void segment_sums_kernel(const float* __restrict__ map, const int32_t* __restrict__ bins,
                                    int64_t n, double* __restrict__ sums,
                                    unsigned long long* __restrict__ counts) {
  const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
       i += stride) {
    const int32_t b = bins[i];
    atomicAdd(sums + b, static_cast<double>(map[i]));
    atomicAdd(counts + b, 1ull);
  }
}

// map (H, W) -> row_sums (H, W): sum of map[y, x-r .. x+r] (clipped)
__global__ void box_rows_kernel(const float* __restrict__ map, int32_t width, int32_t height,
                                int32_t r, double* __restrict__ row_sums) {
  const int64_t total = static_cast<int64_t>(width) * height;
  const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < total;
       i += stride) {
    const int32_t y = static_cast<int32_t>(i / width);
    const int32_t x = static_cast<int32_t>(i - static_cast<int64_t>(y) * width);
    const int32_t x0 = max(0, x - r);
    const int32_t x1 = min(width - 1, x + r);
    const float* row = map + static_cast<int64_t>(y) * width;
    double s = 0.0;
    for (int32_t xx = x0; xx <= x1; xx++) s += row[xx];
    row_sums[i] = s;
  }
}

// row_sums (H, W) -> sums (H, W): sum of row_sums[y-r .. y+r, x] (clipped); counts optional
__global__ void box_columns_kernel(const double* __restrict__ row_sums, int32_t width,
                                   int32_t height, int32_t r, float* __restrict__ sums,
                                   int32_t* __restrict__ counts) {
  const int64_t total = static_cast<int64_t>(width) * height;
  const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < total;
       i += stride) {
    const int32_t y = static_cast<int32_t>(i / width);
    const int32_t x = static_cast<int32_t>(i - static_cast<int64_t>(y) * width);
    const int32_t y0 = max(0, y - r);
    const int32_t y1 = min(height - 1, y + r);
    double s = 0.0;
    for (int32_t yy = y0; yy <= y1; yy++) s += row_sums[static_cast<int64_t>(yy) * width + x];
    sums[i] = static_cast<float>(s);
    if (counts != nullptr) {
      counts[i] = (min(width - 1, x + r) - max(0, x - r) + 1) * (y1 - y0 + 1);
    }
  }
}

// values (n) -> keys (n), order-preserving uint32; indices (n) = 0..n-1
__global__ void top_k_keys_kernel(const float* __restrict__ values, int32_t n,
                                  uint32_t* __restrict__ keys, int32_t* __restrict__ indices) {
  for (int32_t i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) {
    const float v = values[i] + 0.0f;  // -0 + 0 = +0: equal values get equal keys
    const uint32_t bits = __float_as_uint(v);
    keys[i] = (bits & 0x80000000u) ? ~bits : (bits | 0x80000000u);
    indices[i] = i;
  }
}

// ----------------------------------------------------------------------------
// kernel launchers

namespace activeseg {

/* The layout of as_top_k_order's workspace: keys in, keys out, indices in, then CUB's temp. */
struct TopKWorkspace {
  size_t keys_bytes;
  size_t cub_bytes;
  size_t total() const { return 3 * keys_bytes + cub_bytes; }
};

inline cudaError_t top_k_workspace(int32_t n, TopKWorkspace* w) {
  w->keys_bytes = align256(static_cast<size_t>(n) * sizeof(uint32_t));
  w->cub_bytes = 0;
  cudaError_t err = cub::DeviceRadixSort::SortPairsDescending<uint32_t, int32_t>(
      nullptr, w->cub_bytes, nullptr, nullptr, nullptr, nullptr, n);
  w->cub_bytes = align256(w->cub_bytes);
  return err;
}

}  // namespace activeseg

extern "C" int as_reduce(const float* map, int64_t n, int32_t op, double* workspace,
                         cudaStream_t stream) {
  using namespace activeseg;
  const char* name = "as_reduce";
  if (n < 1) return fail(name, AS_ERR_INVALID_ARGUMENT, "needs n >= 1, got %lld", (long long)n);
  if (op < AS_REDUCE_SUM || op > AS_REDUCE_MAX) {
    return fail(name, AS_ERR_INVALID_ARGUMENT, "unknown reduction %d", op);
  }
  if (map == nullptr || workspace == nullptr) {
    return fail(name, AS_ERR_INVALID_ARGUMENT, "null device pointer (map=%p workspace=%p)",
                (const void*)map, (void*)workspace);
  }
  int64_t blocks = (n + kReduceBlock - 1) / kReduceBlock;
  const int grid = static_cast<int>(blocks < kReducePartials ? blocks : kReducePartials);
  reduce_partials_kernel<<<grid, kReduceBlock, 0, stream>>>(map, n, op, workspace + 1);
  int status = check_launch(name);
  if (status != AS_OK) return status;
  reduce_final_kernel<<<1, kReduceBlock, 0, stream>>>(workspace + 1, grid, n, op, workspace);
  return check_launch(name);
}

extern "C" int as_segment_sums(const float* map, const int32_t* bins, int64_t n,
                               int32_t bins_count, double* sums, unsigned long long* counts,
                               cudaStream_t stream) {
  using namespace activeseg;
  const char* op = "as_segment_sums";
  if (n < 0 || bins_count < 0 || (n > 0 && bins_count == 0)) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "bad extents n=%lld bins=%d", (long long)n, bins_count);
  }
  if (bins_count == 0) return AS_OK;
  if (sums == nullptr || counts == nullptr || (n > 0 && (map == nullptr || bins == nullptr))) {
    return fail(op, AS_ERR_INVALID_ARGUMENT,
                "null device pointer (map=%p bins=%p sums=%p counts=%p)", (const void*)map,
                (const void*)bins, (void*)sums, (void*)counts);
  }
  cudaError_t err = cudaMemsetAsync(sums, 0, static_cast<size_t>(bins_count) * sizeof(double), stream);
  if (err == cudaSuccess) {
    err = cudaMemsetAsync(counts, 0, static_cast<size_t>(bins_count) * sizeof(unsigned long long),
                          stream);
  }
  if (err != cudaSuccess) return fail_cuda(op, err);
  if (n == 0) return AS_OK;
  segment_sums_kernel<<<pixel_grid(n, kPixelBlock), kPixelBlock, 0, stream>>>(map, bins, n, sums,
                                                                              counts);
  return check_launch(op);
}

extern "C" int as_box_sums(const float* map, int32_t width, int32_t height, int32_t window,
                           double* row_sums, float* sums, int32_t* counts, cudaStream_t stream) {
  using namespace activeseg;
  const char* op = "as_box_sums";
  if (width < 0 || height < 0) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "bad extents %dx%d", width, height);
  }
  if (window < 1 || window % 2 == 0) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "window must be odd and positive, got %d", window);
  }
  const int64_t total = static_cast<int64_t>(width) * height;
  if (total == 0) return AS_OK;
  if (map == nullptr || row_sums == nullptr || sums == nullptr) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "null device pointer (map=%p row_sums=%p sums=%p)",
                (const void*)map, (void*)row_sums, (void*)sums);
  }
  const int r = window / 2;
  const int grid = pixel_grid(total, kPixelBlock);
  box_rows_kernel<<<grid, kPixelBlock, 0, stream>>>(map, width, height, r, row_sums);
  int status = check_launch(op);
  if (status != AS_OK) return status;
  box_columns_kernel<<<grid, kPixelBlock, 0, stream>>>(row_sums, width, height, r, sums, counts);
  return check_launch(op);
}

extern "C" int as_top_k_workspace_bytes(int64_t n, int64_t* bytes) {
  using namespace activeseg;
  const char* op = "as_top_k_workspace_bytes";
  if (bytes == nullptr) return fail(op, AS_ERR_INVALID_ARGUMENT, "bytes is null");
  *bytes = 0;
  if (n < 0 || n > INT32_MAX) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "n must be in [0, 2^31), got %lld", (long long)n);
  }
  TopKWorkspace w;
  cudaError_t err = top_k_workspace(static_cast<int32_t>(n), &w);
  if (err != cudaSuccess) return fail_cuda(op, err);
  *bytes = static_cast<int64_t>(w.total());
  return AS_OK;
}

extern "C" int as_top_k_order(const float* values, int64_t n, int32_t* order, void* workspace,
                              int64_t workspace_bytes, cudaStream_t stream) {
  using namespace activeseg;
  const char* op = "as_top_k_order";
  if (n < 0 || n > INT32_MAX) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "n must be in [0, 2^31), got %lld", (long long)n);
  }
  if (n == 0) return AS_OK;
  if (values == nullptr || order == nullptr || workspace == nullptr) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "null device pointer (values=%p order=%p workspace=%p)",
                (const void*)values, (void*)order, workspace);
  }
  const int32_t count = static_cast<int32_t>(n);
  TopKWorkspace w;
  cudaError_t err = top_k_workspace(count, &w);
  if (err != cudaSuccess) return fail_cuda(op, err);
  if (workspace_bytes < 0 || static_cast<size_t>(workspace_bytes) < w.total()) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "workspace of %lld bytes, needs %zu",
                (long long)workspace_bytes, w.total());
  }
  char* base = static_cast<char*>(workspace);
  uint32_t* keys_in = reinterpret_cast<uint32_t*>(base);
  uint32_t* keys_out = reinterpret_cast<uint32_t*>(base + w.keys_bytes);
  int32_t* indices_in = reinterpret_cast<int32_t*>(base + 2 * w.keys_bytes);
  void* cub_temp = base + 3 * w.keys_bytes;
  top_k_keys_kernel<<<pixel_grid(n, kPixelBlock), kPixelBlock, 0, stream>>>(values, count, keys_in,
                                                                            indices_in);
  int status = check_launch(op);
  if (status != AS_OK) return status;
  size_t cub_bytes = w.cub_bytes;
  err = cub::DeviceRadixSort::SortPairsDescending(cub_temp, cub_bytes, keys_in, keys_out,
                                                  indices_in, order, count, 0, 32, stream);
  if (err != cudaSuccess) return fail_cuda(op, err);
  return check_launch(op);
}
