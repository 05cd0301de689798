package org.activeseg.loop.state;

import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The rules a round's labels obey before anything is stored: the regions, pixels and scores agree
 * with each other, and no unit or pixel is labelled twice in a track. Each rule throws an
 * IllegalArgumentException naming the track, round, frame and unit that break it.
 */
final class LabelChecks {
    private LabelChecks() {}

    /**
     * Checks that need no database: every region's round is {@code round}; no unit (frame, kind,
     * unit) appears twice; per frame the regions' pixel counts add up to the frame's new pixels;
     * no frame is scored twice; the scoring time is NaN or finite and non-negative.
     *
     * @param operation names the call, for the scoring time's message
     */
    static void arguments(String operation, Track track, int round, List<LabelledRegion> regions,
                          Map<String, BitSet> newPixels, List<FrameScoreRow> scores, double scoringMillisPerFrame) {
        String where = track + ", round " + round;
        Map<String, Long> regionPixels = new HashMap<>();
        Set<String> units = new HashSet<>();
        for (LabelledRegion r : regions) {
            if (r.round() != round) {
                throw new IllegalArgumentException(where + ": a region of frame " + r.frame() + " says round " + r.round());
            }
            if (!units.add(r.frame() + '\0' + r.kind() + '\0' + r.unit())) {
                throw new IllegalArgumentException(where + ": frame " + r.frame() + " " + r.kind() + " " + r.unit()
                        + " appears twice in the regions");
            }
            regionPixels.merge(r.frame(), r.pixels(), Long::sum);
        }
        Set<String> frames = new TreeSet<>(regionPixels.keySet());
        for (Map.Entry<String, BitSet> e : newPixels.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException(where + ": newPixels has a null frame id or mask (frame "
                        + e.getKey() + ")");
            }
            frames.add(e.getKey());
        }
        for (String frame : frames) {
            BitSet bits = newPixels.get(frame);
            long have = bits == null ? 0 : bits.cardinality();
            long claimed = regionPixels.getOrDefault(frame, 0L);
            if (have != claimed) {
                throw new IllegalArgumentException(where + ": frame " + frame + " has " + have + " new pixels, but its "
                        + "regions add up to " + claimed + " (a region's pixels are those it adds to the labelled set)");
            }
        }
        Set<String> scored = new HashSet<>();
        for (FrameScoreRow s : scores) {
            if (!scored.add(s.frame())) {
                throw new IllegalArgumentException(where + ": frame " + s.frame() + " is scored twice");
            }
        }
        if (!(Double.isNaN(scoringMillisPerFrame) || scoringMillisPerFrame >= 0
                && scoringMillisPerFrame < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(operation + ": scoringMillisPerFrame must be NaN or finite >= 0, got "
                    + scoringMillisPerFrame);
        }
    }

    /**
     * Refuses units the track labelled in an earlier round.
     *
     * @param labelledBefore the round's regions whose unit is already stored, with the round that labelled it
     * @param where the track and the database, for the message
     */
    static void unitsNew(String where, Map<LabelledRegion, Integer> labelledBefore) {
        if (!labelledBefore.isEmpty()) {
            Map.Entry<LabelledRegion, Integer> first = labelledBefore.entrySet().iterator().next();
            LabelledRegion r = first.getKey();
            throw new IllegalArgumentException(where + ", round " + r.round() + ": frame " + r.frame() + " "
                    + r.kind() + " " + r.unit() + " was already labelled in round " + first.getValue()
                    + "; nothing was recorded");
        }
    }

    /**
     * The stored masks with the new pixels ORed in, frames in order; refuses a new pixel that is
     * already labelled.
     *
     * @param stored the track's masks of (at least) the frames in {@code added}
     * @param where the track and the database, for the message
     */
    static Map<String, BitSet> merged(String where, int round, Map<String, BitSet> stored, Map<String, BitSet> added) {
        Map<String, BitSet> merged = new TreeMap<>();
        for (Map.Entry<String, BitSet> e : added.entrySet()) {
            BitSet mask = (BitSet) stored.get(e.getKey()).clone();
            if (mask.intersects(e.getValue())) {
                BitSet both = (BitSet) mask.clone();
                both.and(e.getValue());
                throw new IllegalArgumentException(where + ", round " + round + ": frame " + e.getKey() + " pixel "
                        + both.nextSetBit(0) + " is already labelled (" + both.cardinality()
                        + " of the frame's new pixels are); nothing was recorded");
            }
            mask.or(e.getValue());
            merged.put(e.getKey(), mask);
        }
        return merged;
    }
}
