package org.activeseg.backend;

import org.activeseg.tensor.FloatTensor;

/**
 * The primitive scoring operations that every backend implements (DESIGN.md "Backends"): the
 * pure-Java {@link ReferenceScoringBackend}, the ground truth for tests, and the CUDA backend in
 * {@code org.activeseg.backend.cuda}, which {@link BackendSelector} loads by class name.
 *
 * <p>Inputs are checked once at the public API (finite values, probabilities summing to one);
 * backends check only shapes, so a wrong shape can never read or write outside a tensor.
 * Operations are added here one primitive at a time; a backend owns native resources, hence
 * {@link AutoCloseable}.
 */
public interface ScoringBackend extends AutoCloseable {

    /** Short name for logs and reports: {@code "java"} or {@code "cuda"}. */
    String name();

    /**
     * Per-pixel entropy {@code out[f, i] = -sum_k p log(p + eps)} with {@code p = probs[f, k, i]},
     * in the log base and with the epsilon of {@code convention} (ALGORITHMS.md section 0.1).
     *
     * @param probs probabilities (N, C, P), P = H*W contiguous
     * @param out   receives the entropies, (N, P)
     * @throws IllegalArgumentException when the shapes do not fit, naming both shapes
     */
    void pixelEntropy(FloatTensor probs, FloatTensor out, EntropyConvention convention);

    /** Per-pixel uncertainty statistics, reductions and top-k. */
    PixelOps pixels();

    /** ViewAL's cross-view reprojection statistics and superpixel coverage. */
    ViewOps views();

    /** Window sums, RIPU impurity x uncertainty, greedy selection with suppression, percentile split. */
    RegionOps regions();

    /** Core-set distance updates. */
    DiversityOps diversity();

    @Override
    void close();
}
