/*
Check-and-time harness for the per-pixel statistic kernel (cuda/src/pixel_statistics.cu), in the
manner of llm.c's dev/cuda: a CPU reference in double, every statistic for float32 and float16
inputs, probabilities and logits, validated at block sizes 64..1024; then N frames at once (the
entropy of ScoringBackend.pixelEntropy) through as_pixel_entropy and through the extern "C" kernel
symbol with the geometry of as_pixel_launch_geometry (what JCuda launches); then timed with CUDA
events after an L2 flush, printing the effective bandwidth (bytes read C*P*sizeof(T) + written P*4).

Build: cmake -S . -B build -DACTIVESEG_BUILD_DEV_HARNESS=ON && cmake --build build -j
Run:   build/pixel_statistics_harness [C H W [N]]     (default 40 240 320 3)
*/
#include "../src/pixel_statistics.cu"
#include "../src/status.cu"
#include "common.h"

#include <algorithm>
#include <cstring>
#include <vector>

// ----------------------------------------------------------------------------
// CPU reference: map is (C, P), P contiguous (already rounded to the input dtype); out is (P)

static void pixel_statistic_cpu(const float* map, float* out, int c, int64_t p, bool logits,
                                int stat, double eps, bool log_base2) {
  std::vector<double> q(c);
  for (int64_t i = 0; i < p; i++) {
    double m = -INFINITY, s = 0.0;
    for (int k = 0; k < c; k++) q[k] = map[k * p + i];
    if (logits) {
      for (int k = 0; k < c; k++) m = std::fmax(m, q[k]);
      for (int k = 0; k < c; k++) s += q[k] = std::exp(q[k] - m);
      for (int k = 0; k < c; k++) q[k] /= s;
    }
    double v;
    if (stat == AS_STAT_ENTROPY || stat == AS_STAT_ENTROPY_XLOGY) {
      double acc = 0.0;
      for (int k = 0; k < c; k++) {
        if (stat == AS_STAT_ENTROPY_XLOGY) {
          if (q[k] != 0.0) acc += q[k] * std::log(q[k]);
        } else {
          acc += q[k] * std::log(q[k] + eps);
        }
      }
      v = -acc / (stat == AS_STAT_ENTROPY && log_base2 ? std::log(2.0) : 1.0);
    } else {
      double t1 = -INFINITY, t2 = -INFINITY;
      for (int k = 0; k < c; k++) {
        if (q[k] > t1) { t2 = t1; t1 = q[k]; } else if (q[k] > t2) { t2 = q[k]; }
      }
      v = stat == AS_STAT_MAX_PROBABILITY ? t1 : stat == AS_STAT_LEAST_CONFIDENCE ? 1.0 - t1
                                                                                   : t1 - (c == 1 ? 0.0 : t2);
    }
    out[i] = static_cast<float>(v);
  }
}

// ----------------------------------------------------------------------------
// harness

struct Case {
  const char* name;
  int stat;
  float eps;
  int log2;
};

int main(int argc, char** argv) {
  int c = argc > 1 ? std::atoi(argv[1]) : 40;
  int64_t h = argc > 2 ? std::atoll(argv[2]) : 240;
  int64_t w = argc > 3 ? std::atoll(argv[3]) : 320;
  int64_t n = argc > 4 ? std::atoll(argv[4]) : 3;
  int64_t p = h * w;
  std::printf("pixel statistics: C=%d P=%lld, N=%lld frames for pixel entropy\n", c, (long long)p,
              (long long)n);

  // probabilities and logits, each kept as float32 and float16 (the CPU sees the rounded values)
  std::vector<float> probs(c * p), logits(c * p);
  srand(1234);
  dev::random_probabilities(probs.data(), c, p);
  for (auto& x : logits) x = 8.0f * ((float)rand() / RAND_MAX - 0.5f);
  const Case cases[] = {{"entropy log2 1e-12", AS_STAT_ENTROPY, 1e-12f, 1},
                        {"entropy ln 1e-10  ", AS_STAT_ENTROPY, 1e-10f, 0},
                        {"entropy ln 1e-6   ", AS_STAT_ENTROPY, 1e-6f, 0},
                        {"entropy xlogy     ", AS_STAT_ENTROPY_XLOGY, 0.0f, 0},
                        {"max probability   ", AS_STAT_MAX_PROBABILITY, 0.0f, 0},
                        {"least confidence  ", AS_STAT_LEAST_CONFIDENCE, 0.0f, 0},
                        {"margin            ", AS_STAT_MARGIN, 0.0f, 0}};

  float *d_f32, *d_out;
  __half* d_f16;
  CHECK(cudaMalloc(&d_f32, c * p * sizeof(float)));
  CHECK(cudaMalloc(&d_f16, c * p * sizeof(__half)));
  CHECK(cudaMalloc(&d_out, p * sizeof(float)));
  std::vector<float> rounded(c * p), ref(p), got(p);
  std::vector<__half> halves(c * p);

  int failures = 0;
  for (int use_logits = 0; use_logits <= 1; use_logits++) {
    const std::vector<float>& src = use_logits ? logits : probs;
    for (int dtype : {AS_DTYPE_F32, AS_DTYPE_F16}) {
      for (int64_t j = 0; j < c * p; j++) {
        halves[j] = __float2half(src[j]);
        rounded[j] = dtype == AS_DTYPE_F16 ? __half2float(halves[j]) : src[j];
      }
      CHECK(cudaMemcpy(d_f32, src.data(), c * p * sizeof(float), cudaMemcpyHostToDevice));
      CHECK(cudaMemcpy(d_f16, halves.data(), c * p * sizeof(__half), cudaMemcpyHostToDevice));
      const void* d_map = dtype == AS_DTYPE_F16 ? (const void*)d_f16 : (const void*)d_f32;
      for (const Case& k : cases) {
        pixel_statistic_cpu(rounded.data(), ref.data(), c, p, use_logits, k.stat, k.eps, k.log2);
        double worst = 0.0;
        for (int block : {64, 128, 256, 512, 1024}) {
          CHECK(cudaMemset(d_out, 0xff, p * sizeof(float)));
          activeseg::launch_pixel_statistic(d_map, dtype, d_out, 1, c, p, use_logits, k.stat,
                                            k.eps, k.log2, 1.0f, block, 0);
          CHECK(cudaGetLastError());
          CHECK(cudaMemcpy(got.data(), d_out, p * sizeof(float), cudaMemcpyDeviceToHost));
          worst = std::max(worst, dev::worst_error(got.data(), ref.data(), p, 1e-5, 1e-6));
        }
        std::printf("  %s %s %s: max error %.3g of the tolerance (blocks 64..1024) %s\n",
                    use_logits ? "logits" : "probs ", dtype == AS_DTYPE_F16 ? "f16" : "f32", k.name,
                    worst, dev::verdict(worst <= 1.0, &failures));
      }
    }
  }

  // N frames (N, C, P): the launcher as_pixel_entropy and the kernel symbol at the exported
  // geometry (what JCuda launches), against the CPU reference frame by frame; same bits both ways
  {
    std::vector<float> frames(n * c * p), fref(n * p), via_launcher(n * p), via_symbol(n * p);
    srand(4321);
    for (int64_t f = 0; f < n; f++) dev::random_probabilities(frames.data() + f * c * p, c, p);
    float *d_frames, *d_fout;
    CHECK(cudaMalloc(&d_frames, frames.size() * sizeof(float)));
    CHECK(cudaMalloc(&d_fout, fref.size() * sizeof(float)));
    CHECK(cudaMemcpy(d_frames, frames.data(), frames.size() * sizeof(float), cudaMemcpyHostToDevice));
    int32_t block = 0;
    int64_t max_blocks = 0;
    CHECK_AS(as_pixel_launch_geometry(&block, &max_blocks));
    const unsigned grid = (unsigned)std::max<int64_t>(1, std::min((n * p + block - 1) / block, max_blocks));
    for (int log2 = 0; log2 <= 1; log2++) {
      const float eps = log2 ? 1e-12f : 1e-10f;
      for (int64_t f = 0; f < n; f++) {
        pixel_statistic_cpu(frames.data() + f * c * p, fref.data() + f * p, c, p, false,
                            AS_STAT_ENTROPY, eps, log2);
      }
      CHECK(cudaMemset(d_fout, 0xff, fref.size() * sizeof(float)));
      CHECK_AS(as_pixel_entropy(d_frames, d_fout, n, c, p, eps, log2, 0));
      CHECK(cudaMemcpy(via_launcher.data(), d_fout, fref.size() * sizeof(float), cudaMemcpyDeviceToHost));
      CHECK(cudaMemset(d_fout, 0xff, fref.size() * sizeof(float)));
      as_pixel_statistic_f32_kernel<<<grid, block>>>(d_frames, d_fout, n, c, p, 0, AS_STAT_ENTROPY,
                                                     eps, log2, 1.0f);
      CHECK(cudaGetLastError());
      CHECK(cudaMemcpy(via_symbol.data(), d_fout, fref.size() * sizeof(float), cudaMemcpyDeviceToHost));
      const double worst = dev::worst_error(via_launcher.data(), fref.data(), n * p, 1e-6, 1e-6);
      const bool same = std::memcmp(via_launcher.data(), via_symbol.data(), fref.size() * sizeof(float)) == 0;
      std::printf("  entropy of %lld frames %s: max error %.3g of the tolerance, launcher and symbol "
                  "(grid %u x %d) %s: %s\n", (long long)n, log2 ? "log2" : "ln  ", worst, grid, block,
                  same ? "identical" : "DIFFER", dev::verdict(worst <= 1.0 && same, &failures));
    }
    for (int b : {128, 256, 512}) {
      const unsigned g = (unsigned)std::max<int64_t>(1, std::min((n * p + b - 1) / b, max_blocks));
      const float ms = dev::time_ms(20, [&] {
        as_pixel_statistic_f32_kernel<<<g, b>>>(d_frames, d_fout, n, c, p, 0, AS_STAT_ENTROPY, 1e-12f,
                                                1, 1.0f);
      });
      std::printf("  entropy of %lld frames, block %4d: %.4f ms per call, %.4f ms per frame, %.1f GB/s\n",
                  (long long)n, b, ms, ms / n, (double)(n * c * p + n * p) * 4 / (ms * 1e-3) / 1e9);
    }
    CHECK(cudaFree(d_frames));
    CHECK(cudaFree(d_fout));
  }

  for (int use_logits = 0; use_logits <= 1; use_logits++) {
    for (int dtype : {AS_DTYPE_F32, AS_DTYPE_F16}) {
      const void* d_map = dtype == AS_DTYPE_F16 ? (const void*)d_f16 : (const void*)d_f32;
      double bytes = (double)c * p * (dtype == AS_DTYPE_F16 ? 2 : 4) + (double)p * 4;
      for (int block : {128, 256, 512}) {
        const float ms = dev::time_ms(20, [&] {
          activeseg::launch_pixel_statistic(d_map, dtype, d_out, 1, c, p, use_logits,
                                            AS_STAT_ENTROPY, 1e-12f, 1, 1.0f, block, 0);
        });
        std::printf("  entropy %s %s block %4d: %.4f ms per frame, %.1f GB/s\n",
                    use_logits ? "logits" : "probs ", dtype == AS_DTYPE_F16 ? "f16" : "f32", block,
                    ms, bytes / (ms * 1e-3) / 1e9);
      }
    }
  }
  CHECK(cudaFree(d_f32));
  CHECK(cudaFree(d_f16));
  CHECK(cudaFree(d_out));
  std::printf(failures ? "FAILED (%d)\n" : "all ok\n", failures);
  return failures == 0 ? 0 : 1;
}
