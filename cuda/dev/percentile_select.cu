/*
Check-and-time harness for the radix rank selection behind U2PL's percentile
(cuda/src/percentile_select.cu): the CPU reference sorts the valid values (std::sort) and reads
ranks lo and lo+1; the GPU selection is validated at several histogram block sizes on random,
tied (quantised) and partly invalid inputs, then timed with CUDA events after an L2 flush.

Build: cmake -S . -B build -DACTIVESEG_BUILD_DEV_HARNESS=ON && cmake --build build -j
Run:   build/percentile_select_harness [N]     (default 2*769*769, U2PL's batch of two crops)
*/
#include "../src/percentile_select.cu"
#include "../src/status.cu"
#include "common.h"

#include <algorithm>
#include <vector>

// ----------------------------------------------------------------------------
// CPU reference: the k-th smallest valid value by a full sort (-0 read as +0)

static float rank_cpu(const std::vector<float>& v, const std::vector<uint8_t>& valid, int64_t k) {
  std::vector<float> a;
  for (size_t i = 0; i < v.size(); i++) {
    if (valid[i]) a.push_back(v[i] == 0.0f ? 0.0f : v[i]);
  }
  std::sort(a.begin(), a.end());
  return a[k];
}

static void select_gpu(const float* values, const uint8_t* valid, int64_t n, int64_t k, float* out,
                       void* state, int block) {
  as_select_init_kernel<<<1, 256>>>(state, k);
  const unsigned blocks = (unsigned)std::min<int64_t>((n + block - 1) / block, 1024);
  for (int shift = 24; shift >= 0; shift -= 8) {
    as_select_histogram_kernel<<<blocks, block>>>(values, valid, n, state, shift);
    as_select_digit_kernel<<<1, 1>>>(state, shift);
  }
  as_select_write_kernel<<<1, 1>>>(state, out);
  CHECK(cudaGetLastError());
}

int main(int argc, char** argv) {
  int64_t n = argc > 1 ? std::atoll(argv[1]) : 2LL * 769 * 769;
  std::printf("rank select: N=%lld\n", (long long)n);
  std::vector<float> v(n);
  std::vector<uint8_t> valid(n);
  float *d_v, *d_out;
  uint8_t* d_valid;
  void* state;
  CHECK(cudaMalloc(&d_v, n * sizeof(float)));
  CHECK(cudaMalloc(&d_valid, n));
  CHECK(cudaMalloc(&d_out, sizeof(float)));
  CHECK(cudaMalloc(&state, AS_SELECT_RANKS_WORKSPACE_BYTES));
  srand(99);
  int failures = 0;
  const char* kinds[] = {"random", "quantised", "signed", "all-equal"};
  for (int kind = 0; kind < 4; kind++) {
    int64_t m = 0;
    for (int64_t i = 0; i < n; i++) {
      double u = (double)rand() / RAND_MAX;
      v[i] = kind == 0 ? (float)(u * 3) : kind == 1 ? (float)std::floor(u * 5) * 0.25f
           : kind == 2 ? (float)((u - 0.5) * 1e3) : 0.5f;
      if (kind == 2 && i % 97 == 0) v[i] = -0.0f;
      valid[i] = rand() % 5 != 0;
      m += valid[i];
    }
    CHECK(cudaMemcpy(d_v, v.data(), n * sizeof(float), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(d_valid, valid.data(), n, cudaMemcpyHostToDevice));
    for (int block : {64, 128, 256, 512, 1024}) {
      bool ok = true;
      for (int64_t k : {int64_t{0}, m / 3, m / 2, m - 1}) {
        select_gpu(d_v, d_valid, n, k, d_out, state, block);
        float got;
        CHECK(cudaMemcpy(&got, d_out, sizeof got, cudaMemcpyDeviceToHost));
        ok = ok && got == rank_cpu(v, valid, k);
      }
      std::printf("  %-9s block %4d: %s\n", kinds[kind], block, dev::verdict(ok, &failures));
    }
  }
  for (int block : {128, 256, 512}) {
    const float ms = dev::time_ms(20, [&] { select_gpu(d_v, d_valid, n, n / 5, d_out, state, block); });
    std::printf("  block %4d: %.4f ms per rank (4 radix passes)\n", block, ms);
  }
  CHECK(cudaFree(d_v));
  CHECK(cudaFree(d_valid));
  CHECK(cudaFree(d_out));
  CHECK(cudaFree(state));
  std::printf(failures ? "FAILED (%d)\n" : "all ok\n", failures);
  return failures == 0 ? 0 : 1;
}
