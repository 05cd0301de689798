package org.activeseg.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.activeseg.data.Dataset;
import org.activeseg.data.scannet.ScanNetReader;
import org.activeseg.loop.LabellingQueues;
import org.activeseg.loop.RunConfig;
import org.activeseg.loop.state.RunDatabase;
import org.activeseg.loop.state.RunLock;
import org.activeseg.loop.state.Track;
import org.activeseg.report.LabellingQueue;
import org.activeseg.report.QueueExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code activeseg export DIR}: one round's selection of a run as a labelling queue for annotators,
 * as PNG masks or as Label Studio import JSON ({@link QueueExport}). Everything is rendered before
 * anything is written, into a temporary folder that is renamed into place, so a failed export leaves
 * nothing.
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes the regions one round of a run selected as the labelling queue for annotators:",
            "masks: masks/<frame>.png (255 = label this pixel) and queue.csv;",
            "labelstudio: tasks.json (Label Studio import, the regions as rectangle / polygon predictions) and"
                    + " labelstudio-config.xml."})
final class ExportCommand implements Callable<Integer> {
    enum Format { masks, labelstudio }

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The run directory.")
    Path dir;

    @Option(names = "--format", required = true, paramLabel = "masks|labelstudio", description = "What to write.")
    Format format;

    @Option(names = "--round", paramLabel = "R", description = "The round whose selection to export (default: the last).")
    Integer round;

    @Option(names = "--strategy", paramLabel = "S", description = "The strategy (default: the run's first).")
    String strategy;

    @Option(names = "--seed", paramLabel = "K", defaultValue = "0", description = "The strategy's seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write; must not exist or be empty"
            + " (default: DIR/export/<strategy>-seed<K>-round<R>-<format>).")
    Path out;

    @Option(names = "--image-prefix", paramLabel = "P", defaultValue = "/data/local-files/?d=",
            description = "labelstudio: put before each image path (relative to the dataset) (default ${DEFAULT-VALUE},"
                    + " Label Studio's local-file storage rooted at the dataset).")
    String imagePrefix;

    @Override
    public Integer call() throws Exception {
        Path d = dir.toAbsolutePath();
        if (!Files.isRegularFile(d.resolve(RunDatabase.FILE_NAME))) {
            throw new IllegalArgumentException(d + " holds no run (no " + RunDatabase.FILE_NAME + ")");
        }
        Map<String, byte[]> files;
        Path target;
        LabellingQueue queue;
        try (RunLock lock = RunLock.acquire(d); RunDatabase db = RunDatabase.open(d)) {
            RunConfig config = RunConfig.fromJson(db.configJson());
            String s = strategy != null ? strategy : config.strategies().getFirst();
            Track track = new Track(s, seed);
            if (!db.tracks().contains(track)) {
                throw new IllegalArgumentException("the run in " + d + " has no track " + s + " seed " + seed + "; it has "
                        + db.tracks().stream().filter(t -> !t.strategy().equals(RunConfig.FULL))
                                .map(t -> t.strategy() + " seed " + t.seed()).toList());
            }
            int r = round != null ? round : LabellingQueues.lastRound(db, track);
            Dataset dataset = ScanNetReader.open(RunCommand.datasetRoot(d, config));
            queue = LabellingQueues.of(db, dataset, track, r);
            files = format == Format.masks ? QueueExport.masks(queue) : QueueExport.labelStudio(queue, imagePrefix);
            target = (out != null ? out : d.resolve("export").resolve(s + "-seed" + seed + "-round" + r + "-" + format))
                    .toAbsolutePath();
        }
        publish(files, target);
        long pixels = queue.frames().stream().mapToLong(f -> f.toLabel().cardinality()).sum();
        spec.commandLine().getOut().printf("%s seed %d round %d: %d frames, %d regions, %d pixels to label; wrote %s%n",
                queue.strategy(), queue.seed(), queue.round(), queue.frames().size(),
                queue.frames().stream().mapToInt(f -> f.regions().size()).sum(), pixels, target);
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** Writes the files into a temporary sibling of {@code target} and renames it into place. */
    private static void publish(Map<String, byte[]> files, Path target) throws IOException {
        if (Files.exists(target)) {
            try (Stream<Path> s = Files.list(target)) {
                if (s.findAny().isPresent()) {
                    throw new IllegalArgumentException(target + " exists and is not empty: choose another --out");
                }
            }
            Files.delete(target);
        }
        Path parent = target.getParent();
        boolean madeParent = !Files.exists(parent);
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".tmp");
        boolean done = false;
        try {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Path p = tmp.resolve(f.getKey());
                Files.createDirectories(p.getParent());
                Files.write(p, f.getValue());
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            done = true;
        } finally {
            if (Files.exists(tmp)) {
                try (Stream<Path> s = Files.walk(tmp)) {
                    for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
            if (!done && madeParent) {
                Files.deleteIfExists(parent);
            }
        }
    }
}
