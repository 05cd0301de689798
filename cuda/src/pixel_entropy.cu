/*
Per-pixel entropy of class probabilities: the uncertainty score behind ViewAL's ENT/MCDR and view
entropy (log2, eps 1e-12), U2PL's reliability split (ln, eps 1e-10) and RIPU's prediction
uncertainty (ln, eps 1e-6); shared/spec/ALGORITHMS.md section 0.1.

  out[f, i] = -sum_k p * log(p + eps),   p = probs[f, k, i]

Shapes and layout (row-major):
  probs  (N, C, P) float32, P = H*W contiguous: element (f, k, i) at (f*C + k)*P + i
  out    (N, P)    float32:                     element (f, i)    at f*P + i

Kernel 1 (the one in use): one thread per pixel, a grid-stride loop over the N*P pixels; each
thread walks its pixel's C classes with stride P, so a warp reads 32 consecutive floats of one
class plane per step (coalesced) and writes 32 consecutive outputs. Accumulates in float32; the
Java reference accumulates in double. log_base2 selects log2f or logf (uniform over the grid).

It is extern "C" so the same symbol is in activeseg.fatbin for JCuda's cuModuleGetFunction.
The dev harness cuda/dev/pixel_entropy.cu checks it against a CPU reference at several block
sizes and times it.
*/
#include "activeseg.h"
#include "status.cuh"

#include <stdint.h>

// ----------------------------------------------------------------------------
// GPU kernel

// probs is (N, C, P), P contiguous; out is (N, P)
extern "C" __global__ void as_pixel_entropy_kernel(const float* __restrict__ probs,
                                                   float* __restrict__ out, int64_t n, int32_t c,
                                                   int64_t p, float eps, int32_t log_base2) {
  const int64_t total = n * p;
  const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t idx = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; idx < total;
       idx += stride) {
    const int64_t frame = idx / p;
    const int64_t pixel = idx - frame * p;
    const float* column = probs + frame * c * p + pixel;  // class k at column[k * p]
    float acc = 0.0f;
    if (log_base2) {
      for (int32_t k = 0; k < c; k++) {
        const float v = __ldg(column + k * p);
        acc += v * log2f(v + eps);
      }
    } else {
      for (int32_t k = 0; k < c; k++) {
        const float v = __ldg(column + k * p);
        acc += v * logf(v + eps);
      }
    }
    out[idx] = -acc;
  }
}

// ----------------------------------------------------------------------------
// kernel launcher

namespace activeseg {

// Block size and grid cap; the JCuda path (CudaScoringBackend) launches with the same numbers.
constexpr int kPixelEntropyBlock = 256;
constexpr int64_t kPixelEntropyMaxBlocks = int64_t{1} << 20;

inline int pixel_entropy_blocks(int64_t total, int block) {
  int64_t blocks = (total + block - 1) / block;
  return static_cast<int>(blocks < kPixelEntropyMaxBlocks ? blocks : kPixelEntropyMaxBlocks);
}

}  // namespace activeseg

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
  const int64_t total = n * p;
  if (total == 0) return AS_OK;
  if (probs == nullptr || out == nullptr) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "null device pointer (probs=%p out=%p)",
                (const void*)probs, (void*)out);
  }
  as_pixel_entropy_kernel<<<pixel_entropy_blocks(total, kPixelEntropyBlock), kPixelEntropyBlock, 0,
                            stream>>>(probs, out, n, c, p, eps, log_base2);
  return check_launch(op);
}
