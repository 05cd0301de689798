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

/* ---- ViewOps (cuda/src/view_statistics.cu; ALGORITHMS.md section 1, steps 2-5 and 7) ----
 * Scene layouts (row-major, P = width*height contiguous):
 *   cameras  device (N, 36) float64: fx, fy, cx, cy, cam2world 4x4, world2cam 4x4 (Pose.matrix/inverse)
 *   depth    device (N, P) float32 metres, 0 = invalid
 * The projection is float64 in the Java reference's operation order (no FMA), so landing pixels and
 * the world-distance test match org.activeseg.geometry.Reprojection bit for bit. project_invalid
 * nonzero projects depth-0 pixels as the camera centre (compat). N <= 65535, P <= INT32_MAX.
 */

/* Bytes of as_view_statistics' workspace for `targets` targets processed at once into *out:
 * targets * (C*P + 2P float64 + P int32, each rounded up to 256 bytes). */
AS_API int as_view_statistics_workspace_bytes(int32_t c, int64_t p, int64_t targets, int64_t* out);

/* View entropy and view divergence of every frame of a scene (ReferenceViewOps.viewStatistics).
 *   probs   device (N, C, P) float32 MC-averaged probabilities
 *   logs    device (N, C, P) float32 scratch: receives (float) log2(probs + 1e-8)
 *   workspace  device, workspace_bytes >= one target's (above); targets run in batches that fit it
 *   ve, vd  device (N, P) float32 outputs, 0 where no point lands
 *   landed  device (N) int64: number of points that landed in each target
 * Accumulates in float64 with atomics (sums equal up to double rounding). */
AS_API int as_view_statistics(const double* cameras, const float* depth, const float* probs, float* logs,
                              int64_t n, int32_t c, int32_t width, int32_t height,
                              double world_distance_threshold, int32_t project_invalid, void* workspace,
                              int64_t workspace_bytes, float* ve, float* vd, int64_t* landed,
                              cudaStream_t stream);

/* Bytes of as_superpixel_coverage's workspace for a scene of N frames of P pixels into *out
 * (two N*P uint64 key arrays and CUB's sort / run-length scratch). N*P <= INT32_MAX. */
AS_API int as_superpixel_coverage_workspace_bytes(int64_t n, int64_t p, int64_t* out);

/* Superpixel coverage counts of one target frame (ReferenceViewOps.superpixelCoverage, before the
 * division by the target superpixel's area).
 *   spx      device (N, P) int32 dense superpixel ids of each frame (0 .. count_f - 1)
 *   offsets  device (N) int64 exclusive prefix sums of count_f; total_superpixels = sum count_f
 *   target_superpixels  count_target
 *   unique_keys, counts  device, capacity N*P each: sorted distinct keys and their point counts,
 *            key = target_spx * total_superpixels + offsets[source_frame] + source_spx
 *   runs     device int64: number of (key, count) pairs written. A last key equal to
 *            target_superpixels * total_superpixels (the sentinel) counts the points that were
 *            not kept and is not a coverage entry. */
AS_API int as_superpixel_coverage(const double* cameras, const float* depth, const int32_t* spx,
                                  const int64_t* offsets, int64_t n, int32_t width, int32_t height,
                                  double world_distance_threshold, int32_t project_invalid, int64_t target,
                                  int64_t target_superpixels, int64_t total_superpixels, void* workspace,
                                  int64_t workspace_bytes, unsigned long long* unique_keys, int32_t* counts,
                                  int64_t* runs, cudaStream_t stream);

#ifdef __cplusplus
}
#endif

#endif /* ACTIVESEG_H */
