/*
Streaming Monte-Carlo statistics on the device (McAccumulator; ALGORITHMS.md 2.1 MCDR/RMCDR, 2.2
BALD): T samples of a (C, P) map are added one at a time into buffers whose size does not depend
on T, then finalised into a per-pixel map.

  sums[k, i]         += q[k, i]                          (AS_MC_MEAN)
  votes[argmax_k q, i] += 1, ties to the lowest k        (AS_MC_VOTES)
  sample_entropy[i]  += -sum_k xlogy(q[k, i], q[k, i])   (AS_MC_SAMPLE_ENTROPY)
  q = the sample, or its softmax over C for logits (stable: max, sum exp, then values)

Finalisation: mean probabilities sums / T; a statistic of the mean (as_pixel_statistic with
scale 1/T); vote entropy -sum (v/T) log2(v/T + 1e-12); BALD H_xlogy(sums/T) - sample_entropy/T.

Shapes and layout (row-major):
  sample          (C, P) float32 or float16, P contiguous
  sums            (C, P) float32;   votes (C, P) int32;   sample_entropy (P) float32
  out             (P) float32, or (C, P) for the mean probabilities

The sums are float: each thread owns its pixel (no atomics), and for T <= 100 samples of values
in [0, 1] the rounding error is below 1e-5 relative; double would double the read-modify-write
traffic of the sums, the dominant cost per sample. Only the tracked buffers are read or written.
*/
#include "activeseg.h"
#include "pixel_kernels.cuh"
#include "status.cuh"

#include <cuda_fp16.h>
#include <stdint.h>

// ----------------------------------------------------------------------------
// GPU kernels

// sample is (C, P); sums and votes (C, P); sample_entropy (P)
template <typename T>
__global__ void mc_add_kernel(const T* __restrict__ sample, int32_t c, int64_t p, int32_t logits,
                              int32_t track, float* __restrict__ sums,
                              int32_t* __restrict__ votes, float* __restrict__ sample_entropy) {
  const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
  const bool track_mean = (track & AS_MC_MEAN) != 0;
  const bool track_votes = (track & AS_MC_VOTES) != 0;
  const bool track_entropy = (track & AS_MC_SAMPLE_ENTROPY) != 0;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < p;
       i += stride) {
    const activeseg::ColumnReader<T> prob(sample + i, c, p, 1.0f, logits != 0);
    float best = -INFINITY;
    int32_t arg = 0;
    double h = 0.0;
    for (int32_t k = 0; k < c; k++) {
      const float v = prob(k);
      if (track_mean) sums[k * p + i] += v;
      if (v > best) {
        best = v;
        arg = k;
      }
      if (track_entropy) h += activeseg::xlogx(v);
    }
    if (track_votes) votes[arg * p + i] += 1;
    if (track_entropy) sample_entropy[i] -= static_cast<float>(h);
  }
}

// sums and out are (n) = (C, P) flattened
__global__ void mc_scale_kernel(const float* __restrict__ sums, float* __restrict__ out,
                                int64_t n, float inv) {
  const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t j = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; j < n;
       j += stride) {
    out[j] = sums[j] * inv;
  }
}

// votes is (C, P); out (P)
__global__ void mc_vote_entropy_kernel(const int32_t* __restrict__ votes, float* __restrict__ out,
                                       int32_t c, int64_t p, double inv) {
  const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < p;
       i += stride) {
    double acc = 0.0;  // vote fractions in double, as the reference
    for (int32_t k = 0; k < c; k++) {
      const double q = votes[k * p + i] * inv;
      acc += q * log(q + 1e-12);
    }
    out[i] = static_cast<float>(-acc * 1.4426950408889634);
  }
}

// sums is (C, P); sample_entropy and out (P)
__global__ void mc_bald_kernel(const float* __restrict__ sums,
                               const float* __restrict__ sample_entropy, float* __restrict__ out,
                               int32_t c, int64_t p, float inv) {
  const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < p;
       i += stride) {
    double acc = 0.0;
    for (int32_t k = 0; k < c; k++) acc += activeseg::xlogx(sums[k * p + i] * inv);
    out[i] = static_cast<float>(-acc - static_cast<double>(sample_entropy[i]) * inv);
  }
}

// ----------------------------------------------------------------------------
// kernel launchers

namespace activeseg {

inline int check_mc(const char* op, int32_t c, int64_t p, int32_t samples) {
  if (!pixel_shape_ok(c, p)) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "bad shape C=%d P=%lld", c, (long long)p);
  }
  if (samples < 1) return fail(op, AS_ERR_INVALID_ARGUMENT, "needs at least one sample, got %d", samples);
  return AS_OK;
}

}  // namespace activeseg

extern "C" int as_mc_add(const void* sample, int32_t dtype, int32_t c, int64_t p, int32_t logits,
                         int32_t track, float* sums, int32_t* votes, float* sample_entropy,
                         cudaStream_t stream) {
  using namespace activeseg;
  const char* op = "as_mc_add";
  if (!pixel_shape_ok(c, p)) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "bad shape C=%d P=%lld", c, (long long)p);
  }
  if (dtype != AS_DTYPE_F32 && dtype != AS_DTYPE_F16) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "unknown dtype %d", dtype);
  }
  const int32_t all = AS_MC_MEAN | AS_MC_VOTES | AS_MC_SAMPLE_ENTROPY;
  if (track == 0 || (track & ~all) != 0) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "bad track bits 0x%x", track);
  }
  if (p == 0) return AS_OK;
  if (sample == nullptr || ((track & AS_MC_MEAN) && sums == nullptr) ||
      ((track & AS_MC_VOTES) && votes == nullptr) ||
      ((track & AS_MC_SAMPLE_ENTROPY) && sample_entropy == nullptr)) {
    return fail(op, AS_ERR_INVALID_ARGUMENT,
                "null device pointer (sample=%p sums=%p votes=%p sample_entropy=%p, track 0x%x)",
                sample, (void*)sums, (void*)votes, (void*)sample_entropy, track);
  }
  const int grid = pixel_grid(p, kPixelBlock);
  if (dtype == AS_DTYPE_F16) {
    mc_add_kernel<__half><<<grid, kPixelBlock, 0, stream>>>(static_cast<const __half*>(sample), c,
                                                            p, logits, track, sums, votes,
                                                            sample_entropy);
  } else {
    mc_add_kernel<float><<<grid, kPixelBlock, 0, stream>>>(static_cast<const float*>(sample), c,
                                                           p, logits, track, sums, votes,
                                                           sample_entropy);
  }
  return check_launch(op);
}

extern "C" int as_mc_mean_probabilities(const float* sums, float* out, int32_t c, int64_t p,
                                        int32_t samples, cudaStream_t stream) {
  using namespace activeseg;
  const char* op = "as_mc_mean_probabilities";
  int status = check_mc(op, c, p, samples);
  if (status != AS_OK || p == 0) return status;
  if (sums == nullptr || out == nullptr) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "null device pointer (sums=%p out=%p)",
                (const void*)sums, (void*)out);
  }
  const int64_t n = c * p;
  mc_scale_kernel<<<pixel_grid(n, kPixelBlock), kPixelBlock, 0, stream>>>(sums, out, n,
                                                                          1.0f / samples);
  return check_launch(op);
}

extern "C" int as_mc_vote_entropy(const int32_t* votes, float* out, int32_t c, int64_t p,
                                  int32_t samples, cudaStream_t stream) {
  using namespace activeseg;
  const char* op = "as_mc_vote_entropy";
  int status = check_mc(op, c, p, samples);
  if (status != AS_OK || p == 0) return status;
  if (votes == nullptr || out == nullptr) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "null device pointer (votes=%p out=%p)",
                (const void*)votes, (void*)out);
  }
  mc_vote_entropy_kernel<<<pixel_grid(p, kPixelBlock), kPixelBlock, 0, stream>>>(votes, out, c, p,
                                                                                 1.0 / samples);
  return check_launch(op);
}

extern "C" int as_mc_bald(const float* sums, const float* sample_entropy, float* out, int32_t c,
                          int64_t p, int32_t samples, cudaStream_t stream) {
  using namespace activeseg;
  const char* op = "as_mc_bald";
  int status = check_mc(op, c, p, samples);
  if (status != AS_OK || p == 0) return status;
  if (sums == nullptr || sample_entropy == nullptr || out == nullptr) {
    return fail(op, AS_ERR_INVALID_ARGUMENT,
                "null device pointer (sums=%p sample_entropy=%p out=%p)", (const void*)sums,
                (const void*)sample_entropy, (void*)out);
  }
  mc_bald_kernel<<<pixel_grid(p, kPixelBlock), kPixelBlock, 0, stream>>>(sums, sample_entropy, out,
                                                                         c, p, 1.0f / samples);
  return check_launch(op);
}
