package org.activeseg.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.activeseg.acquisition.AcquisitionJson;
import org.activeseg.acquisition.AcquisitionMethod;
import org.activeseg.acquisition.AcquisitionMethods;
import org.activeseg.acquisition.AcquisitionRequest;
import org.activeseg.acquisition.AcquisitionResult;
import org.activeseg.acquisition.Budget;
import org.activeseg.acquisition.LabelState;
import org.activeseg.acquisition.MapSink;
import org.activeseg.acquisition.NpyProbabilities;
import org.activeseg.backend.BackendChoice;
import org.activeseg.backend.BackendSelector;
import org.activeseg.data.Dataset;
import org.activeseg.data.io.AtomicFile;
import org.activeseg.data.io.ImageFiles;
import org.activeseg.data.scannet.ScanNetReader;
import org.activeseg.data.scannet.SplitFiles;
import org.activeseg.tensor.Npy;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `activeseg score`: scores a pool of frames from per-frame probability maps with one acquisition
 * method and writes the scores and the selection as JSON (schema in the README). All input is
 * checked before scoring starts; the output file (and --maps) is written only when everything
 * succeeded, atomically.
 */
@Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Score unlabelled frames with an acquisition method and select what to label next.",
            "Probabilities: <probs>/<frame>.npy, float32, float16 or float64 (converted to float32 on read),"
                + " (C, H, W) or (T, C, H, W) MC samples.",
            "Pool: the dataset's train split minus its seed set, every frame when it has no split files, or --pool FILE."})
final class ScoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dataset", required = true, paramLabel = "DIR", description = "Dataset in the ScanNet layout.")
    Path datasetDir;

    @Option(names = "--probs", required = true, paramLabel = "DIR", description = "Per-frame probabilities <frame>.npy.")
    Path probsDir;

    @Option(names = "--method", required = true, paramLabel = "METHOD",
            completionCandidates = MethodNames.class,
            description = "One of: ${COMPLETION-CANDIDATES}.")
    String method;

    @Option(names = "--compat", description = "Reproduce the reference code's behaviour where ALGORITHMS.md says so "
            + "(ViewAL: VD truncation, GT-ignore masking, holes projected; RIPU: ln 19).")
    boolean compat;

    static final class BudgetOption {
        @Option(names = "--budget-pixels", paramLabel = "N", description = "Pixels to label.")
        Long pixels;

        @Option(names = "--budget-fraction", paramLabel = "F", description = "Fraction of the pool's pixels to label "
                + "(default 0.05 when no budget is given).")
        Double fraction;
    }

    @ArgGroup(exclusive = true)
    BudgetOption budget;

    @Option(names = "--maps", paramLabel = "DIR", description = "Write per-pixel maps as <frame>.<map>.npy (float32, H x W).")
    Path mapsDir;

    @Option(names = "--out", required = true, paramLabel = "FILE.json", description = "Scores and selection (JSON).")
    Path out;

    @Option(names = "--pool", paramLabel = "FILE", description = "Frame ids to score, one per line (default: train minus seed; every frame without split files).")
    Path poolFile;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "Method parameter (repeatable), e.g. overlap_threshold=0.3.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--seed", defaultValue = "0", description = "Seed for methods with randomness (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--backend", paramLabel = "auto|java|cuda", description = "Scoring backend (default auto).")
    String backend;

    static final class MethodNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return AcquisitionMethods.names().iterator();
        }
    }

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        AcquisitionMethod m = AcquisitionMethods.create(method);
        Dataset dataset = ScanNetReader.open(datasetDir);
        List<String> pool = pool(dataset, poolFile, spec.commandLine().getOut());
        NpyProbabilities probs = new NpyProbabilities(probsDir, dataset);
        probs.checkAll(pool);
        if (probs.float64FilesConverted() > 0) {
            spec.commandLine().getOut().printf("probabilities: %d float64 file(s) converted to float32 on read%n",
                    probs.float64FilesConverted());
        }
        long poolPixels = 0;
        for (String id : pool) {
            ImageFiles.Size s = ImageFiles.size(dataset.layout().color(id));
            poolPixels += (long) s.width() * s.height();
        }
        Budget b = budget == null ? Budget.fraction(0.05)
                : budget.pixels != null ? Budget.pixels(budget.pixels) : Budget.fraction(budget.fraction);
        long budgetPixels = b.resolve(poolPixels);

        Path mapsTmp = null;
        MapSink sink = MapSink.NONE;
        if (mapsDir != null) {
            Path parent = mapsDir.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            mapsTmp = Files.createTempDirectory(parent, "." + mapsDir.getFileName() + ".tmp");
            Path dir = mapsTmp;
            sink = (frame, name, values, w, h) -> Npy.write(dir.resolve(frame + "." + name + ".npy"), values, h, w);
        }
        try (BackendChoice choice = BackendSelector.fromEnvironment().select(backend)) {
            AcquisitionRequest request = new AcquisitionRequest(dataset, pool, probs, b, compat, params,
                    labelledOutside(dataset, pool), choice.backend(), sink, seed);
            AcquisitionResult result = m.run(request);
            long selected = result.selection().stream().mapToLong(AcquisitionResult.Selection::pixels).sum();
            String json = AcquisitionJson.render(result, choice.backend().name(), budgetPixels);
            AtomicFile.write(out, json.getBytes(StandardCharsets.UTF_8));
            if (mapsTmp != null) {
                publishMaps(mapsTmp, mapsDir);
                mapsTmp = null;
            }
            PrintWriter pw = spec.commandLine().getOut();
            pw.printf("%s: scored %d frames, selected %d units, %d of %d budget pixels (%.2f %% of the pool), %s backend, %.2f s%n",
                    m.name(), result.frames().size(), result.selection().size(), selected, budgetPixels,
                    100.0 * selected / poolPixels, choice.backend().name(), (System.nanoTime() - t0) / 1e9);
            budgetNote(m, result, selected, budgetPixels).ifPresent(pw::println);
            pw.printf("wrote %s%s%n", out, mapsDir == null ? "" : " and maps in " + mapsDir);
            pw.flush();
        } finally {
            if (mapsTmp != null) {
                deleteTree(mapsTmp);
            }
        }
        return 0;
    }

    /**
     * The frames to score: the ids in {@code poolFile}, or the train split minus the seed set, or every
     * frame of a dataset without split files (said on {@code notes}).
     */
    static List<String> pool(Dataset dataset, Path poolFile, PrintWriter notes) throws IOException {
        List<String> ids;
        if (poolFile != null) {
            if (!Files.isRegularFile(poolFile)) {
                throw new IllegalArgumentException("--pool " + poolFile + ": " + (Files.exists(poolFile)
                        ? "not a regular file" : "no such file") + " (a list of frame ids, one a line)");
            }
            ids = new ArrayList<>();
            Map<String, Integer> lineOf = new HashMap<>();
            List<String> lines = Files.readAllLines(poolFile, StandardCharsets.UTF_8);
            for (int n = 0; n < lines.size(); n++) {
                String id = lines.get(n).strip();
                if (id.isEmpty() || id.startsWith("#")) {
                    continue;
                }
                if (!dataset.contains(id)) {
                    throw new IllegalArgumentException(poolFile + ": line " + (n + 1) + ": frame '" + id
                            + "' is not in dataset " + dataset.root());
                }
                Integer first = lineOf.putIfAbsent(id, n + 1);
                if (first != null) {
                    throw new IllegalArgumentException(poolFile + ": line " + (n + 1) + ": frame '" + id
                            + "' is listed twice (first on line " + first + ")");
                }
                ids.add(id);
            }
        } else if (!SplitFiles.present(dataset.layout())) {
            // A folder of frames without split files: the user means all of them.
            ids = dataset.frameIds();
            notes.printf("pool: all %d frames (%s has no split files)%n", ids.size(),
                    dataset.layout().splitsDir());
        } else {
            Set<String> seedSet = new HashSet<>(dataset.splits().seed());
            ids = dataset.splits().train().stream().filter(id -> !seedSet.contains(id)).toList();
        }
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("the pool is empty (" + (poolFile != null ? poolFile : "train split minus seed set of "
                    + dataset.root()) + ")");
        }
        return ids;
    }

    /**
     * What the pool's scoring may not ignore: the seed-split frames outside the pool are labelled in
     * full (core-set starts from them as its initial centres, as the reference does).
     */
    private static LabelState labelledOutside(Dataset dataset, List<String> pool) throws IOException {
        LabelState state = LabelState.empty();
        Set<String> inPool = new HashSet<>(pool);
        for (String id : dataset.splits().seed()) {
            if (!inPool.contains(id)) {
                ImageFiles.Size s = ImageFiles.size(dataset.layout().color(id));
                BitSet all = new BitSet();
                all.set(0, s.width() * s.height());
                state.labelPixels(id, all);
            }
        }
        return state;
    }

    /** Why the selection's pixels differ from the budget, when they do: one line, or nothing. */
    static Optional<String> budgetNote(AcquisitionMethod m, AcquisitionResult result, long selected, long budget) {
        if (selected > budget) {
            return Optional.of("note: " + m.name() + " selects whole " + m.granularity().name().toLowerCase(Locale.ROOT)
                    + "s and stops at the first that reaches the budget, so the selection passes it by its last pick"
                    + " (the budget is a stopping rule, as in the reference)");
        }
        Object why = result.parameters().get(AcquisitionResult.BUDGET_NOTE);
        if (selected < budget && why != null) {
            return Optional.of("note: " + selected + " of " + budget + " budget pixels spent: " + why);
        }
        return Optional.empty();
    }

    private static void publishMaps(Path tmp, Path target) throws IOException {
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(tmp)) {
            for (Path f : files.toList()) {
                AtomicFile.move(f, target.resolve(f.getFileName()));
            }
        }
        Files.delete(tmp);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
