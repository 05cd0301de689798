package org.activeseg.backend.cuda;


import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import org.activeseg.backend.McAccumulator;
import org.activeseg.backend.PixelArguments;
import org.activeseg.backend.PixelStatistic;
import org.activeseg.device.cuda.CudaContext;
import org.activeseg.device.cuda.DeviceBuffer;
import org.activeseg.tensor.FloatTensor;

/**
 * {@link McAccumulator} in device memory (cuda/src/mc_accumulate.cu): per-class sums (float,
 * C*P), vote counts (int32, C*P) and per-sample xlogy entropy sums (float, P), each allocated
 * and updated only when tracked, plus one staging buffer for the incoming sample and one for
 * results. Memory is fixed at creation ({@link #footprintBytes()}), independent of T. Each add
 * copies the sample in, runs one fused kernel and synchronises, so a failure names as_mc_add.
 * Closing frees every buffer; it must happen before the backend (the context) is closed.
 */
final class CudaMcAccumulator implements McAccumulator {
    private final PixelKernels kernels;
    private final CudaContext context;
    private final int classes;
    private final int pixels;
    private final Set<Track> tracked;
    private final int trackBits;
    private DeviceBuffer sums;
    private DeviceBuffer votes;
    private DeviceBuffer sampleEntropy;
    private DeviceBuffer input;
    private DeviceBuffer output;
    private int samples;
    private boolean closed;

    CudaMcAccumulator(PixelKernels kernels, CudaContext context, int classes, int pixels, Set<Track> track) {
        long cells = PixelArguments.mcAccumulatorCells(classes, pixels, track,
                ": mean probabilities are returned in one float array");
        this.kernels = kernels;
        this.context = context;
        this.classes = classes;
        this.pixels = pixels;
        this.tracked = Collections.unmodifiableSet(EnumSet.copyOf(track));
        this.trackBits = (tracked.contains(Track.MEAN) ? PixelKernels.MC_MEAN : 0)
                | (tracked.contains(Track.VOTES) ? PixelKernels.MC_VOTES : 0)
                | (tracked.contains(Track.SAMPLE_ENTROPY) ? PixelKernels.MC_SAMPLE_ENTROPY : 0);
        try {
            sums = tracked.contains(Track.MEAN) ? zeroed(cells * Float.BYTES) : null;
            votes = tracked.contains(Track.VOTES) ? zeroed(cells * Integer.BYTES) : null;
            sampleEntropy = tracked.contains(Track.SAMPLE_ENTROPY) ? zeroed((long) pixels * Float.BYTES) : null;
            input = context.allocate(cells * Float.BYTES);
            output = context.allocate((tracked.contains(Track.MEAN) ? cells : pixels) * Float.BYTES);
        } catch (RuntimeException e) {
            freeAll();
            throw e;
        }
    }

    private DeviceBuffer zeroed(long bytes) {
        DeviceBuffer b = context.allocate(bytes);
        try {
            b.fill(0, bytes, (byte) 0);
        } catch (RuntimeException e) {
            b.close();
            throw e;
        }
        return b;
    }

    @Override
    public Set<Track> tracked() {
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
    public synchronized int samples() {
        return samples;
    }

    @Override
    public synchronized void add(FloatTensor sample, boolean logits) {
        open();
        PixelArguments.mcSample(sample, classes, pixels);
        if (pixels > 0) {
            long bytes = (long) classes * pixels * Float.BYTES;
            input.copyFrom(sample.segment(), bytes);
            context.makeCurrent();
            kernels.mcAdd(input.address(), PixelKernels.DTYPE_F32, classes, pixels, logits, trackBits,
                    address(sums), address(votes), address(sampleEntropy), context.streamAddress());
            context.synchronize("as_mc_add");
        }
        samples++;
    }

    @Override
    public synchronized void meanProbabilities(float[] out) {
        ready(Track.MEAN);
        PixelArguments.mcOutput(out, (long) classes * pixels, "mean probabilities");
        if (pixels == 0) {
            return;
        }
        context.makeCurrent();
        kernels.mcMeanProbabilities(sums.address(), output.address(), classes, pixels, samples, context.streamAddress());
        finish("as_mc_mean_probabilities", out);
    }

    @Override
    public synchronized void meanStatistic(PixelStatistic stat, float[] out) {
        ready(Track.MEAN);
        PixelArguments.mcOutput(out, pixels, "mean statistic");
        if (pixels == 0) {
            return;
        }
        CudaPixelOps.launchStatistic(kernels, context, sums.address(), output.address(), classes, pixels, false, stat,
                1f / samples);
        finish("as_pixel_statistic (MC mean)", out);
    }

    @Override
    public synchronized void voteEntropy(float[] out) {
        ready(Track.VOTES);
        PixelArguments.mcOutput(out, pixels, "vote entropy");
        if (pixels == 0) {
            return;
        }
        context.makeCurrent();
        kernels.mcVoteEntropy(votes.address(), output.address(), classes, pixels, samples, context.streamAddress());
        finish("as_mc_vote_entropy", out);
    }

    @Override
    public synchronized void bald(float[] out) {
        ready(Track.MEAN);
        ready(Track.SAMPLE_ENTROPY);
        PixelArguments.mcOutput(out, pixels, "BALD");
        if (pixels == 0) {
            return;
        }
        context.makeCurrent();
        kernels.mcBald(sums.address(), sampleEntropy.address(), output.address(), classes, pixels, samples,
                context.streamAddress());
        finish("as_mc_bald", out);
    }

    private void finish(String op, float[] out) {
        context.synchronize(op);
        output.copyTo(out);
    }

    @Override
    public synchronized long footprintBytes() {
        open();
        return size(sums) + size(votes) + size(sampleEntropy) + size(input) + size(output);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        freeAll();
    }

    private void freeAll() {
        RuntimeException first = null;
        for (DeviceBuffer b : new DeviceBuffer[] {sums, votes, sampleEntropy, input, output}) {
            if (b != null) {
                try {
                    b.close();
                } catch (RuntimeException e) {
                    first = first == null ? e : first;
                }
            }
        }
        sums = null;
        votes = null;
        sampleEntropy = null;
        input = null;
        output = null;
        if (first != null) {
            throw first;
        }
    }

    private static long address(DeviceBuffer b) {
        return b == null ? 0L : b.address();
    }

    private static long size(DeviceBuffer b) {
        return b == null ? 0L : b.byteSize();
    }

    private void open() {
        PixelArguments.mcOpen(closed);
    }

    private void ready(Track needed) {
        PixelArguments.mcReady(closed, tracked, needed, samples);
    }
}
