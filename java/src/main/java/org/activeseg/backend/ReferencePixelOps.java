package org.activeseg.backend;

import java.lang.foreign.MemorySegment;
import java.util.BitSet;
import org.activeseg.tensor.FloatTensor;

/**
 * The pure-Java reference implementation of {@link PixelOps}: the ground truth for every other
 * backend. Per-pixel statistics run in blocks of pixels ({@link PixelBlocks}), in parallel for
 * large maps; reductions are sequential double sums, so results do not depend on thread count.
 * Box sums use an integral image in double; top-k keeps a bounded heap (O(n log k)).
 */
public final class ReferencePixelOps implements PixelOps {

    @Override
    public void statistic(FloatTensor map, boolean logits, PixelStatistic stat, float[] out) {
        int classes = PixelArguments.statisticClasses(map, out, "pixel statistic " + stat);
        long pixels = map.dim(1);
        MemorySegment seg = map.segment();
        PixelBlocks.forEachBlock(pixels, classes, b -> {
            int first = b * PixelBlocks.BLOCK;
            int len = (int) Math.min(PixelBlocks.BLOCK, pixels - first);
            double[] p = new double[classes * len];
            PixelBlocks.load(seg, classes, pixels, first, len, logits, p);
            PixelBlocks.statistic(p, classes, len, stat, out, first);
        });
    }

    @Override
    public McAccumulator mcAccumulator(int classes, int pixels, java.util.Set<McAccumulator.Track> track) {
        return new ReferenceMcAccumulator(classes, pixels, track);
    }

    @Override
    public void fill(float[] map, BitSet mask, float value) {
        PixelArguments.fillMask(map, mask);
        for (int i = mask.nextSetBit(0); i >= 0; i = mask.nextSetBit(i + 1)) {
            map[i] = value;
        }
    }

    @Override
    public double reduce(float[] map, Reduction reduction) {
        PixelArguments.reduction(map, reduction);
        return switch (reduction) {
            case SUM -> sum(map);
            case MEAN -> sum(map) / map.length;
            case MAX -> {
                double m = Double.NEGATIVE_INFINITY;
                for (float v : map) {
                    m = Math.max(m, v);
                }
                yield m;
            }
        };
    }

    private static double sum(float[] map) {
        double s = 0;
        for (float v : map) {
            s += v;
        }
        return s;
    }

    @Override
    public SegmentMeans segmentMeans(float[] map, int[] ids) {
        // Dense bins when the id range is comparable to the pixel count; otherwise the ids are compacted first.
        PixelArguments.SegmentBins bins = PixelArguments.segmentBins(map, ids);
        int[] bin = bins.bins();
        int binCount = bins.count();
        long[] counts = new long[binCount];
        double[] sums = new double[binCount];
        for (int i = 0; i < map.length; i++) {
            counts[bin[i]]++;
            sums[bin[i]] += map[i];
        }
        return bins.means(counts, sums);
    }

    @Override
    public void boxSums(float[] map, int width, int height, int window, float[] sums, int[] counts) {
        PixelArguments.boxShape(map, width, height, window, sums, counts);
        int r = window / 2;
        int w1 = width + 1;
        double[] integral = new double[(height + 1) * w1];
        for (int y = 0; y < height; y++) {
            double row = 0;
            for (int x = 0; x < width; x++) {
                row += map[y * width + x];
                integral[(y + 1) * w1 + x + 1] = integral[y * w1 + x + 1] + row;
            }
        }
        for (int y = 0; y < height; y++) {
            int y0 = Math.max(0, y - r);
            int y1 = Math.min(height - 1, y + r) + 1;
            for (int x = 0; x < width; x++) {
                int x0 = Math.max(0, x - r);
                int x1 = Math.min(width - 1, x + r) + 1;
                double s = integral[y1 * w1 + x1] - integral[y0 * w1 + x1] - integral[y1 * w1 + x0] + integral[y0 * w1 + x0];
                sums[y * width + x] = (float) s;
                if (counts != null) {
                    counts[y * width + x] = (x1 - x0) * (y1 - y0);
                }
            }
        }
    }

    @Override
    public int[] topK(float[] values, int k) {
        int n = PixelArguments.topKCount(values, k);
        // Min-heap of the best n so far; its root is the worst kept element (lowest value, then highest index).
        int[] heap = new int[n];
        int size = 0;
        for (int i = 0; i < values.length; i++) {
            if (size < n) {
                heap[size] = i;
                siftUp(heap, size, values);
                size++;
            } else if (n > 0 && better(i, heap[0], values)) {
                heap[0] = i;
                siftDown(heap, size, values);
            }
        }
        // Pop worst-first into the tail: the result is best-first.
        int[] out = new int[size];
        for (int j = size - 1; j >= 0; j--) {
            out[j] = heap[0];
            heap[0] = heap[j];
            siftDown(heap, j, values);
        }
        return out;
    }

    /** True when index a ranks before index b: larger value, or equal value and lower index. */
    private static boolean better(int a, int b, float[] v) {
        return v[a] > v[b] || (v[a] == v[b] && a < b);
    }

    private static void siftUp(int[] heap, int pos, float[] v) {
        int x = heap[pos];
        while (pos > 0) {
            int parent = (pos - 1) >>> 1;
            if (!better(heap[parent], x, v)) {
                break;
            }
            heap[pos] = heap[parent];
            pos = parent;
        }
        heap[pos] = x;
    }

    private static void siftDown(int[] heap, int size, float[] v) {
        if (size == 0) {
            return;
        }
        int pos = 0;
        int x = heap[0];
        while (true) {
            int child = 2 * pos + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && better(heap[child], heap[child + 1], v)) {
                child++;
            }
            if (!better(x, heap[child], v)) {
                break;
            }
            heap[pos] = heap[child];
            pos = child;
        }
        heap[pos] = x;
    }
}
