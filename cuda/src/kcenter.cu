/*
Core-set k-center greedy on the device (shared/spec/ALGORITHMS.md section 2.1, CSET;
google/active-learning kcenter_greedy); the Java ground truth is ReferenceDiversityOps.

  x         (N, D) float32 rows, D contiguous: element (i, j) at i*D + j
  min_dist  (N) float64 in/out
  taken     (N) uint8: nonzero = a centre or an earlier pick (excluded from the argmax)

1. update: min_dist[i] = min(min_dist[i], ||x_i - x_c||). One warp per row: lanes stride over D
   (a warp reads 32 consecutive floats of the row per step, the centre row stays in L1/L2),
   squared differences in double, a shuffle reduction, sqrt in double.
2. argmax over rows not taken of min_dist, ties to the lowest index (the reference's first
   strict maximum): a grid-stride pass in which every block reduces (value, index) pairs to one
   and writes it to the workspace, then one block reduces the partials; writes the index (-1 when
   every row is taken) and its value. Comparison: larger value, or equal value and smaller index.

Memory at N = 1M, D = 256: x 1 GiB, min_dist 8 MB, taken 1 MB, workspace
AS_KCENTER_ARGMAX_WORKSPACE_BYTES (16 KiB); one update reads x once. Its time on a GPU is measured
by KCenterBenchmark (-p backend=cuda -p rows=1000000; greedy: every pick an update plus an argmax).
*/
#include "activeseg.h"
#include "status.cuh"

#include <stdint.h>

namespace activeseg::kcenter {

constexpr int kUpdateBlock = 256;  // 8 rows per block
constexpr int kArgmaxBlock = 512;
constexpr int kArgmaxBlocks = 1024;
static_assert(kArgmaxBlocks * (sizeof(double) + sizeof(int64_t)) <= AS_KCENTER_ARGMAX_WORKSPACE_BYTES,
              "workspace too small");

struct Best {
  double value;
  int64_t index;  // -1: none
};

__device__ inline Best better(Best a, Best b) {
  if (a.index < 0) return b;
  if (b.index < 0) return a;
  if (b.value > a.value || (b.value == a.value && b.index < a.index)) return b;
  return a;
}

__device__ inline Best warp_best(Best v) {
  for (int offset = 16; offset > 0; offset >>= 1) {
    Best o;
    o.value = __shfl_down_sync(0xffffffffu, v.value, offset);
    o.index = __shfl_down_sync(0xffffffffu, v.index, offset);
    v = better(v, o);
  }
  return v;
}

// every thread of the block calls it; thread 0 gets the block's best
__device__ inline Best block_best(Best v) {
  __shared__ double values[32];
  __shared__ int64_t indices[32];
  const int lane = threadIdx.x & 31;
  const int warp = threadIdx.x >> 5;
  v = warp_best(v);
  if (lane == 0) {
    values[warp] = v.value;
    indices[warp] = v.index;
  }
  __syncthreads();
  const int warps = (blockDim.x + 31) >> 5;
  if (warp == 0) {
    Best w{0.0, -1};
    if (lane < warps) w = Best{values[lane], indices[lane]};
    v = warp_best(w);
  }
  return v;
}

}  // namespace activeseg::kcenter

// ----------------------------------------------------------------------------
// GPU kernels

// x is (N, D); min_dist is (N)
extern "C" __global__ void as_kcenter_update_kernel(const float* __restrict__ x, int64_t n,
                                                    int32_t d, int64_t centre,
                                                    double* __restrict__ min_dist) {
  const int lane = threadIdx.x & 31;
  const int64_t warps = (static_cast<int64_t>(gridDim.x) * blockDim.x) >> 5;
  const float* c = x + centre * d;
  for (int64_t row = (static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x) >> 5; row < n;
       row += warps) {
    const float* xi = x + row * d;
    double s = 0.0;
    for (int32_t j = lane; j < d; j += 32) {
      const double diff = static_cast<double>(__ldg(xi + j)) - static_cast<double>(__ldg(c + j));
      s += diff * diff;
    }
    for (int offset = 16; offset > 0; offset >>= 1) s += __shfl_down_sync(0xffffffffu, s, offset);
    if (lane == 0) {
      const double dist = sqrt(s);
      if (dist < min_dist[row]) min_dist[row] = dist;
    }
  }
}

// stage 1: one (value, index) per block into the workspace
extern "C" __global__ void as_kcenter_argmax_partial_kernel(const double* __restrict__ min_dist,
                                                            const uint8_t* __restrict__ taken,
                                                            int64_t n, void* workspace) {
  using namespace activeseg::kcenter;
  Best v{0.0, -1};
  const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
       i += stride) {
    if (!taken[i]) v = better(v, Best{min_dist[i], i});
  }
  v = block_best(v);
  if (threadIdx.x == 0) {
    double* values = static_cast<double*>(workspace);
    int64_t* indices = reinterpret_cast<int64_t*>(values + gridDim.x);
    values[blockIdx.x] = v.value;
    indices[blockIdx.x] = v.index;
  }
}

// stage 2: one block over the partials of `parts` blocks
extern "C" __global__ void as_kcenter_argmax_final_kernel(const void* workspace, int32_t parts,
                                                          int64_t* out_index, double* out_value) {
  using namespace activeseg::kcenter;
  const double* values = static_cast<const double*>(workspace);
  const int64_t* indices = reinterpret_cast<const int64_t*>(values + parts);
  Best v{0.0, -1};
  for (int b = threadIdx.x; b < parts; b += blockDim.x) v = better(v, Best{values[b], indices[b]});
  v = block_best(v);
  if (threadIdx.x == 0) {
    *out_index = v.index;
    *out_value = v.index < 0 ? 0.0 : v.value;
  }
}

// ----------------------------------------------------------------------------
// kernel launchers

extern "C" int as_kcenter_update(const float* x, int64_t n, int32_t d, int64_t centre,
                                 double* min_dist, cudaStream_t stream) {
  using namespace activeseg;
  using namespace activeseg::kcenter;
  const char* op = "as_kcenter_update";
  if (n < 1 || d < 1 || centre < 0 || centre >= n) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "bad shape N=%lld D=%d or centre %lld", (long long)n,
                d, (long long)centre);
  }
  if (n > INT64_MAX / d) return fail(op, AS_ERR_TOO_LARGE, "N*D overflows");
  if (x == nullptr || min_dist == nullptr) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "null device pointer");
  }
  const int64_t rows_per_block = kUpdateBlock / 32;
  const int64_t want = (n + rows_per_block - 1) / rows_per_block;
  const unsigned blocks = static_cast<unsigned>(want < (1 << 20) ? want : (1 << 20));
  as_kcenter_update_kernel<<<blocks, kUpdateBlock, 0, stream>>>(x, n, d, centre, min_dist);
  return check_launch(op);
}

extern "C" int as_kcenter_argmax(const double* min_dist, const uint8_t* taken, int64_t n,
                                 int64_t* out_index, double* out_value, void* workspace,
                                 cudaStream_t stream) {
  using namespace activeseg;
  using namespace activeseg::kcenter;
  const char* op = "as_kcenter_argmax";
  if (n < 1) return fail(op, AS_ERR_INVALID_ARGUMENT, "bad N=%lld", (long long)n);
  if (min_dist == nullptr || taken == nullptr || out_index == nullptr || out_value == nullptr ||
      workspace == nullptr) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "null device pointer");
  }
  const int64_t want = (n + kArgmaxBlock - 1) / kArgmaxBlock;
  const int parts = static_cast<int>(want < kArgmaxBlocks ? want : kArgmaxBlocks);
  as_kcenter_argmax_partial_kernel<<<parts, kArgmaxBlock, 0, stream>>>(min_dist, taken, n,
                                                                       workspace);
  as_kcenter_argmax_final_kernel<<<1, kArgmaxBlock, 0, stream>>>(workspace, parts, out_index,
                                                                 out_value);
  return check_launch(op);
}
