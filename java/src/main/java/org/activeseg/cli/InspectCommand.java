package org.activeseg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.activeseg.data.Dataset;
import org.activeseg.data.DatasetInspection;
import org.activeseg.data.Splits;
import org.activeseg.data.scannet.ScanNetReader;
import org.activeseg.geometry.Reprojection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** `activeseg inspect DIR`: frames, scenes, classes, depth validity and overlap between views. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Summarise a dataset in the ScanNet layout: frames, scenes, splits, class histogram, "
                + "depth validity, superpixels and the overlap between views of each scene.")
final class InspectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Dataset directory (ScanNet layout).")
    Path dir;

    @Option(names = "--visibility", defaultValue = "" + Reprojection.DEFAULT_WORLD_DISTANCE,
            description = "World-distance visibility threshold in metres for overlap (default ${DEFAULT-VALUE}, ViewAL's).")
    double visibility;

    @Option(names = "--max-pairs", defaultValue = "400",
            description = "Frame pairs per scene used for overlap (all pairs when fewer; default ${DEFAULT-VALUE}).")
    int maxPairs;

    @Override
    public Integer call() throws Exception {
        Dataset ds = ScanNetReader.open(dir);
        DatasetInspection.Report r = new DatasetInspection(visibility, maxPairs).inspect(ds);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("dataset      %s%n", ds.root().toAbsolutePath());
        out.printf("frames       %d in %d scene(s), %dx%d%n", r.frames(), r.scenes(), r.width(), r.height());
        Splits s = r.splits();
        out.printf("splits       train %d, val %d, test %d, seed %d%n", s.train().size(), s.val().size(),
                s.test().size(), s.seed().size());
        out.printf("labels       %.1f %% of pixels labelled, %d classes in the label set%n",
                pct(r.labelledPixels(), r.totalPixels()), r.numClasses());
        List<Integer> order = new ArrayList<>();
        for (int c = 0; c < r.numClasses(); c++) {
            if (r.classHistogram()[c] > 0) {
                order.add(c);
            }
        }
        order.sort((a, b) -> Long.compare(r.classHistogram()[b], r.classHistogram()[a]));
        out.printf("classes      %d present:%n", order.size());
        for (int c : order) {
            out.printf("  %2d %-16s %6.2f %%%n", c, ds.classNames().get(c), pct(r.classHistogram()[c], r.labelledPixels()));
        }
        out.printf("depth        %.1f %% valid, %.2f .. %.2f m%n", pct(r.validDepthPixels(), r.totalPixels()),
                r.minDepth(), r.maxDepth());
        out.printf("superpixels  %d of %d frames, %.1f per frame%n", r.framesWithSuperpixels(), r.frames(),
                r.meanSuperpixels());
        out.printf("overlap      share of a frame's valid pixels visible in another frame (%.2f m test)%n", visibility);
        out.printf("  %-16s %6s %6s %9s %14s %22s%n", "scene", "frames", "pairs", "mean", "worst best", "frames w/ partner>=10%");
        for (DatasetInspection.SceneOverlap o : r.overlaps()) {
            out.printf("  %-16s %6d %6d %8.1f%% %13.1f%% %22d%n", o.sceneId(), o.frames(), o.pairs(),
                    100 * o.meanOverlap(), 100 * o.minBestOverlap(), o.framesWithPartnerAbove10Percent());
        }
        out.flush();
        return 0;
    }

    private static double pct(long a, long b) {
        return b == 0 ? 0 : 100.0 * a / b;
    }
}
