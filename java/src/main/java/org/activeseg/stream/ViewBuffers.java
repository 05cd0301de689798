package org.activeseg.stream;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The large arrays of a ViewAL scene's evicted views (rows, logs, accumulator sums, maps), kept for
 * the next views of the same size, so that a full window in steady state (one frame in, one out)
 * allocates little and the collector has little to do (at 320x240 with 40 classes a view holds
 * about 80 MB; allocating that per frame made collector pauses the stream's worst latencies). At
 * most {@value #KEEP} arrays of each type and length are kept, and {@value #KEEP_CHUNKS} of the
 * {@link LandingArena}s' chunks (an evicted view hands back several at once, a new one takes them
 * over its first adds). Arrays come back with arbitrary contents: the taker overwrites or clears
 * them. Thread-safe.
 */
final class ViewBuffers {
    static final int KEEP = 4;
    static final int KEEP_CHUNKS = 16;

    private final Map<Integer, ArrayDeque<float[]>> floats = new HashMap<>();
    private final Map<Integer, ArrayDeque<double[]>> doubles = new HashMap<>();
    private final Map<Integer, ArrayDeque<int[]>> ints = new HashMap<>();
    private long reused;
    private long allocated;

    synchronized float[] floats(int length) {
        float[] a = take(floats, length);
        return a != null ? a : new float[length];
    }

    synchronized double[] doubles(int length) {
        double[] a = take(doubles, length);
        return a != null ? a : new double[length];
    }

    synchronized int[] ints(int length) {
        int[] a = take(ints, length);
        return a != null ? a : new int[length];
    }

    synchronized void give(float[] a) {
        keep(floats, a.length, a, KEEP);
    }

    synchronized void give(double[] a) {
        keep(doubles, a.length, a, KEEP);
    }

    synchronized void give(int[] a) {
        keep(ints, a.length, a, KEEP);
    }

    /** Takes back a landing arena's chunk (more of these are kept than of other arrays). */
    synchronized void giveChunk(int[] a) {
        keep(ints, a.length, a, KEEP_CHUNKS);
    }

    /** Drops every kept array. */
    synchronized void clear() {
        floats.clear();
        doubles.clear();
        ints.clear();
    }

    /** Arrays handed out again, and arrays allocated, so far. */
    synchronized long[] counts() {
        return new long[] {reused, allocated};
    }

    /** Heap bytes of the arrays kept for reuse. */
    synchronized long bytes() {
        long b = 0;
        for (Map.Entry<Integer, ArrayDeque<float[]>> e : floats.entrySet()) {
            b += 4L * e.getKey() * e.getValue().size();
        }
        for (Map.Entry<Integer, ArrayDeque<double[]>> e : doubles.entrySet()) {
            b += 8L * e.getKey() * e.getValue().size();
        }
        for (Map.Entry<Integer, ArrayDeque<int[]>> e : ints.entrySet()) {
            b += 4L * e.getKey() * e.getValue().size();
        }
        return b;
    }

    private <T> T take(Map<Integer, ArrayDeque<T>> pool, int length) {
        ArrayDeque<T> q = pool.get(length);
        T a = q == null ? null : q.poll();
        if (a != null) {
            reused++;
        } else {
            allocated++;
        }
        return a;
    }

    private static <T> void keep(Map<Integer, ArrayDeque<T>> pool, int length, T a, int most) {
        ArrayDeque<T> q = pool.computeIfAbsent(length, k -> new ArrayDeque<>());
        if (q.size() < most) {
            q.push(a);
        }
    }
}
