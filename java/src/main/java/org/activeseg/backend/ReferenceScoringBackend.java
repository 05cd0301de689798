package org.activeseg.backend;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.stream.LongStream;
import org.activeseg.tensor.FloatTensor;

/**
 * The pure-Java backend: plain loops with double accumulation, the ground truth that every other
 * backend is tested against. Large inputs are split into blocks of pixels of one frame that run
 * in parallel on the common fork-join pool; within a block the loop runs class by class over
 * contiguous pixels (the (N, C, P) layout), summing into one scratch array per block, so nothing
 * is allocated per pixel.
 */
public final class ReferenceScoringBackend implements ScoringBackend {
    private final PixelOps pixelOps = new ReferencePixelOps();
    private final ViewOps viewOps = new ReferenceViewOps();
    private final RegionOps regionOps = new ReferenceRegionOps();
    private final DiversityOps diversityOps = new ReferenceDiversityOps();
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    /** Pixels per block: one scratch array of this many doubles per block. */
    private static final int BLOCK = 2048;
    /** Below this many probabilities a call runs on the calling thread. */
    private static final long PARALLEL_THRESHOLD = 1L << 18;
    private static final double INV_LN2 = 1.0 / Math.log(2.0);

    @Override
    public String name() {
        return "java";
    }

    @Override
    public void pixelEntropy(FloatTensor probs, FloatTensor out, EntropyBase base) {
        PixelEntropyShape shape = PixelEntropyShape.of(probs, out);
        long blocksPerFrame = (shape.pixels() + BLOCK - 1) / BLOCK;
        long blocks = shape.frames() * blocksPerFrame;
        if (blocks == 0) {
            return;
        }
        MemorySegment in = probs.segment();
        MemorySegment dst = out.segment();
        LongStream range = LongStream.range(0, blocks);
        if (shape.inputCount() >= PARALLEL_THRESHOLD) {
            range = range.parallel();
        }
        range.forEach(b -> {
            long frame = b / blocksPerFrame;
            long first = (b % blocksPerFrame) * BLOCK;
            int len = (int) Math.min(BLOCK, shape.pixels() - first);
            entropyBlock(in, dst, shape, frame, first, len, base);
        });
    }

    /** Entropies of pixels [first, first + len) of one frame; probs (N, C, P), out (N, P). */
    private static void entropyBlock(MemorySegment probs, MemorySegment out, PixelEntropyShape shape, long frame,
                                     long first, int len, EntropyBase base) {
        double[] acc = new double[len];
        double eps = base.eps();
        long p = shape.pixels();
        long plane = frame * shape.classes() * p + first;
        for (int k = 0; k < shape.classes(); k++, plane += p) {
            for (int i = 0; i < len; i++) {
                double v = probs.getAtIndex(F32, plane + i);
                acc[i] += v * Math.log(v + eps);
            }
        }
        double scale = base.log2() ? -INV_LN2 : -1.0;
        long o = frame * p + first;
        for (int i = 0; i < len; i++) {
            out.setAtIndex(F32, o + i, (float) (acc[i] * scale));
        }
    }

    @Override
    public PixelOps pixels() {
        return pixelOps;
    }

    @Override
    public ViewOps views() {
        return viewOps;
    }

    @Override
    public RegionOps regions() {
        return regionOps;
    }

    @Override
    public DiversityOps diversity() {
        return diversityOps;
    }

    @Override
    public void close() {
        // no resources
    }
}
