package org.activeseg.stream;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the kept landings of the pairs one view will be evicted with are stored: pairs of large
 * int chunks (source pixels, target pixels) taken from the scene's {@link ViewBuffers}, filled one
 * landing after the other, and handed back all at once when the view and every pending removal
 * that read them are done.
 *
 * <p>Why: a 30-frame window at 320x240 keeps about 2 x 29 landings per frame, 24 MB, each made when a
 * frame arrives and dropped when the older frame of its pair is evicted. As separate arrays they
 * survived the young collections and were copied at every one (125 MB in 300 ms pauses on 2 cores,
 * the stream's worst latencies). The window evicts its oldest frame first, so every landing of a pair
 * dies with the pair's older frame: storing it in that frame's arena lets the arena's chunks be
 * reused whole, and a full window allocates no landing memory in steady state.
 *
 * <p>A landing larger than a chunk gets arrays of its own. Thread-safe: landings of different pairs
 * are placed concurrently (each gets its own range; filling it needs no lock).
 */
final class LandingArena {
    /** Points per chunk: 16 frames' worth of pixels, so a chunk holds about 30 of a window's landings... */
    static final int FRAMES_PER_CHUNK = 16;
    /**
     * ...but at most this many: an int chunk of just under 4 MiB fills whole G1 regions of 1, 2 or 4 MiB
     * exactly (a larger chunk of 4.9 MB, 16 frames at 320x240, took two 4 MiB regions as a humongous
     * object, and the window's heap grew by 0.8 GB).
     */
    static final int MAX_CHUNK_POINTS = (1 << 20) - 16;

    private final ViewBuffers buffers;
    private final int chunkPoints;
    private final List<int[]> chunks = new ArrayList<>();
    private final List<int[]> own = new ArrayList<>();
    private int[] sources;
    private int[] targets;
    private int used;
    private boolean released;

    /** An arena for landings of frames with {@code pixels} pixels, its chunks from {@code buffers}. */
    LandingArena(ViewBuffers buffers, int pixels) {
        this.buffers = buffers;
        this.chunkPoints = (int) Math.min(MAX_CHUNK_POINTS, (long) FRAMES_PER_CHUNK * Math.max(1, pixels));
    }

    /** A range of {@code n} points: {@code sources()} and {@code targets()} from {@code from()}. */
    record Range(int[] sources, int[] targets, int from) {}

    /** Reserves {@code n} points (n >= 0). */
    synchronized Range allocate(int n) {
        if (released) {
            throw new IllegalStateException("landing arena already released");
        }
        if (n > chunkPoints) {
            int[] s = new int[n];
            int[] t = new int[n];
            own.add(s);
            own.add(t);
            return new Range(s, t, 0);
        }
        if (sources == null || used + n > chunkPoints) {
            sources = buffers.ints(chunkPoints);
            targets = buffers.ints(chunkPoints);
            chunks.add(sources);
            chunks.add(targets);
            used = 0;
        }
        Range r = new Range(sources, targets, used);
        used += n;
        return r;
    }

    /** Hands every chunk back to the buffers; the landings placed here must not be read any more. */
    synchronized void release() {
        if (released) {
            return;
        }
        released = true;
        for (int[] c : chunks) {
            buffers.giveChunk(c);
        }
        chunks.clear();
        own.clear();
        sources = null;
        targets = null;
    }

    /** Heap bytes of the chunks and own arrays this arena holds. */
    synchronized long bytes() {
        long b = 0;
        for (int[] c : chunks) {
            b += 4L * c.length;
        }
        for (int[] c : own) {
            b += 4L * c.length;
        }
        return b;
    }
}
