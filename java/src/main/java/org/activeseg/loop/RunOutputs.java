package org.activeseg.loop;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.activeseg.acquisition.AcquisitionResult.Selection;
import org.activeseg.data.Dataset;
import org.activeseg.data.Frame;
import org.activeseg.loop.state.LabelledRegion;
import org.activeseg.loop.state.RoundRow;
import org.activeseg.loop.state.RunDatabase;
import org.activeseg.loop.state.Track;
import org.activeseg.report.Json;
import org.activeseg.report.Overlay;
import org.activeseg.report.ReportWriter;
import org.activeseg.report.RoundRecord;
import org.activeseg.report.RunReport;

/**
 * Builds a run's outputs (rounds.csv, results.json, curves.png / .svg, report.html) from its
 * database alone, so {@code activeseg report DIR} can rebuild them at any time: the rounds of
 * every strategy track, the fully supervised track's mIoU as the reference, and per strategy the
 * two frames with the most pixels labelled in the last round, overlaid.
 */
public final class RunOutputs {
    private RunOutputs() {}

    /** Frames overlaid per strategy. */
    static final int OVERLAYS_PER_STRATEGY = 2;

    public static RunReport build(Path dir, RunDatabase db, Dataset dataset) throws IOException {
        List<RoundRecord> rounds = new ArrayList<>();
        double full = Double.NaN;
        for (RoundRow r : db.metrics()) {
            var m = r.metrics();
            if (r.strategy().equals(RunConfig.FULL)) {
                full = m.miou() > 0 ? m.miou() : Double.NaN;
                continue;
            }
            rounds.add(new RoundRecord(r.strategy(), r.seed(), r.round(), m.labelledPixels(), m.poolPixels(),
                    m.labelledFraction(), m.regions(), m.framesTouched(), m.miou(), m.pixelAccuracy(), m.classIou(),
                    m.scoringMillisPerFrame(), m.trainingSeconds(), m.peakMemoryBytes()));
        }
        List<Overlay> overlays = new ArrayList<>();
        for (Track t : db.tracks()) {
            if (t.strategy().equals(RunConfig.FULL) || t.seed() != 0) {
                continue;
            }
            overlays.addAll(overlays(db, dataset, t));
        }
        Map<String, Object> configuration = Json.parseObject(db.configJson(), "run configuration");
        return new RunReport("activeseg run " + dir.getFileName(), dataset.classNames(), rounds, full, overlays,
                configuration);
    }

    public static void write(Path dir, RunDatabase db, Dataset dataset) throws IOException {
        ReportWriter.write(build(dir, db, dataset), dir);
    }

    private static List<Overlay> overlays(RunDatabase db, Dataset dataset, Track t) throws IOException {
        List<LabelledRegion> regions = db.regions(t.strategy(), t.seed());
        int last = regions.stream().mapToInt(LabelledRegion::round).max().orElse(-1);
        if (last < 1) {
            return List.of();
        }
        Map<String, BitSet> all = db.labelledPixels(t.strategy(), t.seed());
        Map<String, BitSet> selected = new java.util.LinkedHashMap<>();
        for (LabelledRegion r : regions) {
            if (r.round() != last) {
                continue;
            }
            Frame f = dataset.frame(r.frame());
            BitSet m = Oracle.region(f, new Selection(r.frame(), r.kind(), r.unit(), r.x(), r.y(), r.radius(), r.pixels()));
            selected.computeIfAbsent(r.frame(), k -> new BitSet()).or(m);
        }
        List<String> frames = new ArrayList<>(selected.keySet());
        frames.sort(Comparator.comparingInt((String id) -> -selected.get(id).cardinality()).thenComparing(id -> id));
        List<Overlay> out = new ArrayList<>();
        for (String id : frames.subList(0, Math.min(OVERLAYS_PER_STRATEGY, frames.size()))) {
            Frame f = dataset.frame(id);
            BitSet now = selected.get(id);
            now.and(all.getOrDefault(id, new BitSet()));
            BitSet before = (BitSet) all.getOrDefault(id, new BitSet()).clone();
            before.andNot(now);
            out.add(new Overlay(t.strategy(), t.seed(), last, id, f.width(), f.height(), f.rgb(), before, now));
        }
        return out;
    }
}
