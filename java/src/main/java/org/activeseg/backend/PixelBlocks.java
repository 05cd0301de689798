package org.activeseg.backend;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * The block kernels of {@link ReferencePixelOps} and {@link ReferenceMcAccumulator}: a (C, P) map
 * is processed in blocks of {@link #BLOCK} pixels, each block copied class by class into a
 * double scratch array (softmax applied for logits), so the loops run over contiguous pixels and
 * nothing is allocated per pixel. Blocks write disjoint pixels, so results do not depend on the
 * number of threads.
 */
final class PixelBlocks {
    static final int BLOCK = 1024;
    /** Below this many values a call runs on the calling thread. */
    static final long PARALLEL_THRESHOLD = 1L << 18;
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final double INV_LN2 = 1.0 / Math.log(2.0);

    private PixelBlocks() {
    }

    /** Runs {@code body} for every block index of {@code pixels} pixels, in parallel when the work is large. */
    static void forEachBlock(long pixels, long valuesPerPixel, IntConsumer body) {
        int blocks = (int) ((pixels + BLOCK - 1) / BLOCK);
        IntStream range = IntStream.range(0, blocks);
        if (pixels * valuesPerPixel >= PARALLEL_THRESHOLD) {
            range = range.parallel();
        }
        range.forEach(body);
    }

    /**
     * Copies pixels [first, first + len) of a (C, P) map into {@code p} as p[c * len + i], applying a
     * stable softmax over the classes when {@code logits}.
     */
    static void load(MemorySegment map, int classes, long pixels, long first, int len, boolean logits, double[] p) {
        for (int c = 0; c < classes; c++) {
            long base = c * pixels + first;
            int o = c * len;
            for (int i = 0; i < len; i++) {
                p[o + i] = map.getAtIndex(F32, base + i);
            }
        }
        if (logits) {
            softmax(p, classes, len);
        }
    }

    /** In place, per pixel i: p[c * len + i] = exp(x - max) / sum exp(x - max). */
    static void softmax(double[] p, int classes, int len) {
        double[] max = new double[len];
        double[] sum = new double[len];
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int c = 0; c < classes; c++) {
            int o = c * len;
            for (int i = 0; i < len; i++) {
                max[i] = Math.max(max[i], p[o + i]);
            }
        }
        for (int c = 0; c < classes; c++) {
            int o = c * len;
            for (int i = 0; i < len; i++) {
                double e = Math.exp(p[o + i] - max[i]);
                p[o + i] = e;
                sum[i] += e;
            }
        }
        for (int c = 0; c < classes; c++) {
            int o = c * len;
            for (int i = 0; i < len; i++) {
                p[o + i] /= sum[i];
            }
        }
    }

    /** {@code out[outOffset + i] = stat(p[., i])} for a block held as p[c * len + i]. */
    static void statistic(double[] p, int classes, int len, PixelStatistic stat, float[] out, int outOffset) {
        if (stat.isEntropy()) {
            double[] acc = new double[len];
            entropy(p, classes, len, stat, acc);
            for (int i = 0; i < len; i++) {
                out[outOffset + i] = (float) acc[i];
            }
            return;
        }
        double[] top1 = new double[len];
        double[] top2 = new double[len];
        Arrays.fill(top1, Double.NEGATIVE_INFINITY);
        Arrays.fill(top2, Double.NEGATIVE_INFINITY);
        for (int c = 0; c < classes; c++) {
            int o = c * len;
            for (int i = 0; i < len; i++) {
                double v = p[o + i];
                if (v > top1[i]) {
                    top2[i] = top1[i];
                    top1[i] = v;
                } else if (v > top2[i]) {
                    top2[i] = v;
                }
            }
        }
        for (int i = 0; i < len; i++) {
            double second = classes == 1 ? 0.0 : top2[i];
            double v = switch (stat) {
                case MAX_PROBABILITY -> top1[i];
                case LEAST_CONFIDENCE -> 1.0 - top1[i];
                case MARGIN -> top1[i] - second;
                default -> throw new AssertionError(stat);
            };
            out[outOffset + i] = (float) v;
        }
    }

    /** acc[i] = entropy of pixel i in the base and epsilon of {@code stat} (xlogy for ENTROPY_LN_XLOGY). */
    static void entropy(double[] p, int classes, int len, PixelStatistic stat, double[] acc) {
        Arrays.fill(acc, 0, len, 0.0);
        double eps = stat.eps();
        boolean xlogy = stat == PixelStatistic.ENTROPY_LN_XLOGY;
        for (int c = 0; c < classes; c++) {
            int o = c * len;
            for (int i = 0; i < len; i++) {
                double v = p[o + i];
                if (xlogy) {
                    if (v != 0.0) {
                        acc[i] += v * TableLog.ln(v);
                    }
                } else {
                    acc[i] += v * TableLog.ln(v + eps);
                }
            }
        }
        double scale = stat.log2() ? -INV_LN2 : -1.0;
        for (int i = 0; i < len; i++) {
            acc[i] *= scale;
        }
    }
}
