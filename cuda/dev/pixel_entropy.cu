/*
Check-and-time harness for the per-pixel entropy kernel (cuda/src/pixel_entropy.cu), in the
manner of llm.c's dev/cuda: a CPU reference (double accumulation), the kernel validated at
several block sizes, then timed with CUDA events after an L2 flush.

Build: cmake -S . -B build -DACTIVESEG_BUILD_DEV_HARNESS=ON && cmake --build build -j
Run:   build/pixel_entropy_harness [N C H W]        (default 1 40 240 320)
*/
#include "../src/pixel_entropy.cu"
#include "../src/status.cu"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#define CHECK(call)                                                                     \
  do {                                                                                  \
    cudaError_t err_ = (call);                                                          \
    if (err_ != cudaSuccess) {                                                          \
      std::fprintf(stderr, "%s:%d %s: %s\n", __FILE__, __LINE__, #call,                 \
                   cudaGetErrorString(err_));                                           \
      std::exit(1);                                                                     \
    }                                                                                   \
  } while (0)

// ----------------------------------------------------------------------------
// CPU reference: probs is (N, C, P), P contiguous; out is (N, P)

static void pixel_entropy_cpu(const float* probs, float* out, int64_t n, int c, int64_t p,
                              double eps, bool log_base2) {
  for (int64_t f = 0; f < n; f++) {
    for (int64_t i = 0; i < p; i++) {
      double acc = 0.0;
      for (int k = 0; k < c; k++) {
        double v = probs[(f * c + k) * p + i];
        acc += v * std::log(v + eps);
      }
      out[f * p + i] = static_cast<float>(-acc / (log_base2 ? std::log(2.0) : 1.0));
    }
  }
}

// ----------------------------------------------------------------------------
// harness

int main(int argc, char** argv) {
  int64_t n = argc > 1 ? std::atoll(argv[1]) : 1;
  int c = argc > 2 ? std::atoi(argv[2]) : 40;
  int64_t h = argc > 3 ? std::atoll(argv[3]) : 240;
  int64_t w = argc > 4 ? std::atoll(argv[4]) : 320;
  int64_t p = h * w;
  std::printf("pixel entropy: N=%lld C=%d P=%lld\n", (long long)n, c, (long long)p);

  std::vector<float> probs(n * c * p), ref(n * p), got(n * p);
  srand(1234);
  for (int64_t f = 0; f < n; f++) {
    for (int64_t i = 0; i < p; i++) {
      double sum = 0.0;
      for (int k = 0; k < c; k++) sum += probs[(f * c + k) * p + i] = (float)rand() / RAND_MAX + 1e-3f;
      for (int k = 0; k < c; k++) probs[(f * c + k) * p + i] = (float)(probs[(f * c + k) * p + i] / sum);
    }
  }

  float *d_probs, *d_out, *d_flush;
  size_t flush_bytes = size_t{256} << 20;  // larger than any L2
  CHECK(cudaMalloc(&d_probs, probs.size() * sizeof(float)));
  CHECK(cudaMalloc(&d_out, got.size() * sizeof(float)));
  CHECK(cudaMalloc(&d_flush, flush_bytes));
  CHECK(cudaMemcpy(d_probs, probs.data(), probs.size() * sizeof(float), cudaMemcpyHostToDevice));

  int failures = 0;
  for (int log2 = 0; log2 <= 1; log2++) {
    float eps = log2 ? 1e-12f : 1e-10f;
    pixel_entropy_cpu(probs.data(), ref.data(), n, c, p, eps, log2);
    for (int block : {32, 64, 128, 256, 512, 1024}) {
      CHECK(cudaMemset(d_out, 0xff, got.size() * sizeof(float)));
      as_pixel_entropy_kernel<<<activeseg::pixel_entropy_blocks(n * p, block), block>>>(
          d_probs, d_out, n, c, p, eps, log2);
      CHECK(cudaGetLastError());
      CHECK(cudaMemcpy(got.data(), d_out, got.size() * sizeof(float), cudaMemcpyDeviceToHost));
      double worst = 0.0;
      for (int64_t i = 0; i < n * p; i++) {
        double rel = std::fabs(got[i] - ref[i]) / std::fmax(std::fabs(ref[i]), 1e-6);
        if (!(rel <= worst)) worst = rel;  // also catches NaN
      }
      bool ok = worst <= 1e-5;
      failures += !ok;
      std::printf("  %s block %4d: max rel error %.3g %s\n", log2 ? "log2" : "ln  ", block, worst,
                  ok ? "ok" : "FAIL");
    }
  }

  cudaEvent_t start, stop;
  CHECK(cudaEventCreate(&start));
  CHECK(cudaEventCreate(&stop));
  double bytes = (double)(n * c * p + n * p) * sizeof(float);
  for (int block : {128, 256, 512}) {
    const int reps = 20;
    float total_ms = 0.0f;
    for (int r = 0; r < reps; r++) {
      CHECK(cudaMemset(d_flush, r, flush_bytes));
      CHECK(cudaEventRecord(start));
      as_pixel_entropy_kernel<<<activeseg::pixel_entropy_blocks(n * p, block), block>>>(
          d_probs, d_out, n, c, p, 1e-12f, 1);
      CHECK(cudaEventRecord(stop));
      CHECK(cudaEventSynchronize(stop));
      float ms;
      CHECK(cudaEventElapsedTime(&ms, start, stop));
      total_ms += ms;
    }
    double ms = total_ms / reps;
    std::printf("  block %4d: %.4f ms per call, %.4f ms per frame, %.1f GB/s\n", block, ms, ms / n,
                bytes / (ms * 1e-3) / 1e9);
  }
  CHECK(cudaFree(d_probs));
  CHECK(cudaFree(d_out));
  CHECK(cudaFree(d_flush));
  return failures == 0 ? 0 : 1;
}
