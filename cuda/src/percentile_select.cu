/*
Rank selection for U2PL's percentile (shared/spec/ALGORITHMS.md section 5(a)): the k-th smallest
(0-based) of the valid values, without sorting. numpy's 'linear' percentile needs the ranks lo and
lo+1 of the valid values; the caller (CudaRegionOps.percentile) computes lo and interpolates in
float32 exactly as ReliabilitySplit.percentile does.

  values  (N) float32, device; NaN must not occur among valid values (the caller checks)
  valid   (N) uint8, device, nonzero = counted; may be null (all valid)
  out     (2) float32, device: out[0] = rank k0, out[1] = rank k1 (0 <= k0, k1 < number valid)

Radix select over u = sortable(v), the order-preserving float -> uint32 map (-0 read as +0):
4 passes of 8 bits from the top. Each pass: (a) a histogram of digit (u >> shift) & 255 over the
valid values whose higher digits equal the prefix found so far (block-local shared histograms,
added to the global one with atomics), (b) one thread walks the 256 bins to find the digit whose
cumulative count passes k, appends it to the prefix and subtracts the counts below it from k.
After 4 passes the prefix is u of the k-th value. State and histogram live in the workspace
(AS_SELECT_RANKS_WORKSPACE_BYTES), so the whole selection stays on the device.
*/
#include "activeseg.h"
#include "status.cuh"

#include <stdint.h>

namespace activeseg::select {

constexpr int kHistBlock = 256;
constexpr int kHistMaxBlocks = 1024;

struct SelectState {
  unsigned long long hist[256];
  unsigned long long k;  // rank still to find within the current prefix
  uint32_t prefix;
  uint32_t mask;
};
static_assert(sizeof(SelectState) <= AS_SELECT_RANKS_WORKSPACE_BYTES, "workspace too small");

__device__ inline uint32_t sortable(float v) {
  if (v == 0.0f) v = 0.0f;
  const uint32_t bits = __float_as_uint(v);
  return (bits & 0x80000000u) ? ~bits : (bits | 0x80000000u);
}

__device__ inline float unsortable(uint32_t u) {
  const uint32_t bits = (u & 0x80000000u) ? (u & 0x7fffffffu) : ~u;
  return __uint_as_float(bits);
}

}  // namespace activeseg::select

// ----------------------------------------------------------------------------
// GPU kernels

extern "C" __global__ void as_select_init_kernel(void* state_ptr, int64_t k) {
  auto* state = static_cast<activeseg::select::SelectState*>(state_ptr);
  for (int b = threadIdx.x; b < 256; b += blockDim.x) state->hist[b] = 0;
  if (threadIdx.x == 0) {
    state->k = static_cast<unsigned long long>(k);
    state->prefix = 0;
    state->mask = 0;
  }
}

// values and valid are (N)
extern "C" __global__ void as_select_histogram_kernel(const float* __restrict__ values,
                                                      const uint8_t* __restrict__ valid,
                                                      int64_t n, void* state_ptr, int32_t shift) {
  using namespace activeseg::select;
  auto* state = static_cast<SelectState*>(state_ptr);
  __shared__ unsigned int local[256];
  for (int b = threadIdx.x; b < 256; b += blockDim.x) local[b] = 0;
  __syncthreads();
  const uint32_t prefix = state->prefix;
  const uint32_t mask = state->mask;
  const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
       i += stride) {
    if (valid != nullptr && !valid[i]) continue;
    const uint32_t u = sortable(values[i]);
    if ((u & mask) == prefix) atomicAdd(&local[(u >> shift) & 0xffu], 1u);
  }
  __syncthreads();
  for (int b = threadIdx.x; b < 256; b += blockDim.x) {
    if (local[b] != 0) atomicAdd(&state->hist[b], static_cast<unsigned long long>(local[b]));
  }
}

// one thread: choose the digit of this pass, clear the histogram for the next
extern "C" __global__ void as_select_digit_kernel(void* state_ptr, int32_t shift) {
  auto* state = static_cast<activeseg::select::SelectState*>(state_ptr);
  if (threadIdx.x != 0 || blockIdx.x != 0) return;
  unsigned long long below = 0;
  uint32_t digit = 255;
  for (uint32_t b = 0; b < 256; b++) {
    if (below + state->hist[b] > state->k) {
      digit = b;
      break;
    }
    below += state->hist[b];
  }
  state->k -= below;
  state->prefix |= digit << shift;
  state->mask |= 0xffu << shift;
  for (int b = 0; b < 256; b++) state->hist[b] = 0;
}

extern "C" __global__ void as_select_write_kernel(const void* state_ptr, float* out) {
  const auto* state = static_cast<const activeseg::select::SelectState*>(state_ptr);
  if (threadIdx.x == 0 && blockIdx.x == 0) *out = activeseg::select::unsortable(state->prefix);
}

// ----------------------------------------------------------------------------
// kernel launcher

extern "C" int as_select_ranks(const float* values, const uint8_t* valid, int64_t n, int64_t k0,
                               int64_t k1, float* out, void* workspace, cudaStream_t stream) {
  using namespace activeseg;
  using namespace activeseg::select;
  const char* op = "as_select_ranks";
  if (n < 1 || k0 < 0 || k1 < 0 || k0 >= n || k1 >= n) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "bad ranks %lld, %lld of N=%lld", (long long)k0,
                (long long)k1, (long long)n);
  }
  if (values == nullptr || out == nullptr || workspace == nullptr) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "null device pointer");
  }
  const int64_t want = (n + kHistBlock - 1) / kHistBlock;
  const unsigned blocks = static_cast<unsigned>(want < kHistMaxBlocks ? want : kHistMaxBlocks);
  const int64_t ranks[2] = {k0, k1};
  for (int r = 0; r < 2; r++) {
    as_select_init_kernel<<<1, 256, 0, stream>>>(workspace, ranks[r]);
    for (int shift = 24; shift >= 0; shift -= 8) {
      as_select_histogram_kernel<<<blocks, kHistBlock, 0, stream>>>(values, valid, n, workspace,
                                                                    shift);
      as_select_digit_kernel<<<1, 1, 0, stream>>>(workspace, shift);
    }
    as_select_write_kernel<<<1, 1, 0, stream>>>(workspace, out + r);
  }
  return check_launch(op);
}
