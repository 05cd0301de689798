package org.activeseg.backend;

/**
 * The logarithm and epsilon of each method's pixel entropy {@code -sum_k p log(p + eps)}, as the
 * reference code computes it (shared/spec/ALGORITHMS.md section 0.1).
 */
public enum EntropyConvention {
    /** ViewAL (ENT, MCDR, view entropy): {@code -sum p log2(p + 1e-12)}, in bits. */
    LOG2_VIEWAL(true, 1e-12),
    /** U2PL reliability split: {@code -sum p ln(p + 1e-10)}, in nats. */
    LN_U2PL(false, 1e-10),
    /**
     * RIPU prediction uncertainty: {@code -sum p ln(p + 1e-6)}, in nats, not normalised (RIPU's
     * region-based selection divides by ln C, or by ln 19 in compat mode, after this step).
     */
    LN_RIPU(false, 1e-6);

    private final boolean log2;
    private final double eps;

    EntropyConvention(boolean log2, double eps) {
        this.log2 = log2;
        this.eps = eps;
    }

    /** True for log2 (bits), false for the natural log (nats). */
    public boolean log2() {
        return log2;
    }

    /** The epsilon added to each probability inside the logarithm. */
    public double eps() {
        return eps;
    }
}
