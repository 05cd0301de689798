/*
Per-pixel uncertainty statistics of a class map: the softmax entropy family (ViewAL log2 eps 1e-12,
U2PL ln eps 1e-10, RIPU ln eps 1e-6, baal xlogy), max probability, least confidence and margin;
shared/spec/ALGORITHMS.md sections 0.1, 2.1, 2.2.

  out[i] = stat(q[., i]),  q[k, i] = softmax_k(scale * map[., i])  (logits)
                                   = scale * map[k, i]             (probabilities)

Shapes and layout (row-major):
  map  (C, P) float32 or float16, P = H*W contiguous: element (k, i) at k*P + i
  out  (P)    float32

Kernel 1 (the one in use): one parameterised kernel, a template over the input type instantiated
for float and __half; one thread per pixel in a grid-stride loop. With logits a thread walks its
pixel's C classes three times (pass 1 max, pass 2 sum exp, pass 3 the statistic), with stride P,
so each class step of a warp reads 32 consecutive values (coalesced); the second and third walks
mostly hit L1/L2. Values, expf, the softmax sum and the top-2 are float; entropy terms
p log(p + eps) and their sum over classes are double (pixel_kernels.cuh: in float, 1 + 1e-6 is
1 + 8 ulp and logf is 1 ulp off, about 1 ulp of the result), so entropies of probabilities are the
double reference correctly rounded, and of logits within 1e-5 relative + 1e-6 absolute for
C <= 64. The C double logs per pixel cost about as much time as the pixel's C loads on an H100
(34 TFLOPS FP64); the harness reports the effective bandwidth that results.

The dev harness cuda/dev/pixel_statistics.cu checks every statistic and dtype against a CPU
reference at block sizes 64..1024 and times it.
*/
#include "activeseg.h"
#include "pixel_kernels.cuh"
#include "status.cuh"

#include <cuda_fp16.h>
#include <stdint.h>

// ----------------------------------------------------------------------------
// GPU kernel

// map is (C, P), P contiguous; out is (P)
template <typename T>
__global__ void pixel_statistic_kernel(const T* __restrict__ map, float* __restrict__ out,
                                       int32_t c, int64_t p, int32_t logits, int32_t stat,
                                       float eps, int32_t log_base2, float scale) {
  const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < p;
       i += stride) {
    const activeseg::ColumnReader<T> prob(map + i, c, p, scale, logits != 0);
    out[i] = activeseg::column_statistic(prob, c, stat, eps, log_base2 != 0);
  }
}

// ----------------------------------------------------------------------------
// kernel launcher

namespace activeseg {

/* The launch every caller (the C ABI, MC finalisation, the harness) goes through. */
inline void launch_pixel_statistic(const void* map, int32_t dtype, float* out, int32_t c,
                                   int64_t p, int32_t logits, int32_t stat, float eps,
                                   int32_t log_base2, float scale, int block,
                                   cudaStream_t stream) {
  const int grid = pixel_grid(p, block);
  if (dtype == AS_DTYPE_F16) {
    pixel_statistic_kernel<__half><<<grid, block, 0, stream>>>(
        static_cast<const __half*>(map), out, c, p, logits, stat, eps, log_base2, scale);
  } else {
    pixel_statistic_kernel<float><<<grid, block, 0, stream>>>(
        static_cast<const float*>(map), out, c, p, logits, stat, eps, log_base2, scale);
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
  launch_pixel_statistic(map, dtype, out, c, p, logits, stat, eps, log_base2, scale, kPixelBlock,
                         stream);
  return check_launch(op);
}
