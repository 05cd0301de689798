package org.activeseg.backend;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
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
        int classes = PixelBlocks.classesOf(map, "pixel statistic " + stat);
        long pixels = map.dim(1);
        if (out.length != pixels) {
            throw new IllegalArgumentException("pixel statistic " + stat + ": map " + Arrays.toString(map.shape())
                    + " needs an output of length " + pixels + ", got " + out.length);
        }
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
        if (mask.length() > map.length) {
            throw new IllegalArgumentException("mask sets pixel " + (mask.length() - 1) + " of a map of " + map.length + " pixels");
        }
        for (int i = mask.nextSetBit(0); i >= 0; i = mask.nextSetBit(i + 1)) {
            map[i] = value;
        }
    }

    @Override
    public double reduce(float[] map, Reduction reduction) {
        if (map.length == 0) {
            throw new IllegalArgumentException("cannot take the " + reduction.label() + " of a map of 0 pixels");
        }
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
        if (map.length != ids.length) {
            throw new IllegalArgumentException("segment means need a map and ids of the same length, got "
                    + map.length + " and " + ids.length);
        }
        int maxId = -1;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0) {
                throw new IllegalArgumentException("segment id at pixel " + i + " is negative: " + ids[i]);
            }
            maxId = Math.max(maxId, ids[i]);
        }
        // Dense bins when the id range is comparable to the pixel count; otherwise compact the ids first.
        int[] bin;
        int[] present;
        if ((long) maxId <= 4L * ids.length + 1024) {
            bin = ids;
            present = null;
        } else {
            present = Arrays.stream(ids).distinct().sorted().toArray();
            bin = new int[ids.length];
            for (int i = 0; i < ids.length; i++) {
                bin[i] = Arrays.binarySearch(present, ids[i]);
            }
            maxId = present.length - 1;
        }
        long[] counts = new long[maxId + 1];
        double[] sums = new double[maxId + 1];
        for (int i = 0; i < map.length; i++) {
            counts[bin[i]]++;
            sums[bin[i]] += map[i];
        }
        int n = 0;
        for (long c : counts) {
            if (c > 0) {
                n++;
            }
        }
        int[] outIds = new int[n];
        long[] outCounts = new long[n];
        double[] outSums = new double[n];
        double[] outMeans = new double[n];
        int j = 0;
        for (int s = 0; s <= maxId; s++) {
            if (counts[s] > 0) {
                outIds[j] = present == null ? s : present[s];
                outCounts[j] = counts[s];
                outSums[j] = sums[s];
                outMeans[j] = sums[s] / counts[s];
                j++;
            }
        }
        return new SegmentMeans(outIds, outCounts, outSums, outMeans);
    }

    @Override
    public void boxSums(float[] map, int width, int height, int window, float[] sums, int[] counts) {
        if (width < 0 || height < 0 || (long) width * height != map.length || sums.length != map.length
                || (counts != null && counts.length != map.length)) {
            throw new IllegalArgumentException("box sums need map, sums and counts of " + width + "x" + height
                    + " pixels, got map " + map.length + ", sums " + sums.length
                    + ", counts " + (counts == null ? "none" : String.valueOf(counts.length)));
        }
        if (window < 1 || window % 2 == 0) {
            throw new IllegalArgumentException("box window must be odd and positive, got " + window);
        }
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
        if (k < 0) {
            throw new IllegalArgumentException("top-k needs k >= 0, got " + k);
        }
        int n = Math.min(k, values.length);
        // Min-heap of the best n so far; its root is the worst kept element (lowest value, then highest index).
        int[] heap = new int[n];
        int size = 0;
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            if (Float.isNaN(v)) {
                throw new IllegalArgumentException("top-k: value at index " + i + " is NaN");
            }
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
