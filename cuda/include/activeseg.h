/*
 * activeseg.h: the one C ABI of libactiveseg_cuda.so.
 *
 * Every function is extern "C", named as_<op>, returns an int status and takes the CUDA stream
 * it runs on as its last argument (0 = the legacy default stream). Status 0 is success; a
 * positive status is the cudaError_t that stopped the call; a negative status is one of the
 * AS_ERR_* codes below. After a failure as_last_error() holds a message naming the operation
 * and, for CUDA failures, the CUDA error name and text.
 *
 * Pointers named as device buffers must be device memory of the current context (the Java side
 * allocates them with the driver API on the device's primary context). Operations enqueue work
 * on the stream and return without synchronising; errors raised while the kernel runs surface
 * at the next synchronisation of that stream.
 *
 * The Java bindings (org.activeseg.backend.cuda.ActivesegNative) check as_abi_version() against
 * their own constant: bump AS_ABI_VERSION whenever a signature or a meaning here changes.
 */
#ifndef ACTIVESEG_H
#define ACTIVESEG_H

#include <stdint.h>
#include <cuda_runtime_api.h>

#define AS_ABI_VERSION 1

#define AS_OK 0
#define AS_ERR_INVALID_ARGUMENT (-1) /* a null pointer, a negative extent or a bad epsilon */
#define AS_ERR_TOO_LARGE (-2)        /* an extent whose product overflows int64 */

#if defined(_WIN32)
#define AS_API __declspec(dllexport)
#else
#define AS_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* AS_ABI_VERSION of the library that was loaded. Never fails. */
AS_API int as_abi_version(void);

/* Number of CUDA devices visible to this process into *out (0 on failure). Fails with the
 * CUDA error when no driver or no device answers (e.g. 35 cudaErrorInsufficientDriver). */
AS_API int as_device_count(int* out);

/* Message of the last failed call on this thread ("" when none failed yet). The text stays
 * valid until the next failing call on the same thread. Successful calls leave it unchanged. */
AS_API const char* as_last_error(void);

/*
 * Per-pixel entropy of class probabilities.
 *   probs  device, (N, C, P) float32, P contiguous: probs[(f*C + k)*P + i]
 *   out    device, (N, P) float32: out[f*P + i] = -sum_k p * log(p + eps), p = probs[f, k, i]
 *   log_base2  nonzero: log2 (ViewAL, eps 1e-12); zero: natural log (U2PL eps 1e-10,
 *              RIPU eps 1e-6); see shared/spec/ALGORITHMS.md section 0.1.
 * The sum accumulates in float32. N*P == 0 enqueues nothing and succeeds.
 */
AS_API int as_pixel_entropy(const float* probs, float* out, int64_t n, int32_t c, int64_t p,
                            float eps, int32_t log_base2, cudaStream_t stream);

#ifdef __cplusplus
}
#endif

#endif /* ACTIVESEG_H */
