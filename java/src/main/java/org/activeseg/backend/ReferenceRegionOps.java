package org.activeseg.backend;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.activeseg.acquisition.u2pl.ReliabilitySplit;
import org.activeseg.tensor.FloatTensor;

/**
 * The pure-Java reference implementation of {@link RegionOps}: the ground truth for every other backend.
 *
 * <p>Box counts use one integer integral image per class present (exact counts, O(P) extra memory),
 * the entropy box sum one double integral image. Greedy selection sorts the candidate pixels once by
 * (score desc, x asc, y asc) and accepts a pixel when it is not yet blocked: exact, because blocking
 * only ever turns scores into -inf, so the serial argmax loop of the reference picks the same sequence.
 * Work is split over pixel blocks or rows; every output value is computed by one thread in a fixed
 * order, so results do not depend on the thread count.
 */
public final class ReferenceRegionOps implements RegionOps {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final int BLOCK = 2048;
    private static final long PARALLEL_THRESHOLD = 1L << 16;

    @Override
    public void meanEntropyArgmax(FloatTensor probs, double eps, double norm, float[] entropy, int[] argmax) {
        RegionArguments.Probabilities shape = RegionArguments.meanEntropyArgmax(probs, entropy, argmax);
        int samples = shape.samples();
        int classes = shape.classes();
        int pixels = shape.pixels();
        MemorySegment in = probs.segment();
        int blocks = (pixels + BLOCK - 1) / BLOCK;
        IntStream range = IntStream.range(0, blocks);
        if ((long) samples * classes * pixels >= PARALLEL_THRESHOLD) {
            range = range.parallel();
        }
        range.forEach(b -> {
            int first = b * BLOCK;
            int len = Math.min(BLOCK, pixels - first);
            double[] sum = new double[classes * len];
            for (int t = 0; t < samples; t++) {
                for (int c = 0; c < classes; c++) {
                    long plane = ((long) t * classes + c) * pixels + first;
                    int o = c * len;
                    for (int i = 0; i < len; i++) {
                        sum[o + i] += in.getAtIndex(F32, plane + i);
                    }
                }
            }
            for (int i = 0; i < len; i++) {
                double h = 0;
                double best = Double.NEGATIVE_INFINITY;
                int arg = 0;
                for (int c = 0; c < classes; c++) {
                    double p = sum[c * len + i] / samples;
                    h -= p * TableLog.ln(p + eps);
                    if (p > best) {
                        best = p;
                        arg = c;
                    }
                }
                entropy[first + i] = (float) (h / norm);
                argmax[first + i] = arg;
            }
        });
    }

    @Override
    public void impurityUncertainty(int[] argmax, float[] entropy, int width, int height, int classes, int radius,
                                    double eps, double norm, float[] impurity, float[] uncertainty) {
        int pixels = RegionArguments.impurityUncertainty(argmax, entropy, width, height, classes, radius, impurity,
                uncertainty);
        boolean[] present = new boolean[classes];
        for (int i = 0; i < pixels; i++) {
            present[argmax[i]] = true;
        }
        boolean parallel = (long) pixels * 4 >= PARALLEL_THRESHOLD;
        int stride = width + 1;
        double[] acc = new double[pixels];
        int[] integral = new int[(height + 1) * stride];
        for (int c = 0; c < classes; c++) {
            if (!present[c]) {
                continue; // n_c = 0 everywhere: each term is 0 * ln(eps) = 0
            }
            for (int y = 0; y < height; y++) {
                int rowSum = 0;
                int src = y * width;
                int dst = (y + 1) * stride;
                for (int x = 0; x < width; x++) {
                    rowSum += argmax[src + x] == c ? 1 : 0;
                    integral[dst + x + 1] = integral[dst - stride + x + 1] + rowSum;
                }
            }
            rows(height, parallel).forEach(y -> {
                int y0 = Math.max(0, y - radius);
                int y1 = Math.min(height - 1, y + radius) + 1;
                for (int x = 0; x < width; x++) {
                    int x0 = Math.max(0, x - radius);
                    int x1 = Math.min(width - 1, x + radius) + 1;
                    int n = integral[y1 * stride + x1] - integral[y0 * stride + x1]
                            - integral[y1 * stride + x0] + integral[y0 * stride + x0];
                    if (n > 0) {
                        double q = (double) n / ((y1 - y0) * (x1 - x0));
                        acc[y * width + x] -= q * TableLog.ln(q + eps);
                    }
                }
            });
        }
        for (int i = 0; i < pixels; i++) {
            impurity[i] = (float) (acc[i] / norm);
        }
        if (uncertainty == null) {
            return;
        }
        double[] sums = new double[(height + 1) * stride];
        for (int y = 0; y < height; y++) {
            double rowSum = 0;
            int src = y * width;
            int dst = (y + 1) * stride;
            for (int x = 0; x < width; x++) {
                rowSum += entropy[src + x];
                sums[dst + x + 1] = sums[dst - stride + x + 1] + rowSum;
            }
        }
        rows(height, parallel).forEach(y -> {
            int y0 = Math.max(0, y - radius);
            int y1 = Math.min(height - 1, y + radius) + 1;
            for (int x = 0; x < width; x++) {
                int x0 = Math.max(0, x - radius);
                int x1 = Math.min(width - 1, x + radius) + 1;
                double s = sums[y1 * stride + x1] - sums[y0 * stride + x1] - sums[y1 * stride + x0] + sums[y0 * stride + x0];
                uncertainty[y * width + x] = (float) (s / ((y1 - y0) * (x1 - x0)));
            }
        });
    }

    @Override
    public int[] greedySelect(float[] score, int width, int height, int suppressRadius, int count, boolean[] blocked) {
        int pixels = RegionArguments.greedySelect(score, width, height, suppressRadius, count, blocked);
        long[] keys = new long[pixels];
        int m = 0;
        for (int i = 0; i < pixels; i++) {
            float s = score[i];
            if (blocked[i] || s == Float.NEGATIVE_INFINITY) {
                continue;
            }
            int x = i % width;
            int y = i / width;
            keys[m++] = descendingKey(s, x * height + y);
        }
        if ((long) m >= PARALLEL_THRESHOLD) {
            Arrays.parallelSort(keys, 0, m);
        } else {
            Arrays.sort(keys, 0, m);
        }
        int[] picks = new int[Math.min(count, m)];
        int n = 0;
        for (int j = 0; j < m && n < picks.length; j++) {
            int columnMajor = (int) keys[j];
            int x = columnMajor / height;
            int y = columnMajor % height;
            int i = y * width + x;
            if (blocked[i]) {
                continue;
            }
            picks[n++] = i;
            block(blocked, width, height, x, y, suppressRadius);
        }
        return n == picks.length ? picks : Arrays.copyOf(picks, n);
    }

    /** Delegates to ReliabilitySplit.percentile, the U2PL reference. */
    @Override
    public float percentile(float[] values, boolean[] valid, double q) {
        return (float) ReliabilitySplit.percentile(values, valid, q);
    }

    /**
     * A key whose ascending order is score descending, then column-major index ascending; -0 and +0
     * compare equal as in the reference's float comparison.
     */
    static long descendingKey(float score, int columnMajorIndex) {
        int bits = Float.floatToIntBits(score == 0f ? 0f : score);
        int sortable = bits < 0 ? bits ^ 0x7fffffff : bits;
        return ((long) ~sortable << 32) | (columnMajorIndex & 0xffffffffL);
    }

    /** Sets the square [y-r, y+r] x [x-r, x+r], clipped to the image. */
    static void block(boolean[] mask, int width, int height, int x, int y, int r) {
        int y0 = Math.max(0, y - r);
        int y1 = Math.min(height - 1, y + r);
        int x0 = Math.max(0, x - r);
        int x1 = Math.min(width - 1, x + r);
        for (int yy = y0; yy <= y1; yy++) {
            Arrays.fill(mask, yy * width + x0, yy * width + x1 + 1, true);
        }
    }

    private static IntStream rows(int height, boolean parallel) {
        IntStream s = IntStream.range(0, height);
        return parallel ? s.parallel() : s;
    }
}
