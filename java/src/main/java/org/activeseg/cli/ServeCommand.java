package org.activeseg.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.activeseg.backend.BackendChoice;
import org.activeseg.backend.BackendSelector;
import org.activeseg.stream.StreamConfig;
import org.activeseg.stream.StreamNetwork;
import org.activeseg.stream.service.ScoringServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `activeseg serve`: the streaming scorer as a gRPC service (activeseg_stream.proto) until SIGTERM or
 * Ctrl-C. Prints {@code listening on ADDR:PORT} once it takes calls.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve the streaming scorer over gRPC: frames in, per-frame scores out, selection on request.",
            "Binds 127.0.0.1 unless --bind says otherwise; any other address needs --token-file."})
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", required = true, paramLabel = "PORT", description = "Port to listen on (0: any free port).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDR", description = "Address to bind (default ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--checkpoint", paramLabel = "FILE", description = "Network checkpoint (from activeseg run) to run on "
            + "frames sent with RGB but without probabilities, with MC dropout.")
    Path checkpoint;

    @Option(names = "--mc-samples", defaultValue = "20", paramLabel = "T",
            description = "MC-dropout samples per frame with --checkpoint (1: no dropout; default ${DEFAULT-VALUE}).")
    int mcSamples;

    @Option(names = "--window", defaultValue = "" + StreamConfig.DEFAULT_WINDOW, paramLabel = "N",
            description = "Frames a scene keeps; the oldest is evicted first (default ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--max-memory", defaultValue = "0", paramLabel = "SIZE",
            description = "Most memory a scene's frames and scoring state may take (bytes, or with k, m, g: KiB, MiB, "
                    + "GiB); the oldest frames are evicted beyond it, the newest always stays (default 0: no bound).")
    String maxMemory;

    @Option(names = "--token-file", paramLabel = "F", description = "File holding the token every call must carry "
            + "(authorization: Bearer TOKEN).")
    Path tokenFile;

    @Option(names = "--shared-dir", paramLabel = "DIR", description = "Directory a client on this machine may hand "
            + "frames' probabilities through: a frame names a file there (probabilities_file) instead of sending its "
            + "bytes. Only plain names of regular files in DIR are read, never written; make DIR writable by the "
            + "server's clients only.")
    Path sharedDir;

    @Option(names = "--idle-minutes", defaultValue = "30", paramLabel = "M",
            description = "Free a scene that received no frame for M minutes (default ${DEFAULT-VALUE}).")
    double idleMinutes;

    @Option(names = "--backend", paramLabel = "auto|java|cuda", description = "Scoring backend for batch selection (default auto).")
    String backend;

    @Override
    public Integer call() throws Exception {
        if (mcSamples < 1) {
            throw new IllegalArgumentException("--mc-samples must be at least 1, got " + mcSamples);
        }
        if (window < 1) {
            throw new IllegalArgumentException("--window must be at least 1, got " + window);
        }
        long maxBytes = ByteSize.parse("--max-memory", maxMemory);
        String token = tokenFile == null ? null : Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
        StreamNetwork network = checkpoint == null ? null : StreamNetwork.open(checkpoint, mcSamples, 0);
        try (BackendChoice choice = BackendSelector.fromEnvironment().select(backend);
             ScoringServer server = ScoringServer.start(bind, port, window, maxBytes, token, choice.backend(),
                     java.time.Duration.ofMillis(Math.round(idleMinutes * 60_000)), network, sharedDir)) {
            Thread stop = new Thread(server::close, "activeseg-serve-shutdown");
            Runtime.getRuntime().addShutdownHook(stop);
            PrintWriter out = spec.commandLine().getOut();
            out.println("listening on " + server.endpoint());
            out.flush();
            server.awaitTermination();
        }
        return 0;
    }
}
