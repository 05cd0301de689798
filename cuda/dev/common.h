/*
What every check-and-time harness of cuda/dev shares, as llm.c's dev/cuda/common.h: checked CUDA
runtime and C ABI calls, random class probabilities, validation against a CPU reference in units
of a stated tolerance, and timing with CUDA events after an L2 flush. Harness code only: neither
part of libactiveseg_cuda.so nor of its ABI.

A harness includes the kernel source it exercises, then this header:
  #include "../src/pixel_statistics.cu"
  #include "../src/status.cu"
  #include "common.h"
*/
#pragma once

#include "activeseg.h"

#include <cuda_runtime.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

// ----------------------------------------------------------------------------
// checked calls

/* A CUDA runtime call; on failure prints file:line, the call and the CUDA error, and exits 1. */
#define CHECK(call)                                                                     \
  do {                                                                                  \
    cudaError_t err_ = (call);                                                          \
    if (err_ != cudaSuccess) {                                                          \
      std::fflush(stdout); /* the progress so far before the error, in a merged log */  \
      std::fprintf(stderr, "%s:%d %s: %s\n", __FILE__, __LINE__, #call,                 \
                   cudaGetErrorString(err_));                                           \
      std::exit(1);                                                                     \
    }                                                                                   \
  } while (0)

/* A C ABI call (as_*); on a non-zero status prints it with as_last_error() and exits 1. */
#define CHECK_AS(call)                                                                  \
  do {                                                                                  \
    int st_ = (call);                                                                   \
    if (st_ != 0) {                                                                     \
      std::fflush(stdout);                                                              \
      std::fprintf(stderr, "%s:%d %s: status %d: %s\n", __FILE__, __LINE__, #call, st_, \
                   as_last_error());                                                    \
      std::exit(1);                                                                     \
    }                                                                                   \
  } while (0)

namespace dev {

// ----------------------------------------------------------------------------
// inputs

/* One (C, P) map of class probabilities, P contiguous: per pixel rand() / RAND_MAX + 1e-3 over
 * the classes, normalised (draws pixel by pixel, class by class; seed with srand first). */
inline void random_probabilities(float* map, int c, int64_t p) {
  for (int64_t i = 0; i < p; i++) {
    double sum = 0.0;
    for (int k = 0; k < c; k++) sum += map[k * p + i] = (float)rand() / RAND_MAX + 1e-3f;
    for (int k = 0; k < c; k++) map[k * p + i] = (float)(map[k * p + i] / sum);
  }
}

// ----------------------------------------------------------------------------
// validation

/* The largest |got - ref| / (rel |ref| + abs) over n values: <= 1 is within tolerance; NaN in
 * got or ref gives infinity. */
inline double worst_error(const float* got, const float* ref, int64_t n, double rel, double abs) {
  double worst = 0.0;
  for (int64_t i = 0; i < n; i++) {
    const double err = std::fabs((double)got[i] - ref[i]) / (rel * std::fabs((double)ref[i]) + abs);
    if (!(err <= worst)) worst = err == err ? err : INFINITY;
  }
  return worst;
}

/* "ok" or "FAIL" for a check, counting failures into *failures. */
inline const char* verdict(bool ok, int* failures) {
  *failures += !ok;
  return ok ? "ok" : "FAIL";
}

// ----------------------------------------------------------------------------
// timing

/* Overwrites a buffer larger than any L2 (256 MiB, allocated on first use), so that the next
 * timed call reads its inputs from DRAM. */
inline void flush_l2(int salt) {
  static void* buffer = nullptr;
  const size_t bytes = size_t{256} << 20;
  if (buffer == nullptr) CHECK(cudaMalloc(&buffer, bytes));
  CHECK(cudaMemset(buffer, salt & 0xff, bytes));
}

/* Mean milliseconds of `reps` runs of launch() on the default stream, timed with CUDA events; each
 * run follows setup() (untimed) and an L2 flush. One untimed warm-up run comes first. */
template <class Setup, class Launch>
float time_ms(int reps, Setup setup, Launch launch) {
  cudaEvent_t start, stop;
  CHECK(cudaEventCreate(&start));
  CHECK(cudaEventCreate(&stop));
  setup();
  launch();
  CHECK(cudaGetLastError());
  float total = 0.0f;
  for (int r = 0; r < reps; r++) {
    setup();
    flush_l2(r);
    CHECK(cudaEventRecord(start));
    launch();
    CHECK(cudaEventRecord(stop));
    CHECK(cudaEventSynchronize(stop));
    CHECK(cudaGetLastError());
    float ms = 0.0f;
    CHECK(cudaEventElapsedTime(&ms, start, stop));
    total += ms;
  }
  CHECK(cudaEventDestroy(start));
  CHECK(cudaEventDestroy(stop));
  return total / reps;
}

/* time_ms without a setup step. */
template <class Launch>
float time_ms(int reps, Launch launch) {
  return time_ms(reps, [] {}, launch);
}

}  // namespace dev
