/*
Per-pixel uncertainty statistics of class maps: the softmax entropy family (ViewAL log2 eps 1e-12,
U2PL ln eps 1e-10, RIPU ln eps 1e-6, baal xlogy), max probability, least confidence and margin;
shared/spec/ALGORITHMS.md sections 0.1, 2.1, 2.2. The one kernel behind PixelOps.statistic, the MC
finalisation and ScoringBackend.pixelEntropy.

  out[f, i] = stat(q[f, ., i]),  q[f, k, i] = softmax_k(scale * map[f, ., i])  (logits)
                                            = scale * map[f, k, i]             (probabilities)

Shapes and layout (row-major):
  map  (N, C, P) float32 or float16, P = H*W contiguous: element (f, k, i) at (f*C + k)*P + i
  out  (N, P)    float32:                               element (f, i)    at f*P + i
as_pixel_statistic is N = 1; as_pixel_entropy is AS_STAT_ENTROPY of probabilities, scale 1.

Kernel 1 (the one in use): one parameterised kernel body, a template over the input type, entered
through two extern "C" kernels (float and __half) so that activeseg.fatbin holds them under plain
names: the C launchers below enqueue them with <<<>>> and JCuda's cuLaunchKernel (the Java backend's
second route) launches the same symbols with the same geometry (as_pixel_launch_geometry). One
thread per pixel in a grid-stride loop over the N*P pixels. With logits a thread walks its pixel's
C classes three times (pass 1 max, pass 2 sum exp, pass 3 the statistic), with stride P, so each
class step of a warp reads 32 consecutive values (coalesced); the second and third walks mostly hit
L1/L2. Values, expf, the softmax sum and the top-2 are float; entropy terms p log(p + eps) and their
sum over classes are double (pixel_kernels.cuh: in float, 1 + 1e-6 is 1 + 8 ulp and logf is 1 ulp
off, about 1 ulp of the result), so entropies of probabilities are the double reference correctly
rounded, and of logits within 1e-5 relative + 1e-6 absolute for C <= 64. The harness reports the
effective bandwidth that results.

The dev harness cuda/dev/pixel_statistics.cu checks every statistic and dtype against a CPU
reference at block sizes 64..1024, one frame and several, through the launchers and the kernel
symbols, and times it.
*/
#include "activeseg.h"
#include "pixel_kernels.cuh"
#include "status.cuh"

#include <cuda_fp16.h>
#include <stdint.h>

// ----------------------------------------------------------------------------
// GPU kernel

namespace activeseg {

// map is (N, C, P), P contiguous; out is (N, P)
template <typename T>
__device__ __forceinline__ void pixel_statistic_frames(const T* __restrict__ map,
                                                       float* __restrict__ out, int64_t n,
                                                       int32_t c, int64_t p, int32_t logits,
                                                       int32_t stat, float eps, int32_t log_base2,
                                                       float scale) {
  const int64_t total = n * p;
  const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t idx = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; idx < total;
       idx += stride) {
    const int64_t frame = n == 1 ? 0 : idx / p;  // uniform branch: no 64-bit division for one map
    const int64_t pixel = idx - frame * p;
    const ColumnReader<T> prob(map + frame * c * p + pixel, c, p, scale, logits != 0);
    out[idx] = column_statistic(prob, c, stat, eps, log_base2 != 0);
  }
}

}  // namespace activeseg

// The kernel's two entry points, extern "C" so the fatbin names them plainly for cuModuleGetFunction
// (org.activeseg.backend.cuda.JCudaPixelKernels). Same parameters as the launchers below.
extern "C" __global__ void as_pixel_statistic_f32_kernel(const float* __restrict__ map,
                                                         float* __restrict__ out, int64_t n,
                                                         int32_t c, int64_t p, int32_t logits,
                                                         int32_t stat, float eps,
                                                         int32_t log_base2, float scale) {
  activeseg::pixel_statistic_frames(map, out, n, c, p, logits, stat, eps, log_base2, scale);
}

extern "C" __global__ void as_pixel_statistic_f16_kernel(const __half* __restrict__ map,
                                                         float* __restrict__ out, int64_t n,
                                                         int32_t c, int64_t p, int32_t logits,
                                                         int32_t stat, float eps,
                                                         int32_t log_base2, float scale) {
  activeseg::pixel_statistic_frames(map, out, n, c, p, logits, stat, eps, log_base2, scale);
}

// ----------------------------------------------------------------------------
// kernel launchers

namespace activeseg {

/* The launch every caller (the C ABI, the harness) goes through: n maps of (C, P) of dtype. */
inline void launch_pixel_statistic(const void* map, int32_t dtype, float* out, int64_t n, int32_t c,
                                   int64_t p, int32_t logits, int32_t stat, float eps,
                                   int32_t log_base2, float scale, int block,
                                   cudaStream_t stream) {
  const int grid = pixel_grid(n * p, block);
  if (dtype == AS_DTYPE_F16) {
    as_pixel_statistic_f16_kernel<<<grid, block, 0, stream>>>(
        static_cast<const __half*>(map), out, n, c, p, logits, stat, eps, log_base2, scale);
  } else {
    as_pixel_statistic_f32_kernel<<<grid, block, 0, stream>>>(
        static_cast<const float*>(map), out, n, c, p, logits, stat, eps, log_base2, scale);
  }
}

/* Argument checks shared with the MC finalisation; returns 0 or the failure status. */
inline int check_pixel_statistic(const char* op, const void* map, int32_t dtype, const float* out,
                                 int32_t c, int64_t p, int32_t stat, float eps, float scale) {
  if (!pixel_shape_ok(c, p)) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "bad shape C=%d P=%lld", c, (long long)p);
  }
  if (dtype != AS_DTYPE_F32 && dtype != AS_DTYPE_F16) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "unknown dtype %d", dtype);
  }
  if (!stat_ok(stat)) return fail(op, AS_ERR_INVALID_ARGUMENT, "unknown statistic %d", stat);
  if (!(eps >= 0.0f) || eps > 1.0f) return fail(op, AS_ERR_INVALID_ARGUMENT, "bad eps %g", eps);
  if (!(scale > 0.0f) || isinf(scale)) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "bad scale %g", scale);
  }
  if (p > 0 && (map == nullptr || out == nullptr)) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "null device pointer (map=%p out=%p)", map,
                (const void*)out);
  }
  return AS_OK;
}

}  // namespace activeseg

extern "C" int as_pixel_statistic(const void* map, int32_t dtype, float* out, int32_t c,
                                  int64_t p, int32_t logits, int32_t stat, float eps,
                                  int32_t log_base2, float scale, cudaStream_t stream) {
  using namespace activeseg;
  const char* op = "as_pixel_statistic";
  int status = check_pixel_statistic(op, map, dtype, out, c, p, stat, eps, scale);
  if (status != AS_OK || p == 0) return status;
  launch_pixel_statistic(map, dtype, out, 1, c, p, logits, stat, eps, log_base2, scale, kPixelBlock,
                         stream);
  return check_launch(op);
}

extern "C" int as_pixel_entropy(const float* probs, float* out, int64_t n, int32_t c, int64_t p,
                                float eps, int32_t log_base2, cudaStream_t stream) {
  using namespace activeseg;
  const char* op = "as_pixel_entropy";
  if (n < 0 || c < 1 || p < 0) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "bad shape N=%lld C=%d P=%lld", (long long)n, c,
                (long long)p);
  }
  if (!(eps >= 0.0f) || eps > 1.0f) return fail(op, AS_ERR_INVALID_ARGUMENT, "bad eps %g", eps);
  if (p != 0 && (n > INT64_MAX / p || n * p > INT64_MAX / c)) {
    return fail(op, AS_ERR_TOO_LARGE, "N*C*P overflows: N=%lld C=%d P=%lld", (long long)n, c,
                (long long)p);
  }
  if (n * p == 0) return AS_OK;
  if (probs == nullptr || out == nullptr) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "null device pointer (probs=%p out=%p)",
                (const void*)probs, (void*)out);
  }
  launch_pixel_statistic(probs, AS_DTYPE_F32, out, n, c, p, 0, AS_STAT_ENTROPY, eps, log_base2,
                         1.0f, kPixelBlock, stream);
  return check_launch(op);
}

extern "C" int as_pixel_launch_geometry(int32_t* block, int64_t* max_blocks) {
  if (block == nullptr || max_blocks == nullptr) {
    return activeseg::fail("as_pixel_launch_geometry", AS_ERR_INVALID_ARGUMENT,
                           "null pointer (block=%p max_blocks=%p)", (void*)block,
                           (void*)max_blocks);
  }
  *block = activeseg::kPixelBlock;
  *max_blocks = activeseg::kPixelMaxBlocks;
  return AS_OK;
}
