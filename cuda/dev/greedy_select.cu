/*
Check-and-time harness for RIPU's greedy selection (cuda/src/greedy_select.cu), llm.c style: the
CPU reference is the literal serial loop (count full-map argmaxes in column-major first-maximum
order, then -inf suppression of the square); the GPU pipeline (keys, CUB radix sort, chunked
accept kernel) is validated at several accept block sizes on dense random, quantised (many exact
ties) and all-equal maps, then timed with CUDA events after an L2 flush.

Build: cmake -S . -B build -DACTIVESEG_BUILD_DEV_HARNESS=ON && cmake --build build -j
Run:   build/greedy_select_harness [W H radius count]     (default 2048 1024 12 1026)
*/
#include "../src/greedy_select.cu"
#include "../src/status.cu"
#include "common.h"

#include <algorithm>
#include <vector>

// ----------------------------------------------------------------------------
// CPU reference: the serial argmax loop; score and blocked are (H, W)

static std::vector<int> greedy_cpu(std::vector<float> score, std::vector<uint8_t>& blocked, int w,
                                   int h, int r, int count) {
  for (size_t i = 0; i < score.size(); i++) {
    if (blocked[i]) score[i] = -INFINITY;
  }
  std::vector<int> picks;
  while ((int)picks.size() < count) {
    int best = -1;
    for (int x = 0; x < w; x++) {
      for (int y = 0; y < h; y++) {
        int i = y * w + x;
        if (score[i] == -INFINITY) continue;
        if (best < 0 || score[i] > score[best]) best = i;
      }
    }
    if (best < 0) break;
    picks.push_back(best);
    int bx = best % w, by = best / w;
    for (int y = std::max(0, by - r); y <= std::min(h - 1, by + r); y++) {
      for (int x = std::max(0, bx - r); x <= std::min(w - 1, bx + r); x++) {
        score[y * w + x] = -INFINITY;
        blocked[y * w + x] = 1;
      }
    }
  }
  return picks;
}

// ----------------------------------------------------------------------------
// GPU pipeline with a chosen accept block size

struct Device {
  float* score;
  uint8_t* blocked;
  int32_t* picks;
  int32_t* n_picks;
  void* workspace;
  size_t workspace_bytes;
};

static void greedy_gpu(const Device& d, int w, int h, int r, int count, int accept_block) {
  const int64_t pixels = (int64_t)w * h;
  size_t sort = 0;
  CHECK(activeseg::greedy::sort_bytes(pixels, &sort));
  size_t key_bytes = activeseg::align256(pixels * sizeof(uint64_t));
  char* base = static_cast<char*>(d.workspace);
  uint64_t* keys = reinterpret_cast<uint64_t*>(base);
  uint64_t* sorted = reinterpret_cast<uint64_t*>(base + key_bytes);
  as_greedy_keys_kernel<<<(unsigned)((pixels + 255) / 256), 256>>>(d.score, d.blocked, keys, w, h);
  CHECK(cudaGetLastError());
  CHECK(cub::DeviceRadixSort::SortKeys(base + 2 * key_bytes, sort, keys, sorted, pixels));
  as_greedy_accept_kernel<<<1, accept_block>>>(sorted, pixels, d.blocked, w, h, r, count, d.picks,
                                               d.n_picks);
  CHECK(cudaGetLastError());
}

static void fill(std::vector<float>& s, int kind) {
  for (auto& v : s) {
    double u = (double)rand() / RAND_MAX;
    v = kind == 0 ? (float)u : kind == 1 ? (float)std::floor(u * 7) : 1.0f;
  }
}

int main(int argc, char** argv) {
  int w = argc > 1 ? std::atoi(argv[1]) : 2048;
  int h = argc > 2 ? std::atoi(argv[2]) : 1024;
  int r = argc > 3 ? std::atoi(argv[3]) : 12;
  int count = argc > 4 ? std::atoi(argv[4]) : 1026;
  std::printf("greedy select: %dx%d radius %d count %d\n", w, h, r, count);
  const int64_t pixels = (int64_t)w * h;
  Device d{};
  CHECK(cudaMalloc(&d.score, pixels * sizeof(float)));
  CHECK(cudaMalloc(&d.blocked, pixels));
  CHECK(cudaMalloc(&d.picks, std::max(count, 1) * sizeof(int32_t)));
  CHECK(cudaMalloc(&d.n_picks, sizeof(int32_t)));
  CHECK_AS(as_greedy_select_workspace_bytes(w, h, &d.workspace_bytes));
  CHECK(cudaMalloc(&d.workspace, d.workspace_bytes));

  srand(1234);
  int failures = 0;
  std::vector<float> score(pixels);
  std::vector<uint8_t> blocked0(pixels);
  const char* kinds[] = {"dense", "quantised", "all-equal"};
  for (int kind = 0; kind < 3; kind++) {
    fill(score, kind);
    for (auto& b : blocked0) b = rand() % 10 == 0;
    std::vector<uint8_t> ref_blocked = blocked0;
    std::vector<int> ref = greedy_cpu(score, ref_blocked, w, h, r, count);
    CHECK(cudaMemcpy(d.score, score.data(), pixels * sizeof(float), cudaMemcpyHostToDevice));
    for (int block : {32, 128, 256, 1024}) {
      CHECK(cudaMemcpy(d.blocked, blocked0.data(), pixels, cudaMemcpyHostToDevice));
      greedy_gpu(d, w, h, r, count, block);
      int n = 0;
      CHECK(cudaMemcpy(&n, d.n_picks, sizeof n, cudaMemcpyDeviceToHost));
      std::vector<int> got(n);
      if (n > 0) CHECK(cudaMemcpy(got.data(), d.picks, n * sizeof(int), cudaMemcpyDeviceToHost));
      std::vector<uint8_t> got_blocked(pixels);
      CHECK(cudaMemcpy(got_blocked.data(), d.blocked, pixels, cudaMemcpyDeviceToHost));
      std::printf("  %-9s accept block %4d: %zu picks %s\n", kinds[kind], block, ref.size(),
                  dev::verdict(got == ref && got_blocked == ref_blocked, &failures));
    }
  }

  fill(score, 0);
  CHECK(cudaMemcpy(d.score, score.data(), pixels * sizeof(float), cudaMemcpyHostToDevice));
  for (int block : {256, 512, 1024}) {
    const float ms = dev::time_ms(10, [&] { CHECK(cudaMemset(d.blocked, 0, pixels)); },
                                  [&] { greedy_gpu(d, w, h, r, count, block); });
    std::printf("  accept block %4d: %.3f ms per selection (keys + sort + accept)\n", block, ms);
  }
  CHECK(cudaFree(d.score));
  CHECK(cudaFree(d.blocked));
  CHECK(cudaFree(d.picks));
  CHECK(cudaFree(d.n_picks));
  CHECK(cudaFree(d.workspace));
  std::printf(failures ? "FAILED (%d)\n" : "all ok\n", failures);
  return failures == 0 ? 0 : 1;
}
