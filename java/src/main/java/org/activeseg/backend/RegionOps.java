package org.activeseg.backend;

import org.activeseg.tensor.FloatTensor;

/**
 * Window and region primitives of RIPU (ALGORITHMS.md section 3(a)): per-pixel entropy and
 * argmax of the MC-mean probabilities, region impurity and uncertainty over an s x s window
 * (s = 2k+1, zero padding, so border windows count only in-image pixels) computed in O(C x P)
 * with integral images, and greedy selection with square suppression in the reference's tie
 * order. Maps are row-major (H, W) with pixel index i = y * W + x.
 */
public interface RegionOps {

    /**
     * Per pixel: the mean over T of {@code probs} gives p; {@code entropy[i] = -sum_c p_c ln(p_c + eps) / norm}
     * and {@code argmax[i]} = the first class with the largest p (ties to the lowest class index).
     * Memory does not depend on T (samples are streamed into per-block class sums).
     *
     * @param probs (T, C, P) probabilities, P contiguous
     * @param norm  divisor of the entropy (ln C, ln 19 in compat, 1 for RIPU PA)
     */
    void meanEntropyArgmax(FloatTensor probs, double eps, double norm, float[] entropy, int[] argmax);

    /**
     * RIPU's region statistics over the window [y-k, y+k] x [x-k, x+k] clipped to the image:
     * with n_c the number of pixels whose argmax is c and count the in-image pixels of the window,
     * {@code impurity = -sum_c (n_c/count) ln(n_c/count + eps) / norm} (a pure window gives
     * -ln(1+eps)/norm, slightly negative) and {@code uncertainty = sum(entropy over window) / count}.
     * Counts are exact integers; the entropy sum is accumulated in double.
     *
     * @param argmax  (H, W) class ids in [0, classes)
     * @param entropy (H, W) per-pixel values to average (may be null when {@code uncertainty} is null)
     */
    void impurityUncertainty(int[] argmax, float[] entropy, int width, int height, int classes, int radius,
                             double eps, double norm, float[] impurity, float[] uncertainty);

    /**
     * Greedy selection with suppression, identical to RIPU's loop of {@code count} full-map argmaxes:
     * each step takes the largest score among unblocked pixels (ties: smallest column x, then smallest
     * row y, i.e. the first maximum in column-major order), then blocks the square of radius
     * {@code suppressRadius} around it (the pick included). Stops early when every pixel is blocked.
     * A score of -inf counts as blocked; NaN is an error.
     *
     * @param blocked (H, W) in/out: true = never picked (RIPU's persisted "active" map); the
     *                suppressed squares of the picks are set on return
     * @return the picked pixel indices y * W + x in pick order
     */
    int[] greedySelect(float[] score, int width, int height, int suppressRadius, int count, boolean[] blocked);

    /**
     * U2PL's threshold: numpy.percentile(values[valid], q) with 'linear' interpolation in float32,
     * exactly as ReliabilitySplit.percentile (ALGORITHMS.md 5(a)); {@code valid} may be null (all
     * valid). NaN among the valid values, q outside [0, 100] or no valid value is an error.
     */
    float percentile(float[] values, boolean[] valid, double q);
}
