/*
RIPU's greedy selection with square suppression (shared/spec/ALGORITHMS.md section 3(a)), picking
exactly what the serial loop of count full-map argmaxes picks (ReferenceRegionOps.greedySelect):
the largest score among unblocked pixels, ties to the smallest column x then the smallest row y,
then the square [x-r, x+r] x [y-r, y+r] (clipped) is blocked; stops when every pixel is blocked.

Shapes (row-major, i = y*W + x):
  score    (H, W) float32; NaN is rejected by the caller (the Java side checks it)
  blocked  (H, W) uint8 in/out: nonzero = never picked; the squares of the picks are set on return
  picks    (count) int32 out: pixel indices y*W + x in pick order; *n_picks out: how many

Why exact: blocking only turns candidates into non-candidates, so the serial argmax loop accepts
the candidates in (score desc, x asc, y asc) order, each iff no earlier accepted pick's square
covers it. Steps:
  1. keys: one thread per pixel writes key = (~sortable(score)) << 32 | (x*H + y), where
     sortable() is the order-preserving float -> uint32 map (-0 read as +0); blocked and -inf
     pixels get key UINT64_MAX (sorted last, never a valid key: it would be a NaN score).
  2. cub::DeviceRadixSort::SortKeys ascending = (score desc, x asc, y asc).
  3. accept (kernel 1, one block of kAcceptBlock threads): walk the sorted keys in chunks of
     kAcceptBlock; each thread takes one candidate and drops it if blocked[] is already set (by the
     initial mask or an earlier chunk's squares); then, in order j = 0.. over the chunk, a live
     candidate j is accepted and every later candidate of the chunk inside its square drops out
     (a __syncthreads per step); finally the block writes the squares of the chunk's accepted picks
     into blocked[] and the next chunk starts. Stops at count picks or at the first UINT64_MAX key.
     One block, so __syncthreads orders the global writes of one chunk before the next's reads.

Workspace (as_greedy_select_workspace_bytes): two P uint64 key arrays + CUB's sort storage.
*/
#include "activeseg.h"
#include "status.cuh"

#include <cub/device/device_radix_sort.cuh>
#include <stdint.h>

// ----------------------------------------------------------------------------
// GPU kernels

namespace activeseg::greedy {

constexpr int kKeyBlock = 256;
constexpr int kAcceptBlock = 1024;
constexpr uint64_t kNoKey = ~uint64_t{0};

// Order-preserving map float -> uint32 (ascending floats give ascending uints); -0 maps as +0.
__host__ __device__ inline uint32_t sortable(float v) {
  if (v == 0.0f) v = 0.0f;
  uint32_t bits;
  memcpy(&bits, &v, sizeof bits);
  return (bits & 0x80000000u) ? ~bits : (bits | 0x80000000u);
}

}  // namespace activeseg::greedy

// score and blocked are (H, W); keys is (P)
extern "C" __global__ void as_greedy_keys_kernel(const float* __restrict__ score,
                                                 const uint8_t* __restrict__ blocked,
                                                 uint64_t* __restrict__ keys, int32_t w,
                                                 int32_t h) {
  using namespace activeseg::greedy;
  const int64_t pixels = static_cast<int64_t>(w) * h;
  const int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i >= pixels) return;
  const float s = score[i];
  if (blocked[i] || s == -INFINITY) {
    keys[i] = kNoKey;
    return;
  }
  const int64_t x = i % w;
  const int64_t y = i / w;
  const uint64_t column_major = static_cast<uint64_t>(x * h + y);
  keys[i] = (static_cast<uint64_t>(~sortable(s)) << 32) | column_major;
}

// keys sorted ascending (m of them); one block of blockDim.x <= kAcceptBlock threads
extern "C" __global__ void __launch_bounds__(1024) as_greedy_accept_kernel(const uint64_t* __restrict__ keys,
                                                   int64_t m, uint8_t* blocked, int32_t w,
                                                   int32_t h, int32_t r, int32_t count,
                                                   int32_t* __restrict__ picks,
                                                   int32_t* __restrict__ n_picks) {
  using activeseg::greedy::kAcceptBlock;
  using activeseg::greedy::kNoKey;
  __shared__ int32_t cand_x[kAcceptBlock];
  __shared__ int32_t cand_y[kAcceptBlock];
  __shared__ int32_t live[kAcceptBlock];
  __shared__ int32_t accepted[kAcceptBlock];
  __shared__ int32_t n_accepted;
  const int tid = threadIdx.x;
  const int chunk = blockDim.x;
  int32_t total = 0;  // the same in every thread
  for (int64_t start = 0; start < m && total < count; start += chunk) {
    // 1. load the chunk; drop candidates already blocked
    const int64_t j = start + tid;
    const uint64_t key = j < m ? keys[j] : kNoKey;
    int32_t x = 0, y = 0, alive = 0;
    if (key != kNoKey) {
      const int64_t cm = static_cast<int64_t>(key & 0xffffffffu);
      x = static_cast<int32_t>(cm / h);
      y = static_cast<int32_t>(cm % h);
      alive = blocked[static_cast<int64_t>(y) * w + x] ? 0 : 1;
    }
    cand_x[tid] = x;
    cand_y[tid] = y;
    live[tid] = alive;
    if (tid == 0) n_accepted = 0;
    const int end = __syncthreads_or(key == kNoKey);  // sorted: no valid key after this chunk
    // 2. resolve the chunk in order: a live candidate is accepted and drops the later ones it covers
    for (int k = 0; k < chunk; k++) {
      if (!live[k]) continue;                  // uniform: shared, stable since the last barrier
      if (total + n_accepted >= count) break;  // uniform
      if (tid > k && live[tid] && abs(cand_x[tid] - cand_x[k]) <= r &&
          abs(cand_y[tid] - cand_y[k]) <= r) {
        live[tid] = 0;
      }
      __syncthreads();
      if (tid == 0) accepted[n_accepted++] = k;
      __syncthreads();
    }
    // 3. record the picks and block their squares
    const int side = 2 * r + 1;
    const int64_t cells = static_cast<int64_t>(side) * side;
    const int32_t accepted_now = n_accepted;
    for (int a = 0; a < accepted_now; a++) {
      const int k = accepted[a];
      const int32_t px = cand_x[k];
      const int32_t py = cand_y[k];
      if (tid == 0) picks[total + a] = py * w + px;
      for (int64_t cell = tid; cell < cells; cell += chunk) {
        const int32_t yy = py - r + static_cast<int32_t>(cell / side);
        const int32_t xx = px - r + static_cast<int32_t>(cell % side);
        if (yy >= 0 && yy < h && xx >= 0 && xx < w) blocked[static_cast<int64_t>(yy) * w + xx] = 1;
      }
    }
    total += accepted_now;
    __syncthreads();  // the squares are visible to the next chunk's reads; n_accepted is reused
    if (end) break;
  }
  if (tid == 0) *n_picks = total;
}

// ----------------------------------------------------------------------------
// kernel launchers

namespace activeseg::greedy {

inline cudaError_t sort_bytes(int64_t pixels, size_t* out) {
  return cub::DeviceRadixSort::SortKeys(nullptr, *out, static_cast<const uint64_t*>(nullptr),
                                        static_cast<uint64_t*>(nullptr), pixels);
}

}  // namespace activeseg::greedy

extern "C" int as_greedy_select_workspace_bytes(int32_t w, int32_t h, size_t* out) {
  using namespace activeseg;
  using namespace activeseg::greedy;
  const char* op = "as_greedy_select_workspace_bytes";
  if (out == nullptr || w < 1 || h < 1) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "bad geometry %dx%d or null out", w, h);
  }
  const int64_t pixels = static_cast<int64_t>(w) * h;
  if (pixels > INT32_MAX) return fail(op, AS_ERR_TOO_LARGE, "%dx%d pixels exceed int32", w, h);
  size_t sort = 0;
  cudaError_t err = sort_bytes(pixels, &sort);
  if (err != cudaSuccess) return fail_cuda(op, err);
  *out = 2 * align256(pixels * sizeof(uint64_t)) + align256(sort);
  return AS_OK;
}

extern "C" int as_greedy_select(const float* score, uint8_t* blocked, int32_t w, int32_t h,
                                int32_t radius, int32_t count, int32_t* picks, int32_t* n_picks,
                                void* workspace, size_t workspace_bytes, cudaStream_t stream) {
  using namespace activeseg;
  using namespace activeseg::greedy;
  const char* op = "as_greedy_select";
  if (w < 1 || h < 1 || radius < 0 || count < 0) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "bad selection %dx%d, radius %d, count %d", w, h,
                radius, count);
  }
  const int64_t pixels = static_cast<int64_t>(w) * h;
  if (pixels > INT32_MAX) return fail(op, AS_ERR_TOO_LARGE, "%dx%d pixels exceed int32", w, h);
  if (score == nullptr || blocked == nullptr || n_picks == nullptr || workspace == nullptr ||
      (count > 0 && picks == nullptr)) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "null device pointer");
  }
  size_t sort = 0;
  cudaError_t err = sort_bytes(pixels, &sort);
  if (err != cudaSuccess) return fail_cuda(op, err);
  const size_t key_bytes = align256(pixels * sizeof(uint64_t));
  if (workspace_bytes < 2 * key_bytes + align256(sort)) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "workspace of %zu bytes, need %zu", workspace_bytes,
                2 * key_bytes + align256(sort));
  }
  char* base = static_cast<char*>(workspace);
  uint64_t* keys = reinterpret_cast<uint64_t*>(base);
  uint64_t* sorted = reinterpret_cast<uint64_t*>(base + key_bytes);
  void* temp = base + 2 * key_bytes;
  if (count == 0) {
    err = cudaMemsetAsync(n_picks, 0, sizeof(int32_t), stream);
    return err == cudaSuccess ? AS_OK : fail_cuda(op, err);
  }
  as_greedy_keys_kernel<<<static_cast<unsigned>((pixels + kKeyBlock - 1) / kKeyBlock), kKeyBlock,
                          0, stream>>>(score, blocked, keys, w, h);
  int status = check_launch(op);
  if (status != 0) return status;
  err = cub::DeviceRadixSort::SortKeys(temp, sort, keys, sorted, pixels, 0, 64, stream);
  if (err != cudaSuccess) return fail_cuda(op, err);
  as_greedy_accept_kernel<<<1, kAcceptBlock, 0, stream>>>(sorted, pixels, blocked, w, h, radius,
                                                          count, picks, n_picks);
  return check_launch(op);
}
