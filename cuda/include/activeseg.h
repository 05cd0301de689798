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

/* ---- RegionOps and DiversityOps (RIPU regions, U2PL percentile, core-set k-center) ---- */

/*
 * RIPU mean entropy and argmax over MC samples (cuda/src/region_scores.cu).
 *   probs    device, (T, C, P) float32, P contiguous
 *   entropy  device, (P) float32: -sum_c p_c ln(p_c + eps) / norm with p_c the mean over T
 *   argmax   device, (P) int32: first class with the largest p_c
 * Accumulates in double as ReferenceRegionOps does. P == 0 succeeds.
 */
AS_API int as_mean_entropy_argmax(const float* probs, float* entropy, int32_t* argmax, int32_t t,
                                  int32_t c, int64_t p, double eps, double norm,
                                  cudaStream_t stream);

/* Device workspace bytes of as_impurity_uncertainty for a W x H map into *out. */
AS_API int as_impurity_uncertainty_workspace_bytes(int32_t w, int32_t h, size_t* out);

/*
 * RIPU region impurity and uncertainty over (2 radius + 1)^2 windows clipped to the image.
 *   argmax      device, (H, W) int32 in [0, classes) (the caller checks the range)
 *   entropy     device, (H, W) float32; may be null when uncertainty is null
 *   impurity    device, (H, W) float32 out; uncertainty device, (H, W) float32 out or null
 *   workspace   device, at least as_impurity_uncertainty_workspace_bytes(w, h)
 */
AS_API int as_impurity_uncertainty(const int32_t* argmax, const float* entropy, int32_t w,
                                   int32_t h, int32_t classes, int32_t radius, double eps,
                                   double norm, float* impurity, float* uncertainty,
                                   void* workspace, size_t workspace_bytes, cudaStream_t stream);

/* Device workspace bytes of as_greedy_select for a W x H map into *out (W*H <= INT32_MAX). */
AS_API int as_greedy_select_workspace_bytes(int32_t w, int32_t h, size_t* out);

/*
 * RIPU greedy selection with square suppression, the picks of the serial argmax loop exactly
 * (cuda/src/greedy_select.cu).
 *   score    device, (H, W) float32 without NaN; -inf counts as blocked
 *   blocked  device, (H, W) uint8 in/out: nonzero = never picked; pick squares set on return
 *   picks    device, (count) int32 out: y*W + x in pick order; n_picks device int32 out
 *   workspace device, at least as_greedy_select_workspace_bytes(w, h)
 */
AS_API int as_greedy_select(const float* score, uint8_t* blocked, int32_t w, int32_t h,
                            int32_t radius, int32_t count, int32_t* picks, int32_t* n_picks,
                            void* workspace, size_t workspace_bytes, cudaStream_t stream);

/* Device workspace of as_select_ranks. */
#define AS_SELECT_RANKS_WORKSPACE_BYTES 4096

/*
 * The k0-th and k1-th smallest (0-based) valid values, by radix select (cuda/src/percentile_select.cu).
 *   values  device, (N) float32, no NaN among valid values; valid device (N) uint8 or null (all)
 *   out     device, (2) float32: out[0] = rank k0, out[1] = rank k1 (k0, k1 < number valid;
 *           the caller counts the valid values)
 * -0 and +0 are equal (+0 is returned).
 */
AS_API int as_select_ranks(const float* values, const uint8_t* valid, int64_t n, int64_t k0,
                           int64_t k1, float* out, void* workspace, cudaStream_t stream);

/*
 * Core-set k-center distance update (cuda/src/kcenter.cu):
 *   min_dist[i] = min(min_dist[i], ||x_i - x_centre||), x device (N, D) float32, min_dist device (N) float64.
 */
AS_API int as_kcenter_update(const float* x, int64_t n, int32_t d, int64_t centre, double* min_dist,
                             cudaStream_t stream);

/* Device workspace of as_kcenter_argmax. */
#define AS_KCENTER_ARGMAX_WORKSPACE_BYTES 16384

/*
 * argmax of min_dist over rows with taken[i] == 0, ties to the lowest index; *out_index = -1 and
 * *out_value = 0 when every row is taken. min_dist device (N) float64, taken device (N) uint8,
 * out_index device int64, out_value device double.
 */
AS_API int as_kcenter_argmax(const double* min_dist, const uint8_t* taken, int64_t n,
                             int64_t* out_index, double* out_value, void* workspace,
                             cudaStream_t stream);

#ifdef __cplusplus
}
#endif

#endif /* ACTIVESEG_H */
