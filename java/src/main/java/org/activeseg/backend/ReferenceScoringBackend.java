package org.activeseg.backend;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.stream.LongStream;
import org.activeseg.tensor.FloatTensor;

/**
 * The pure-Java backend: plain loops with double accumulation, the ground truth that every other
 * backend is tested against. {@link #pixelEntropy} is {@link PixelOps#statistic}'s entropy applied
 * frame by frame: the same block code ({@link PixelBlocks}: one definition of the entropy in Java),
 * over blocks of pixels of one frame that run in parallel on the common fork-join pool for large
 * inputs.
 */
public final class ReferenceScoringBackend implements ScoringBackend {
    private final PixelOps pixelOps = new ReferencePixelOps();
    private final ViewOps viewOps = new ReferenceViewOps();
    private final RegionOps regionOps = new ReferenceRegionOps();
    private final DiversityOps diversityOps = new ReferenceDiversityOps();
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;

    @Override
    public String name() {
        return "java";
    }

    @Override
    public void pixelEntropy(FloatTensor probs, FloatTensor out, EntropyConvention convention) {
        PixelEntropyShape shape = PixelEntropyShape.of(probs, out);
        long blocksPerFrame = (shape.pixels() + PixelBlocks.BLOCK - 1) / PixelBlocks.BLOCK;
        long blocks = shape.frames() * blocksPerFrame;
        if (blocks == 0) {
            return;
        }
        PixelStatistic stat = PixelStatistic.entropy(convention);
        MemorySegment in = probs.segment();
        MemorySegment dst = out.segment();
        long frameBytes = (long) shape.classes() * shape.pixels() * Float.BYTES;
        LongStream range = LongStream.range(0, blocks);
        if (shape.inputCount() >= PixelBlocks.PARALLEL_THRESHOLD) {
            range = range.parallel();
        }
        range.forEach(b -> {
            long frame = b / blocksPerFrame;
            long first = (b % blocksPerFrame) * PixelBlocks.BLOCK;
            int len = (int) Math.min(PixelBlocks.BLOCK, shape.pixels() - first);
            double[] p = new double[shape.classes() * len];
            double[] entropy = new double[len];
            PixelBlocks.load(in.asSlice(frame * frameBytes, frameBytes), shape.classes(), shape.pixels(), first, len,
                    false, p);
            PixelBlocks.entropy(p, shape.classes(), len, stat, entropy);
            long o = frame * shape.pixels() + first;
            for (int i = 0; i < len; i++) {
                dst.setAtIndex(F32, o + i, (float) entropy[i]);
            }
        });
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
