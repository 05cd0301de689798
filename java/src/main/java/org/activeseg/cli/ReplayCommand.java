package org.activeseg.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.activeseg.acquisition.Budget;
import org.activeseg.acquisition.NpyProbabilities;
import org.activeseg.data.Dataset;
import org.activeseg.data.io.AtomicFile;
import org.activeseg.data.scannet.ScanNetReader;
import org.activeseg.report.Json;
import org.activeseg.stream.service.Replay;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `activeseg replay`: streams a dataset's pool to `activeseg serve` as a robot would, asks for the
 * selection and writes the document of `activeseg score` on the same inputs, plus per-frame latency.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Stream a dataset's frames to `activeseg serve` in id order, then select; writes score's JSON plus latency_ms.",
            "Same pool, probabilities, method and budget as `activeseg score` give the same document apart from latency_ms",
            "(when the server's --window holds every pool frame of a scene)."})
final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--to", required = true, paramLabel = "ADDR:PORT", description = "The server.")
    String to;

    @Option(names = "--dataset", required = true, paramLabel = "DIR", description = "Dataset in the ScanNet layout.")
    Path datasetDir;

    @Option(names = "--probs", paramLabel = "DIR", description = "Per-frame probabilities <frame>.npy; without it frames "
            + "go with RGB only and the server runs its network (serve --checkpoint).")
    Path probsDir;

    @Option(names = "--pool", paramLabel = "FILE", description = "Frame ids to stream, one per line (default: train minus seed).")
    Path poolFile;

    @Option(names = "--method", required = true, paramLabel = "METHOD", completionCandidates = ScoreCommand.MethodNames.class,
            description = "One of: ${COMPLETION-CANDIDATES}.")
    String method;

    @Option(names = "--compat", description = "The reference code's behaviour, as `score --compat`.")
    boolean compat;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "Method parameter (repeatable).")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--seed", defaultValue = "0", description = "Seed for methods with randomness (default ${DEFAULT-VALUE}).")
    long seed;

    static final class BudgetOption {
        @Option(names = "--budget-pixels", paramLabel = "N", description = "Pixels to label.")
        Long pixels;

        @Option(names = "--budget-fraction", paramLabel = "F", description = "Fraction of the pool's pixels (default 0.05).")
        Double fraction;
    }

    @ArgGroup(exclusive = true)
    BudgetOption budget;

    @Option(names = "--fps", defaultValue = "0", paramLabel = "F", description = "Send at most F frames per second (0: as fast "
            + "as results come back).")
    double fps;

    @Option(names = "--token-file", paramLabel = "F", description = "File holding the server's token.")
    Path tokenFile;

    @Option(names = "--shared-dir", paramLabel = "DIR", description = "On the server's machine: hand each frame's "
            + "probabilities through a file in DIR, the server's --shared-dir, instead of in the message (needs --probs).")
    Path sharedDir;

    @Option(names = "--out", required = true, paramLabel = "FILE.json", description = "Scores, selection and latency (JSON).")
    Path out;

    @Override
    public Integer call() throws Exception {
        Dataset dataset = ScanNetReader.open(datasetDir);
        List<String> pool = ScoreCommand.pool(dataset, poolFile, spec.commandLine().getOut());
        String token = tokenFile == null ? null : Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
        Replay replay = new Replay(to, token, sharedDir);
        NpyProbabilities probs = probsDir == null ? null : new NpyProbabilities(probsDir, dataset);
        if (probs != null) {
            probs.checkAll(pool);
        }
        Budget b = budget == null ? Budget.fraction(0.05)
                : budget.pixels != null ? Budget.pixels(budget.pixels) : Budget.fraction(budget.fraction);
        PrintWriter err = spec.commandLine().getErr();
        String json = replay.run(dataset, pool, probs, Replay.config(method, compat, params, seed), compat, b,
                fps, err);
        err.flush();
        AtomicFile.write(out, json.getBytes(StandardCharsets.UTF_8));
        Map<?, ?> latency = (Map<?, ?>) Json.parseObject(json, "replay output").get("latency_ms");
        PrintWriter pw = spec.commandLine().getOut();
        pw.printf("%s: streamed %s frames (%s refused), latency p50 %s ms, p99 %s ms, max %s ms%n", method,
                latency.get("frames"), latency.get("errors"), latency.get("p50"), latency.get("p99"), latency.get("max"));
        pw.printf("wrote %s%n", out);
        pw.flush();
        return 0;
    }
}
