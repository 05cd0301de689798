package org.activeseg.stream;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
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
 * MC-averaged probabilities and their log table (what it contributes as a source), its
 * {@link ViewAccumulator} (what the held frames contributed to it), per source frame the superpixel
 * coverage counts, and its current superpixel means and score.
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
    SuperpixelMeans means;
    FrameScore score;

    /** Averages the held frame's samples as batch ViewAL does (double, in sample order, rounded once). */
    ViewAlView(HeldFrame held, boolean maskGtIgnore) throws java.io.IOException {
        this.frame = held.frame();
        this.samples = held.samples();
        this.maskGtIgnore = maskGtIgnore;
        int c = held.classes();
        int p = frame.pixels();
        float[] m;
        try (SampleStream s = SampleStream.of(held.probabilities(), frame.id())) {
            m = SampleStream.mean(s);
        }
        this.mean = FloatTensor.of(m, c, p);
        this.logs = FloatTensor.allocate(c, p);
        ViewAccumulator.tabulateLogs(mean.segment(), logs.segment(), 0, (long) c * p);
        this.accumulator = new ViewAccumulator(c, p, mean.segment(), logs.segment(), 0);
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
        return accumulator.add(corr, source.mean.segment(), source.logs.segment(), 0);
    }

    /** Removes what {@link #add} added for {@code source} with the same correspondences; returns how many points. */
    long remove(ViewAlView source, int[] corr) {
        coverageCounts.remove(source.id());
        return accumulator.remove(corr, source.mean.segment(), source.logs.segment(), 0);
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

    /** Recomputes VE and VD from the accumulator, the superpixel means and the score; true when the score changed. */
    boolean rescore() {
        int p = frame.pixels();
        float[] ve = new float[p];
        float[] vd = new float[p];
        accumulator.write(MemorySegment.ofArray(ve), MemorySegment.ofArray(vd), 0);
        if (maskGtIgnore) {
            for (int i = 0; i < p; i++) {
                if (frame.label(i) == Frame.IGNORE) {
                    ve[i] = 0f;
                    vd[i] = 0f;
                }
            }
        }
        means = SuperpixelMeans.of(frame.superpixels(), ve, vd);
        FrameScore before = score;
        score = ViewAlMethod.frameScore(frame.id(), means);
        return !score.equals(before);
    }

    @Override
    public void close() {
        mean.close();
        logs.close();
    }
}
