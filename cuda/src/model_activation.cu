/*
Backward of ReLU and ReLU6 with PyTorch's convention at the kinks, for the GPU execution of
org.activeseg.model.layers.Activation (org.activeseg.model.gpu.GpuActivation; the forward pass
runs on cuDNN's CUDNN_ACTIVATION_RELU / CLIPPED_RELU).

  dx[i] = dy[i]  where 0 < x[i] < upper,   else 0
  upper = +inf for ReLU, 6 for ReLU6; a NaN x compares false and gets 0.

Why not cudnnActivationBackward: cuDNN's clipped ReLU passes the gradient at x == coef
(chainer/chainer#5877), where PyTorch's hardtanh backward and the CPU layer
(java/.../model/layers/Activation.java, the reference of this kernel) pass none.

Shapes: x, dy, dx are `count` contiguous float32 (an NCHW tensor flattened); dx may alias dy.

Kernel 1 (the one in use): a grid-stride loop, one element per thread per step; memory-bound,
three coalesced streams.
*/
#include "activeseg.h"
#include "status.cuh"

#include <stdint.h>

// ----------------------------------------------------------------------------
// GPU kernel

// x, dy, dx are (count) float32
extern "C" __global__ void as_activation_backward_kernel(const float* __restrict__ x,
                                                         const float* dy, float* dx, int64_t count,
                                                         float upper) {
  const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < count;
       i += stride) {
    const float v = x[i];
    dx[i] = (v > 0.0f && v < upper) ? dy[i] : 0.0f;
  }
}

// ----------------------------------------------------------------------------
// kernel launcher

namespace activeseg {

constexpr int kActivationBackwardBlock = 256;
constexpr int64_t kActivationBackwardMaxBlocks = int64_t{1} << 20;

}  // namespace activeseg

extern "C" int as_activation_backward(const float* x, const float* dy, float* dx, int64_t count,
                                      float upper, cudaStream_t stream) {
  using namespace activeseg;
  const char* op = "as_activation_backward";
  if (count < 0) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "bad count %lld", (long long)count);
  }
  if (!(upper > 0.0f)) return fail(op, AS_ERR_INVALID_ARGUMENT, "bad upper bound %g", upper);
  if (count == 0) return AS_OK;
  if (x == nullptr || dy == nullptr || dx == nullptr) {
    return fail(op, AS_ERR_INVALID_ARGUMENT, "null device pointer (x=%p dy=%p dx=%p)",
                (const void*)x, (const void*)dy, (void*)dx);
  }
  int64_t blocks = (count + kActivationBackwardBlock - 1) / kActivationBackwardBlock;
  if (blocks > kActivationBackwardMaxBlocks) blocks = kActivationBackwardMaxBlocks;
  as_activation_backward_kernel<<<static_cast<int>(blocks), kActivationBackwardBlock, 0, stream>>>(
      x, dy, dx, count, upper);
  return check_launch(op);
}
