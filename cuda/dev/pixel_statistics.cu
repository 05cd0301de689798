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

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
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

#define CHECK_AS(call)                                                                  \
  do {                                                                                  \
    int st_ = (call);                                                                   \
    if (st_ != 0) {                                                                     \
      std::fprintf(stderr, "%s:%d %s: status %d: %s\n", __FILE__, __LINE__, #call, st_, \
                   as_last_error());                                                    \
      std::exit(1);                                                                     \
    }                                                                                   \
  } while (0)

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
  for (int64_t i = 0; i < p; i++) {
    double sum = 0.0;
    for (int k = 0; k < c; k++) sum += probs[k * p + i] = (float)rand() / RAND_MAX + 1e-3f;
    for (int k = 0; k < c; k++) probs[k * p + i] = (float)(probs[k * p + i] / sum);
    for (int k = 0; k < c; k++) logits[k * p + i] = 8.0f * ((float)rand() / RAND_MAX - 0.5f);
  }
  const Case cases[] = {{"entropy log2 1e-12", AS_STAT_ENTROPY, 1e-12f, 1},
                        {"entropy ln 1e-10  ", AS_STAT_ENTROPY, 1e-10f, 0},
                        {"entropy ln 1e-6   ", AS_STAT_ENTROPY, 1e-6f, 0},
                        {"entropy xlogy     ", AS_STAT_ENTROPY_XLOGY, 0.0f, 0},
                        {"max probability   ", AS_STAT_MAX_PROBABILITY, 0.0f, 0},
                        {"least confidence  ", AS_STAT_LEAST_CONFIDENCE, 0.0f, 0},
                        {"margin            ", AS_STAT_MARGIN, 0.0f, 0}};

  float *d_f32, *d_out, *d_flush;
  __half* d_f16;
  size_t flush_bytes = size_t{256} << 20;  // larger than any L2
  CHECK(cudaMalloc(&d_f32, c * p * sizeof(float)));
  CHECK(cudaMalloc(&d_f16, c * p * sizeof(__half)));
  CHECK(cudaMalloc(&d_out, p * sizeof(float)));
  CHECK(cudaMalloc(&d_flush, flush_bytes));
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
          for (int64_t i = 0; i < p; i++) {
            double err = std::fabs(got[i] - ref[i]) / (std::fabs(ref[i]) * 1e-5 + 1e-6);
            if (!(err <= worst)) worst = err;  // also catches NaN
          }
        }
        bool ok = worst <= 1.0;
        failures += !ok;
        std::printf("  %s %s %s: max error %.3g of the tolerance (blocks 64..1024) %s\n",
                    use_logits ? "logits" : "probs ", dtype == AS_DTYPE_F16 ? "f16" : "f32", k.name,
                    worst, ok ? "ok" : "FAIL");
      }
    }
  }

  // N frames (N, C, P): the launcher as_pixel_entropy and the kernel symbol at the exported
  // geometry, against the CPU reference frame by frame; both must give the same bits
  {
    std::vector<float> frames(n * c * p), fref(n * p), via_launcher(n * p), via_symbol(n * p);
    srand(4321);
    for (int64_t f = 0; f < n; f++) {
      for (int64_t i = 0; i < p; i++) {
        double sum = 0.0;
        float* col = frames.data() + f * c * p + i;
        for (int k = 0; k < c; k++) sum += col[k * p] = (float)rand() / RAND_MAX + 1e-3f;
        for (int k = 0; k < c; k++) col[k * p] = (float)(col[k * p] / sum);
      }
    }
    float *d_frames, *d_fout;
    CHECK(cudaMalloc(&d_frames, frames.size() * sizeof(float)));
    CHECK(cudaMalloc(&d_fout, fref.size() * sizeof(float)));
    CHECK(cudaMemcpy(d_frames, frames.data(), frames.size() * sizeof(float), cudaMemcpyHostToDevice));
    int32_t block = 0;
    int64_t max_blocks = 0;
    CHECK_AS(as_pixel_launch_geometry(&block, &max_blocks));
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
      const int64_t want = (n * p + block - 1) / block;
      const unsigned grid = (unsigned)std::max<int64_t>(1, std::min(want, max_blocks));
      as_pixel_statistic_f32_kernel<<<grid, block>>>(d_frames, d_fout, n, c, p, 0, AS_STAT_ENTROPY,
                                                     eps, log2, 1.0f);
      CHECK(cudaGetLastError());
      CHECK(cudaMemcpy(via_symbol.data(), d_fout, fref.size() * sizeof(float), cudaMemcpyDeviceToHost));
      double worst = 0.0;
      for (int64_t i = 0; i < n * p; i++) {
        double err = std::fabs(via_launcher[i] - fref[i]) / (std::fabs(fref[i]) * 1e-6 + 1e-6);
        if (!(err <= worst)) worst = err;  // also catches NaN
      }
      bool same = std::memcmp(via_launcher.data(), via_symbol.data(), fref.size() * sizeof(float)) == 0;
      bool ok = worst <= 1.0 && same;
      failures += !ok;
      std::printf("  entropy of %lld frames %s: max error %.3g of the tolerance, launcher and symbol "
                  "(block %d) %s %s\n", (long long)n, log2 ? "log2" : "ln  ", worst, block,
                  same ? "identical" : "DIFFER", ok ? "ok" : "FAIL");
    }
    CHECK(cudaFree(d_frames));
    CHECK(cudaFree(d_fout));
  }

  cudaEvent_t start, stop;
  CHECK(cudaEventCreate(&start));
  CHECK(cudaEventCreate(&stop));
  for (int use_logits = 0; use_logits <= 1; use_logits++) {
    for (int dtype : {AS_DTYPE_F32, AS_DTYPE_F16}) {
      const void* d_map = dtype == AS_DTYPE_F16 ? (const void*)d_f16 : (const void*)d_f32;
      double bytes = (double)c * p * (dtype == AS_DTYPE_F16 ? 2 : 4) + (double)p * 4;
      for (int block : {128, 256, 512}) {
        const int reps = 20;
        float total_ms = 0.0f;
        for (int r = 0; r < reps; r++) {
          CHECK(cudaMemset(d_flush, r, flush_bytes));
          CHECK(cudaEventRecord(start));
          activeseg::launch_pixel_statistic(d_map, dtype, d_out, 1, c, p, use_logits,
                                            AS_STAT_ENTROPY, 1e-12f, 1, 1.0f, block, 0);
          CHECK(cudaEventRecord(stop));
          CHECK(cudaEventSynchronize(stop));
          float ms;
          CHECK(cudaEventElapsedTime(&ms, start, stop));
          total_ms += ms;
        }
        double ms = total_ms / reps;
        std::printf("  entropy %s %s block %4d: %.4f ms per frame, %.1f GB/s\n",
                    use_logits ? "logits" : "probs ", dtype == AS_DTYPE_F16 ? "f16" : "f32", block,
                    ms, bytes / (ms * 1e-3) / 1e9);
      }
    }
  }
  CHECK(cudaFree(d_f32));
  CHECK(cudaFree(d_f16));
  CHECK(cudaFree(d_out));
  CHECK(cudaFree(d_flush));
  return failures == 0 ? 0 : 1;
}
