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

#define AS_ABI_VERSION 3

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
/* ---- PixelOps ---- */
/*
 * The per-pixel family (ALGORITHMS.md 0.1, 2.1, 2.2) and its reductions, for
 * org.activeseg.backend.cuda.CudaPixelOps. Maps are (C, P) with P contiguous (class k of pixel i
 * at k*P + i). Values, softmax and top-2 are float, entropy terms and sums double (the Java
 * reference is double throughout): statistics agree with it to 1e-5 relative + 1e-6 absolute
 * for C <= 64 (entropies of probabilities to float rounding); reductions accumulate in double.
 */
#define AS_DTYPE_F32 0
#define AS_DTYPE_F16 1

#define AS_STAT_ENTROPY 0          /* -sum p log(p + eps); log2 when log_base2 != 0 */
#define AS_STAT_ENTROPY_XLOGY 1    /* -sum xlogy(p, p) in nats: 0 log 0 = 0, no eps (baal) */
#define AS_STAT_MAX_PROBABILITY 2  /* max_k p */
#define AS_STAT_LEAST_CONFIDENCE 3 /* 1 - max_k p */
#define AS_STAT_MARGIN 4           /* p(1) - p(2); p(2) = 0 when C = 1 */

#define AS_MC_MEAN 1           /* per-class sums of p (float, C*P) */
#define AS_MC_VOTES 2          /* hard-vote counts (int32, C*P); argmax ties to the lowest class */
#define AS_MC_SAMPLE_ENTROPY 4 /* sum over samples of -sum xlogy(p, p) (float, P) */

#define AS_REDUCE_SUM 0
#define AS_REDUCE_MEAN 1
#define AS_REDUCE_MAX 2
#define AS_REDUCE_WORKSPACE 1025 /* doubles of workspace as_reduce needs */

/*
 * out[i] = stat of pixel i of map (device, (C, P), dtype AS_DTYPE_*), values multiplied by scale
 * first (1 for a plain map; 1/T for the sums of an MC accumulator). logits != 0: a stable softmax
 * exp(x - max) / sum exp(x - max) over C is fused in. eps in [0, 1] (AS_STAT_ENTROPY only).
 */
AS_API int as_pixel_statistic(const void* map, int32_t dtype, float* out, int32_t c, int64_t p,
                              int32_t logits, int32_t stat, float eps, int32_t log_base2,
                              float scale, cudaStream_t stream);

/*
 * Per-pixel entropy of the class probabilities of N frames: as_pixel_statistic's kernel with
 * AS_STAT_ENTROPY over N maps at once (the same numerics: double terms and sum).
 *   probs  device, (N, C, P) float32, P contiguous: probs[(f*C + k)*P + i]
 *   out    device, (N, P) float32: out[f*P + i] = -sum_k p * log(p + eps), p = probs[f, k, i]
 *   log_base2  nonzero: log2 (ViewAL, eps 1e-12); zero: natural log (U2PL eps 1e-10,
 *              RIPU eps 1e-6); see shared/spec/ALGORITHMS.md section 0.1.
 * N*P == 0 enqueues nothing and succeeds.
 */
AS_API int as_pixel_entropy(const float* probs, float* out, int64_t n, int32_t c, int64_t p,
                            float eps, int32_t log_base2, cudaStream_t stream);

/*
 * The launch geometry of the per-pixel kernels, for launches that do not go through a launcher
 * here: threads per block into *block, the grid cap into *max_blocks. A launch over `items` pixels
 * takes min(max(ceil(items / block), 1), max_blocks) blocks (a grid-stride loop covers the rest).
 * activeseg.fatbin holds the pixel statistic kernel under plain names for JCuda's cuLaunchKernel:
 *   as_pixel_statistic_f32_kernel(const float* map, float* out, int64_t n, int32_t c, int64_t p,
 *                                 int32_t logits, int32_t stat, float eps, int32_t log_base2,
 *                                 float scale)
 *   as_pixel_statistic_f16_kernel(const __half* map, ...the same...)
 * map (N, C, P), out (N, P): as_pixel_statistic is N = 1; as_pixel_entropy is logits 0,
 * AS_STAT_ENTROPY, scale 1.
 */
AS_API int as_pixel_launch_geometry(int32_t* block, int64_t* max_blocks);

/*
 * Adds one MC sample (device, (C, P), dtype) to the accumulator buffers selected by track
 * (AS_MC_* bits): sums (C*P float) += p, votes (C*P int32) [argmax] += 1, sample_entropy
 * (P float) += -sum xlogy(p, p). Buffers of untracked statistics may be null.
 */
AS_API int as_mc_add(const void* sample, int32_t dtype, int32_t c, int64_t p, int32_t logits,
                     int32_t track, float* sums, int32_t* votes, float* sample_entropy,
                     cudaStream_t stream);

/* out (C*P) = sums / samples. */
AS_API int as_mc_mean_probabilities(const float* sums, float* out, int32_t c, int64_t p,
                                    int32_t samples, cudaStream_t stream);

/* out[i] = -sum_k q log2(q + 1e-12), q = votes[k, i] / samples (RMCDR vote entropy). */
AS_API int as_mc_vote_entropy(const int32_t* votes, float* out, int32_t c, int64_t p,
                              int32_t samples, cudaStream_t stream);

/* out[i] = H_xlogy(sums[., i] / samples) - sample_entropy[i] / samples (BALD, nats, unclamped). */
AS_API int as_mc_bald(const float* sums, const float* sample_entropy, float* out, int32_t c,
                      int64_t p, int32_t samples, cudaStream_t stream);

/*
 * Sum, mean or max (AS_REDUCE_*) of map (device, n > 0 floats), accumulated in double, into
 * workspace[0]; workspace is device memory of AS_REDUCE_WORKSPACE doubles (per-block partials
 * follow the result). Deterministic: a fixed grid and a fixed reduction tree.
 */
AS_API int as_reduce(const float* map, int64_t n, int32_t op, double* workspace,
                     cudaStream_t stream);

/*
 * Per-bin sums (double) and counts of map over bins (device, n ints in [0, bins)): both outputs
 * (device, bins entries) are zeroed first, then filled with atomics in one pass over the pixels.
 * Callers compact sparse ids to dense bins first. Sum order, hence the last bits, may vary.
 */
AS_API int as_segment_sums(const float* map, const int32_t* bins, int64_t n, int32_t bins_count,
                           double* sums, unsigned long long* counts, cudaStream_t stream);

/*
 * Box sums of a (height, width) map over a window x window square (odd) centred on each pixel,
 * zero padding: a horizontal then a vertical pass of direct window sums in double (O(window)
 * reads per pixel and pass). row_sums: device scratch of width*height doubles. counts (the
 * in-image pixels of each window) may be null.
 */
AS_API int as_box_sums(const float* map, int32_t width, int32_t height, int32_t window,
                       double* row_sums, float* sums, int32_t* counts, cudaStream_t stream);

/* Device workspace bytes as_top_k_order needs for n values. */
AS_API int as_top_k_workspace_bytes(int64_t n, int64_t* bytes);

/*
 * order (device, n int32) = the indices of values (device, n floats, no NaN) sorted by value
 * descending, equal values by index ascending (-0 equals +0): a stable CUB radix sort of
 * order-preserving uint32 keys, descending, with indices 0..n-1 as values. Top-k = order[0, k).
 */
AS_API int as_top_k_order(const float* values, int64_t n, int32_t* order, void* workspace,
                          int64_t workspace_bytes, cudaStream_t stream);

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

/* ---- Model layers (org.activeseg.model.gpu; cuDNN and cuBLAS do the rest) ---- */

/*
 * ReLU / ReLU6 backward with PyTorch's kink convention (cuda/src/model_activation.cu):
 *   dx[i] = dy[i] where 0 < x[i] < upper, else 0 (NaN x gives 0); upper = INFINITY for ReLU, 6 for
 *   ReLU6. x, dy, dx device (count) float32; dx may alias dy. count == 0 enqueues nothing.
 */
AS_API int as_activation_backward(const float* x, const float* dy, float* dx, int64_t count,
                                  float upper, cudaStream_t stream);

#ifdef __cplusplus
}
#endif

#endif /* ACTIVESEG_H */
