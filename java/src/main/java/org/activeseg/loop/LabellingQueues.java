package org.activeseg.loop;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.activeseg.acquisition.AcquisitionResult.Selection;
import org.activeseg.data.Dataset;
import org.activeseg.data.Frame;
import org.activeseg.loop.state.LabelledRegion;
import org.activeseg.loop.state.RunDatabase;
import org.activeseg.loop.state.Track;
import org.activeseg.report.LabellingQueue;

/** Builds the {@link LabellingQueue} of one round of one track from the run's database. */
public final class LabellingQueues {
    private LabellingQueues() {}

    /** The last round of {@code track} that selected anything (round 0, the seed set, when no later one did). */
    public static int lastRound(RunDatabase db, Track track) {
        return db.track(track).regions().stream().mapToInt(LabelledRegion::round).max().orElseThrow(
                () -> new IllegalArgumentException("track " + track + " has labelled nothing yet"));
    }

    public static LabellingQueue of(RunDatabase db, Dataset dataset, Track track, int round) throws IOException {
        List<LabelledRegion> all = db.track(track).regions();
        Map<String, List<LabelledRegion>> thisRound = new LinkedHashMap<>();
        for (LabelledRegion r : all) {
            if (r.round() == round) {
                thisRound.computeIfAbsent(r.frame(), k -> new ArrayList<>()).add(r);
            }
        }
        if (thisRound.isEmpty()) {
            int last = all.stream().mapToInt(LabelledRegion::round).max().orElse(-1);
            throw new IllegalArgumentException("track " + track.strategy() + " seed " + track.seed() + " selected nothing in round "
                    + round + (last < 0 ? " (it has labelled nothing yet)" : " (its rounds are 0.." + last + ")"));
        }
        Path root = dataset.root();
        List<LabellingQueue.QueuedFrame> frames = new ArrayList<>();
        for (Map.Entry<String, List<LabelledRegion>> e : thisRound.entrySet()) {
            Frame f = dataset.frame(e.getKey());
            BitSet earlier = new BitSet();
            for (LabelledRegion r : all) {
                if (r.frame().equals(f.id()) && r.round() < round) {
                    earlier.or(Oracle.region(f, selection(r)));
                }
            }
            BitSet toLabel = new BitSet();
            List<LabellingQueue.Region> regions = new ArrayList<>();
            for (LabelledRegion r : e.getValue()) {
                BitSet m = Oracle.region(f, selection(r));
                toLabel.or(m);
                int rad = r.kind() == org.activeseg.acquisition.Granularity.PIXEL ? 0 : r.radius();
                boolean square = r.x() >= 0;
                regions.add(new LabellingQueue.Region(LabellingQueue.Shape.valueOf(r.kind().name()), r.unit(),
                        square ? Math.max(0, r.x() - rad) : 0, square ? Math.max(0, r.y() - rad) : 0,
                        square ? Math.min(f.width(), r.x() + rad + 1) : f.width(),
                        square ? Math.min(f.height(), r.y() + rad + 1) : f.height(), r.pixels(), m));
            }
            toLabel.andNot(earlier);
            frames.add(new LabellingQueue.QueuedFrame(f.id(), root.relativize(dataset.layout().color(f.id())).toString(),
                    f.width(), f.height(), regions, toLabel));
        }
        frames.sort(Comparator.comparingInt((LabellingQueue.QueuedFrame q) -> -q.toLabel().cardinality())
                .thenComparing(LabellingQueue.QueuedFrame::frameId));
        return new LabellingQueue(track.strategy(), track.seed(), round, frames);
    }

    private static Selection selection(LabelledRegion r) {
        return new Selection(r.frame(), r.kind(), r.unit(), r.x(), r.y(), r.radius(), r.pixels());
    }
}
