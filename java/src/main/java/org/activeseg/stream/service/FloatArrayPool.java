package org.activeseg.stream.service;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Float arrays the service decodes frames' probabilities into, reused across frames: a 320x240 frame
 * with 40 classes is a 12 MB array, a humongous object for G1, and one per frame kept the collector's
 * concurrent cycles busy on a 2-core machine. At most {@code maxPerLength} arrays of each length are
 * kept, and at most {@code maxLengths} lengths (the least recently given is dropped beyond that), so
 * the pool holds a few frames' worth, whatever sizes clients send. Arrays come back with arbitrary
 * contents.
 */
final class FloatArrayPool {
    private final int maxPerLength;
    private final int maxLengths;
    private final Map<Integer, ArrayDeque<float[]>> free = new java.util.LinkedHashMap<>(16, 0.75f, true);

    FloatArrayPool(int maxPerLength, int maxLengths) {
        if (maxPerLength < 0 || maxLengths < 1) {
            throw new IllegalArgumentException("maxPerLength " + maxPerLength + " and maxLengths " + maxLengths
                    + " must be >= 0 and >= 1");
        }
        this.maxPerLength = maxPerLength;
        this.maxLengths = maxLengths;
    }

    synchronized float[] take(int length) {
        ArrayDeque<float[]> q = free.get(length);
        float[] a = q == null ? null : q.pollFirst();
        return a != null ? a : new float[length];
    }

    /** Takes {@code a} back (null is ignored); the caller must not use it afterwards. */
    synchronized void give(float[] a) {
        if (a == null || maxPerLength == 0) {
            return;
        }
        ArrayDeque<float[]> q = free.computeIfAbsent(a.length, k -> new ArrayDeque<>());
        if (q.size() < maxPerLength) {
            q.addFirst(a);
        }
        while (free.size() > maxLengths) {
            Integer eldest = free.keySet().iterator().next();
            free.remove(eldest);
        }
    }

    /** Arrays held for reuse. */
    synchronized int held() {
        return free.values().stream().mapToInt(ArrayDeque::size).sum();
    }
}
