package org.activeseg.cli;

import static org.activeseg.cli.RunCommandTest.args;
import static org.activeseg.cli.RunCommandTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.activeseg.data.Dataset;
import org.activeseg.data.scannet.ScanNetReader;
import org.activeseg.loop.RunOutputs;
import org.activeseg.loop.state.RunDatabase;
import org.activeseg.report.Overlay;
import org.activeseg.report.RunReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of a real (tiny) run: every round's selection with its ground truth, only the frames it
 * shows read from the dataset, and the provenance the run recorded.
 */
@Timeout(300)
class RunReportContentTest {
    @TempDir
    Path tmp;

    @Test
    void theReportShowsEveryRoundAndReadsOnlyTheFramesItShows() throws Exception {
        List<String> run = new ArrayList<>(RunCommandTest.TINY);
        run.set(run.indexOf("random,entropy,ripu-ra"), "random,ripu-ra");
        Path dir = tmp.resolve("run");
        RunCommandTest.Result r = cli(args("--out", dir, run));
        assertEquals(0, r.exit(), r.err());

        Dataset real = ScanNetReader.open(dir.resolve("dataset"));
        AtomicInteger loads = new AtomicInteger();
        Dataset counting = new Dataset(real.root(), real.scenes(), real.splits(), real.classNames(), id -> {
            loads.incrementAndGet();
            return real.frame(id);
        });
        RunReport report;
        try (RunDatabase db = RunDatabase.open(dir)) {
            report = RunOutputs.build(dir, db, counting);
        }
        List<Overlay> overlays = report.overlays();
        assertEquals(List.of("random/1", "random/2", "ripu-ra/1", "ripu-ra/2"),
                overlays.stream().map(o -> o.strategy() + "/" + o.round()).toList(), "every round of every strategy");
        assertEquals(overlays.size(), loads.get(), "only the frames shown are decoded");
        for (Overlay o : overlays) {
            assertTrue(o.labels() != null, "ground truth beside " + o);
            assertTrue(o.model() != null && o.model().round() == o.round() - 1, "the selecting model's view beside " + o);
            float[] u = o.model().uncertainty();
            for (float v : u) {
                assertTrue(v >= 0 && v <= 1.0001f, "normalised entropy " + v);
            }
            assertTrue(o.selectedThisRound().cardinality() > 0, o.toString());
            assertTrue(!o.selectedThisRound().intersects(o.labelledBefore()), o.toString());
        }
        Set<String> keys = report.provenance().keySet();
        assertTrue(keys.containsAll(Set.of("version", "commit", "command_line", "backend", "device", "dataset",
                "wall time")), keys.stream().collect(Collectors.joining(", ")));
        assertTrue(String.valueOf(report.provenance().get("command_line")).startsWith("activeseg run --out " + dir),
                report.provenance().toString());
        assertTrue(String.valueOf(report.configuration().get("dataset")).startsWith(dir.resolve("dataset").toString()),
                "the real dataset in the configuration: " + report.configuration());

        String html = Files.readString(dir.resolve("report.html"));
        for (String part : List.of("<h2>Results</h2>", "fully supervised (every training pixel)", "area under the curve",
                "<h2>Learning curves</h2>", "<h2>mIoU against each annotation cost</h2>", "<h2>Per-class IoU</h2>",
                "<h2>Selected regions</h2>", "alt=\"ground truth of frame", "alt=\"prediction of the round 0 model on frame",
                "alt=\"uncertainty of the round 1 model on frame", "<h2>Provenance</h2>",
                "<h2>Configuration</h2>", "&plusmn; n/a")) {
            assertTrue(html.contains(part), "report.html lacks " + part);
        }
    }
}
