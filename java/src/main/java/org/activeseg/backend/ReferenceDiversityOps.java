package org.activeseg.backend;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.stream.IntStream;
import org.activeseg.tensor.FloatTensor;

/**
 * The pure-Java reference implementation of {@link DiversityOps}: the ground truth for every other
 * backend. The centre row is copied once to a double array; rows are processed in parallel blocks,
 * each distance summed over D in order, so results do not depend on the thread count.
 */
public final class ReferenceDiversityOps implements DiversityOps {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final int BLOCK = 1024;
    private static final long PARALLEL_THRESHOLD = 1L << 16;

    @Override
    public void updateMinDistances(FloatTensor embeddings, int centre, double[] minDistances) {
        int n = DiversityArguments.rows(embeddings);
        int d = Math.toIntExact(embeddings.dim(1));
        DiversityArguments.updateMinDistances(embeddings, n, centre, minDistances);
        MemorySegment x = embeddings.segment();
        double[] c = new double[d];
        for (int j = 0; j < d; j++) {
            c[j] = x.getAtIndex(F32, (long) centre * d + j);
        }
        int blocks = (n + BLOCK - 1) / BLOCK;
        IntStream range = IntStream.range(0, blocks);
        if ((long) n * d >= PARALLEL_THRESHOLD) {
            range = range.parallel();
        }
        range.forEach(b -> {
            int end = Math.min(n, (b + 1) * BLOCK);
            for (int i = b * BLOCK; i < end; i++) {
                long row = (long) i * d;
                double s = 0;
                for (int j = 0; j < d; j++) {
                    double diff = x.getAtIndex(F32, row + j) - c[j];
                    s += diff * diff;
                }
                double dist = Math.sqrt(s);
                if (dist < minDistances[i]) {
                    minDistances[i] = dist;
                }
            }
        });
    }
}
