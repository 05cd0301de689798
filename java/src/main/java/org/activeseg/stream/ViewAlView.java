package org.activeseg.stream;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import org.activeseg.acquisition.AcquisitionResult.FrameScore;
import org.activeseg.acquisition.SampleStream;
import org.activeseg.acquisition.viewal.ViewAlMethod;
import org.activeseg.acquisition.viewal.ViewAlMethod.SuperpixelMeans;
import org.activeseg.backend.ViewAccumulator;
import org.activeseg.data.Frame;
import org.activeseg.tensor.FloatTensor;

/**
 * One held frame in an incremental ViewAL scene, as a target of the other frames' projections: its
 * MC-averaged probabilities and their log table, pixel-major (P, C) so that one point's classes are
 * contiguous (what it contributes as a source), its {@link ViewAccumulator} (what the held frames
 * contributed to it), per source frame the superpixel coverage counts, its VE and VD maps with the
 * pixels whose accumulators changed since they were last written, and its superpixel means and score.
 */
final class ViewAlView implements AutoCloseable {
    final Frame frame;
    final int samples;
    final FloatTensor mean;
    final FloatTensor logs;
    final ViewAccumulator accumulator;
    /** Superpixel ids ascending, and each pixel's index into them. */
    final int[] superpixelIds;
    final int[] dense;
    /** Per source frame id: counts[a * sourceSuperpixels + b] points of source superpixel b landing in superpixel a. */
    final Map<String, int[]> coverageCounts = new HashMap<>();
    private final boolean maskGtIgnore;
    private final int classes;
    private final float[] ve;
    private final float[] vd;
    private final BitSet stale;
    SuperpixelMeans means;
    FrameScore score;

    /** Averages the held frame's samples as batch ViewAL does (double, in sample order, rounded once). */
    ViewAlView(HeldFrame held, boolean maskGtIgnore) throws java.io.IOException {
        this.frame = held.frame();
        this.samples = held.samples();
        this.maskGtIgnore = maskGtIgnore;
        int c = held.classes();
        int p = frame.pixels();
        this.classes = c;
        float[] m;
        try (SampleStream s = SampleStream.of(held.probabilities(), frame.id())) {
            m = SampleStream.mean(s);
        }
        float[] rows = new float[m.length];
        for (int k = 0; k < c; k++) {
            for (int i = 0; i < p; i++) {
                rows[i * c + k] = m[k * p + i];
            }
        }
        this.mean = FloatTensor.of(rows, p, c);
        this.logs = FloatTensor.allocate(p, c);
        ViewAccumulator.tabulateLogs(mean.segment(), logs.segment(), 0, (long) c * p);
        this.accumulator = new ViewAccumulator(c, p, mean.segment(), logs.segment(), 0, 1, c);
        this.ve = new float[p];
        this.vd = new float[p];
        this.stale = new BitSet(p);
        stale.set(0, p);
        int[] spx = frame.superpixels();
        this.superpixelIds = Arrays.stream(spx).distinct().sorted().toArray();
        this.dense = new int[p];
        for (int i = 0; i < p; i++) {
            dense[i] = Arrays.binarySearch(superpixelIds, spx[i]);
        }
    }

    String id() {
        return frame.id();
    }

    /** Adds source's points landing here ({@code corr}: source pixel -> pixel of this frame, or -1); returns how many. */
    long add(ViewAlView source, int[] corr) {
        coverageCounts.put(source.id(), coverage(source, corr));
        markStale(corr);
        return accumulator.add(corr, source.mean.segment(), source.logs.segment(), 0, 1, source.classes);
    }

    /** Removes what {@link #add} added for {@code source} with the same correspondences; returns how many points. */
    long remove(ViewAlView source, int[] corr) {
        coverageCounts.remove(source.id());
        markStale(corr);
        return accumulator.remove(corr, source.mean.segment(), source.logs.segment(), 0, 1, source.classes);
    }

    private void markStale(int[] corr) {
        for (int u : corr) {
            if (u >= 0) {
                stale.set(u);
            }
        }
    }

    /** Whether some pixel's accumulator changed since the last {@link #rescore}. */
    boolean isStale() {
        return !stale.isEmpty();
    }

    private int[] coverage(ViewAlView source, int[] corr) {
        int ss = source.superpixelIds.length;
        int[] counts = new int[superpixelIds.length * ss];
        for (int i = 0; i < corr.length; i++) {
            int u = corr[i];
            if (u >= 0) {
                counts[dense[u] * ss + source.dense[i]]++;
            }
        }
        return counts;
    }

    /** Rewrites VE and VD where the accumulator changed, then the superpixel means and the score. */
    void rescore() {
        accumulator.write(MemorySegment.ofArray(ve), MemorySegment.ofArray(vd), 0, stale);
        if (maskGtIgnore) {
            for (int i = stale.nextSetBit(0); i >= 0; i = stale.nextSetBit(i + 1)) {
                if (frame.label(i) == Frame.IGNORE) {
                    ve[i] = 0f;
                    vd[i] = 0f;
                }
            }
        }
        stale.clear();
        means = SuperpixelMeans.of(frame.superpixels(), ve, vd);
        score = ViewAlMethod.frameScore(frame.id(), means);
    }

    @Override
    public void close() {
        mean.close();
        logs.close();
    }
}
