/*
 * Internal device code shared by pixel_statistics.cu, mc_accumulate.cu and pixel_reduce.cu: the
 * per-pixel statistic of one class column (ALGORITHMS.md 0.1, 2.1, 2.2) and grid sizing. Not part
 * of the ABI. Header-only and include-guarded because the fatbin compiles every kernel source
 * as one translation unit.
 *
 * A "column" is one pixel of a (C, P) map, P contiguous: class k of the pixel at column[k * p].
 * Threads of a warp take consecutive pixels, so each class step reads 32 consecutive elements.
 * Values, the softmax (expf) and top-2 are float; entropy terms and their sum over the C classes
 * are double (see xlogx), so entropies match the double Java reference to float rounding and do
 * not depend on the class order (tolerances in activeseg.h).
 */
#pragma once

#include "activeseg.h"

#include <cuda_fp16.h>
#include <math.h>
#include <stdint.h>

namespace activeseg {

/* Threads per block and grid cap of every per-pixel launch: the one definition, which
 * as_pixel_launch_geometry hands to launchers outside this library (JCuda's cuLaunchKernel). */
constexpr int kPixelBlock = 256;
constexpr int64_t kPixelMaxBlocks = int64_t{1} << 20;

/* Blocks of `block` threads for a grid-stride loop over `total` items, capped (the formula
 * activeseg.h states for as_pixel_launch_geometry; org.activeseg.backend.cuda.PixelLaunchGeometry). */
inline int pixel_grid(int64_t total, int block) {
  int64_t blocks = (total + block - 1) / block;
  if (blocks < 1) blocks = 1;
  return static_cast<int>(blocks < kPixelMaxBlocks ? blocks : kPixelMaxBlocks);
}

/* Device and host (the host side lets the statistic be checked without a GPU). */
__host__ __device__ __forceinline__ float load_value(const float* x) {
#ifdef __CUDA_ARCH__
  return __ldg(x);
#else
  return *x;
#endif
}
__host__ __device__ __forceinline__ float load_value(const __half* x) { return __half2float(*x); }

/*
 * The entropy terms in double: x log x with xlogy's 0 log 0 = 0, and x log(x + eps). In float,
 * logf's 1 ulp and the rounding of x + eps (1 + 1e-6 is 1 + 8 ulp) leave the sum about 1 ulp
 * from the double reference; in double the result is the reference's, correctly rounded to float.
 * Costs C double logs per pixel; the harness cuda/dev/pixel_statistics.cu (effective bandwidth) and
 * PixelEntropyBenchmark measure what that costs on a GPU.
 */
__host__ __device__ __forceinline__ double xlogx(float x) {
  return x != 0.0f ? static_cast<double>(x) * log(static_cast<double>(x)) : 0.0;
}
__host__ __device__ __forceinline__ double xlog_plus_eps(float x, float eps) {
  return static_cast<double>(x) * log(static_cast<double>(x) + static_cast<double>(eps));
}

/*
 * Reads class k of a column as a probability: scale * x for probabilities; for logits the stable
 * softmax exp(scale * x - shift) * norm with shift = max_k(scale * x) and norm = 1 / sum exp(...).
 */
template <typename T>
struct ColumnReader {
  const T* column;
  int64_t p;
  float scale;
  bool logits;
  float shift;
  float norm;

  __host__ __device__ ColumnReader(const T* column_, int32_t c, int64_t p_, float scale_, bool logits_)
      : column(column_), p(p_), scale(scale_), logits(logits_), shift(0.0f), norm(1.0f) {
    if (logits) {
      float m = -INFINITY;  // pass 1: max
      for (int32_t k = 0; k < c; k++) m = fmaxf(m, scale * load_value(column + k * p));
      float s = 0.0f;  // pass 2: sum of exp(x - max)
      for (int32_t k = 0; k < c; k++) s += expf(scale * load_value(column + k * p) - m);
      shift = m;
      norm = 1.0f / s;
    }
  }

  __host__ __device__ __forceinline__ float operator()(int32_t k) const {
    const float x = scale * load_value(column + k * p);
    return logits ? expf(x - shift) * norm : x;
  }
};

/* stat (AS_STAT_*) of one column; eps and log_base2 apply to AS_STAT_ENTROPY only. */
template <typename T>
__host__ __device__ float column_statistic(const ColumnReader<T>& prob, int32_t c, int32_t stat, float eps,
                                  bool log_base2) {
  if (stat == AS_STAT_ENTROPY || stat == AS_STAT_ENTROPY_XLOGY) {
    double acc = 0.0;  // double terms and sum: independent of the class order
    if (stat == AS_STAT_ENTROPY_XLOGY) {
      for (int32_t k = 0; k < c; k++) acc += xlogx(prob(k));
    } else {
      for (int32_t k = 0; k < c; k++) acc += xlog_plus_eps(prob(k), eps);
    }
    return static_cast<float>(log_base2 && stat == AS_STAT_ENTROPY ? -acc * 1.4426950408889634
                                                                    : -acc);
  }
  float top1 = -INFINITY;
  float top2 = -INFINITY;
  for (int32_t k = 0; k < c; k++) {
    const float v = prob(k);
    if (v > top1) {
      top2 = top1;
      top1 = v;
    } else if (v > top2) {
      top2 = v;
    }
  }
  if (stat == AS_STAT_MAX_PROBABILITY) return top1;
  if (stat == AS_STAT_LEAST_CONFIDENCE) return 1.0f - top1;
  return top1 - (c == 1 ? 0.0f : top2);  // AS_STAT_MARGIN
}

/* The host-side checks every per-pixel launcher shares: C >= 1, P >= 0, C * P fits int64. */
inline bool pixel_shape_ok(int32_t c, int64_t p) {
  return c >= 1 && p >= 0 && (p == 0 || p <= INT64_MAX / c);
}

inline bool stat_ok(int32_t stat) { return stat >= AS_STAT_ENTROPY && stat <= AS_STAT_MARGIN; }

}  // namespace activeseg
