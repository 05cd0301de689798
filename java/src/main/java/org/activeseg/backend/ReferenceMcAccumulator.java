package org.activeseg.backend;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.activeseg.tensor.FloatTensor;

/**
 * {@link McAccumulator} on the heap, keeping only what it was asked to track: per-class sums of p
 * in double (C * P), hard-vote counts (C * P ints), the sum of per-sample xlogy entropies
 * (P doubles). Argmax ties go to the lowest class index.
 */
final class ReferenceMcAccumulator implements McAccumulator {
    private final int classes;
    private final int pixels;
    private double[] sums;
    private int[] votes;
    private double[] sampleEntropy;
    private int samples;
    private boolean closed;
    private final java.util.Set<Track> tracked;

    ReferenceMcAccumulator(int classes, int pixels, java.util.Set<Track> track) {
        long cells = PixelArguments.mcAccumulatorCells(classes, pixels, track, " for the reference backend");
        this.classes = classes;
        this.pixels = pixels;
        this.tracked = java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(track));
        this.sums = tracked.contains(Track.MEAN) ? new double[(int) cells] : null;
        this.votes = tracked.contains(Track.VOTES) ? new int[(int) cells] : null;
        this.sampleEntropy = tracked.contains(Track.SAMPLE_ENTROPY) ? new double[pixels] : null;
    }

    @Override
    public java.util.Set<Track> tracked() {
        return tracked;
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public int pixels() {
        return pixels;
    }

    @Override
    public int samples() {
        return samples;
    }

    @Override
    public void add(FloatTensor sample, boolean logits) {
        open();
        PixelArguments.mcSample(sample, classes, pixels);
        MemorySegment seg = sample.segment();
        double[] sumsRef = sums;
        int[] votesRef = votes;
        double[] entRef = sampleEntropy;
        PixelBlocks.forEachBlock(pixels, classes, b -> {
            int first = b * PixelBlocks.BLOCK;
            int len = Math.min(PixelBlocks.BLOCK, pixels - first);
            double[] p = new double[classes * len];
            PixelBlocks.load(seg, classes, pixels, first, len, logits, p);
            if (sumsRef != null) {
                for (int c = 0; c < classes; c++) {
                    int o = c * len;
                    int g = c * pixels + first;
                    for (int i = 0; i < len; i++) {
                        sumsRef[g + i] += p[o + i];
                    }
                }
            }
            if (votesRef != null) {
                double[] best = new double[len];
                int[] arg = new int[len];
                Arrays.fill(best, Double.NEGATIVE_INFINITY);
                for (int c = 0; c < classes; c++) {
                    int o = c * len;
                    for (int i = 0; i < len; i++) {
                        double v = p[o + i];
                        if (v > best[i]) {
                            best[i] = v;
                            arg[i] = c;
                        }
                    }
                }
                for (int i = 0; i < len; i++) {
                    votesRef[arg[i] * pixels + first + i]++;
                }
            }
            if (entRef != null) {
                double[] h = new double[len];
                PixelBlocks.entropy(p, classes, len, PixelStatistic.ENTROPY_LN_XLOGY, h);
                for (int i = 0; i < len; i++) {
                    entRef[first + i] += h[i];
                }
            }
        });
        samples++;
    }

    @Override
    public void meanProbabilities(float[] out) {
        ready(Track.MEAN);
        PixelArguments.mcOutput(out, (long) classes * pixels, "mean probabilities");
        double inv = 1.0 / samples;
        for (int j = 0; j < sums.length; j++) {
            out[j] = (float) (sums[j] * inv);
        }
    }

    @Override
    public void meanStatistic(PixelStatistic stat, float[] out) {
        ready(Track.MEAN);
        PixelArguments.mcOutput(out, pixels, "mean statistic");
        double inv = 1.0 / samples;
        PixelBlocks.forEachBlock(pixels, classes, b -> {
            int first = b * PixelBlocks.BLOCK;
            int len = Math.min(PixelBlocks.BLOCK, pixels - first);
            double[] p = meanBlock(first, len, inv);
            PixelBlocks.statistic(p, classes, len, stat, out, first);
        });
    }

    @Override
    public void voteEntropy(float[] out) {
        ready(Track.VOTES);
        PixelArguments.mcOutput(out, pixels, "vote entropy");
        double inv = 1.0 / samples;
        PixelBlocks.forEachBlock(pixels, classes, b -> {
            int first = b * PixelBlocks.BLOCK;
            int len = Math.min(PixelBlocks.BLOCK, pixels - first);
            double[] p = new double[classes * len];
            for (int c = 0; c < classes; c++) {
                for (int i = 0; i < len; i++) {
                    p[c * len + i] = votes[c * pixels + first + i] * inv;
                }
            }
            PixelBlocks.statistic(p, classes, len, PixelStatistic.ENTROPY_LOG2_VIEWAL, out, first);
        });
    }

    @Override
    public void bald(float[] out) {
        ready(Track.MEAN);
        ready(Track.SAMPLE_ENTROPY);
        PixelArguments.mcOutput(out, pixels, "BALD");
        double inv = 1.0 / samples;
        PixelBlocks.forEachBlock(pixels, classes, b -> {
            int first = b * PixelBlocks.BLOCK;
            int len = Math.min(PixelBlocks.BLOCK, pixels - first);
            double[] p = meanBlock(first, len, inv);
            double[] h = new double[len];
            PixelBlocks.entropy(p, classes, len, PixelStatistic.ENTROPY_LN_XLOGY, h);
            for (int i = 0; i < len; i++) {
                out[first + i] = (float) (h[i] - sampleEntropy[first + i] * inv);
            }
        });
    }

    private double[] meanBlock(int first, int len, double inv) {
        double[] p = new double[classes * len];
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < len; i++) {
                p[c * len + i] = sums[c * pixels + first + i] * inv;
            }
        }
        return p;
    }

    @Override
    public long footprintBytes() {
        open();
        return (sums == null ? 0 : (long) sums.length * Double.BYTES)
                + (votes == null ? 0 : (long) votes.length * Integer.BYTES)
                + (sampleEntropy == null ? 0 : (long) sampleEntropy.length * Double.BYTES);
    }

    @Override
    public void close() {
        closed = true;
        sums = null;
        votes = null;
        sampleEntropy = null;
    }

    private void open() {
        PixelArguments.mcOpen(closed);
    }

    private void ready(Track needed) {
        PixelArguments.mcReady(closed, tracked, needed, samples);
    }
}
