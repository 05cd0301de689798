package org.activeseg.stream.service;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.activeseg.acquisition.Budget;
import org.activeseg.acquisition.ProbabilitySource;
import org.activeseg.data.Dataset;
import org.activeseg.data.Frame;
import org.activeseg.data.scannet.ScanNetReader;
import org.activeseg.report.Json;
import org.activeseg.stream.grpc.FrameRequest;
import org.activeseg.stream.grpc.FrameResult;
import org.activeseg.stream.grpc.ScoringConfig;
import org.activeseg.stream.grpc.SelectRequest;
import org.activeseg.stream.grpc.StreamScoringGrpc;
import org.activeseg.tensor.FloatTensor;

/**
 * The client of `activeseg replay`: streams a dataset's pool frames in id order as a robot would (one
 * frame in flight, optionally paced to a frame rate), timing each frame from send to its result, then
 * asks for the selection and returns the document of `activeseg score` with a {@code latency_ms}
 * object (frames, errors, p50, p99, max; nearest rank) added.
 */
public final class Replay {
    /** How long one frame's result may take before the replay gives up. */
    private static final long RESULT_TIMEOUT_S = 300;

    private final String target;
    private final String token;
    private final Path sharedDir;

    /** @param token null when the server needs none */
    public Replay(String target, String token) {
        this(target, token, null);
    }

    /**
     * A replay that hands each frame's probabilities to the server through a file in {@code sharedDir}
     * (the directory the server was started with, {@code serve --shared-dir}; null: in the message), one
     * file rewritten for every frame once the previous frame's result has come, deleted at the end.
     */
    public Replay(String target, String token, Path sharedDir) {
        if (sharedDir != null && !Files.isDirectory(sharedDir)) {
            throw new IllegalArgumentException("--shared-dir " + sharedDir + " is not a directory");
        }
        this.target = target;
        this.token = token;
        this.sharedDir = sharedDir;
    }

    /** The scoring configuration of a replay, as `activeseg score` takes it. */
    public static ScoringConfig config(String method, boolean compat, Map<String, String> parameters, long seed) {
        return FrameMessages.config(method, compat, parameters, seed);
    }

    public String run(Dataset dataset, List<String> pool, ProbabilitySource probabilities, ScoringConfig config,
                      boolean sendLabels, Budget budget, double fps, PrintWriter log) throws IOException, InterruptedException {
        if (sharedDir != null && probabilities == null) {
            throw new IllegalArgumentException("--shared-dir hands over probabilities; it needs --probs");
        }
        Path shared = sharedDir == null ? null : sharedDir.resolve("replay-" + ProcessHandle.current().pid() + "-"
                + Long.toUnsignedString(new java.security.SecureRandom().nextLong(), 36) + ".f32");
        ManagedChannel channel = NettyChannelBuilder.forTarget(target).usePlaintext()
                .maxInboundMessageSize(ScoringServer.MAX_MESSAGE_BYTES).flowControlWindow(ScoringServer.FLOW_CONTROL_WINDOW).build();
        try {
            StreamScoringGrpc.StreamScoringStub async = StreamScoringGrpc.newStub(channel);
            StreamScoringGrpc.StreamScoringBlockingStub blocking = StreamScoringGrpc.newBlockingStub(channel);
            if (token != null) {
                async = async.withCallCredentials(new TokenCredentials(token));
                blocking = blocking.withCallCredentials(new TokenCredentials(token));
            }
            LinkedBlockingQueue<Object> results = new LinkedBlockingQueue<>();
            StreamObserver<FrameRequest> frames = async.streamFrames(new StreamObserver<>() {
                @Override
                public void onNext(FrameResult r) {
                    results.add(r);
                }

                @Override
                public void onError(Throwable t) {
                    results.add(t);
                }

                @Override
                public void onCompleted() {
                    results.add(Boolean.TRUE);
                }
            });
            List<String> order = pool.stream().sorted(ScanNetReader.FRAME_ORDER).toList();
            double[] latency = new double[order.size()];
            double[] server = new double[order.size()];
            int errors = 0;
            long period = fps > 0 ? Math.round(1e9 / fps) : 0;
            long start = System.nanoTime();
            for (int i = 0; i < order.size(); i++) {
                String id = order.get(i);
                if (period > 0) {
                    long wait = start + i * period - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
                Frame frame = dataset.frame(id);
                FrameRequest request;
                if (probabilities == null) {
                    request = FrameMessages.request(config, frame, null, sendLabels);
                } else {
                    try (FloatTensor p = probabilities.load(id)) {
                        request = shared == null ? FrameMessages.request(config, frame, p, sendLabels)
                                : FrameMessages.request(config, frame, null, sendLabels).toBuilder()
                                        .setProbabilitiesFile(write(shared, p)).setSamples((int) p.dim(0))
                                        .setClasses((int) p.dim(1)).build();
                    }
                }
                long t0 = System.nanoTime();
                frames.onNext(request);
                FrameResult r = next(results, id);
                latency[i] = (System.nanoTime() - t0) / 1e6;
                server[i] = r.getServerMs();
                if (r.hasError()) {
                    errors++;
                    log.println("frame " + id + " refused: " + r.getError());
                }
            }
            frames.onCompleted();
            Object end = results.poll(RESULT_TIMEOUT_S, TimeUnit.SECONDS);
            if (end instanceof Throwable t) {
                throw new IOException("the frame stream failed: " + t.getMessage(), t);
            }
            SelectRequest.Builder select = SelectRequest.newBuilder().setConfig(config).addAllFrameOrder(pool);
            if (budget.isFraction()) {
                select.setFraction(budget.fraction());
            } else {
                select.setPixels(budget.pixels());
            }
            String json = blocking.select(select.build()).getJson();
            Map<String, Object> doc = Json.parseObject(json, "the server's selection");
            doc.put("latency_ms", latencies(latency, server, errors));
            return Json.write(doc);
        } finally {
            channel.shutdownNow();
            channel.awaitTermination(5, TimeUnit.SECONDS);
            if (shared != null) {
                Files.deleteIfExists(shared);
            }
        }
    }

    /**
     * Writes the probabilities' bytes (little-endian float32, as the message would carry them) over
     * {@code file}, created on first use, and returns its name.
     */
    private static String write(Path file, FloatTensor p) throws IOException {
        if (java.nio.ByteOrder.nativeOrder() != java.nio.ByteOrder.LITTLE_ENDIAN) {
            throw new IOException("writing probabilities for the server needs a little-endian machine");
        }
        java.nio.ByteBuffer bytes = p.segment().asByteBuffer();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long at = 0;
            while (bytes.hasRemaining()) {
                at += ch.write(bytes, at);
            }
            ch.truncate(at);
        }
        return file.getFileName().toString();
    }

    private static FrameResult next(LinkedBlockingQueue<Object> results, String id) throws IOException, InterruptedException {
        Object o = results.poll(RESULT_TIMEOUT_S, TimeUnit.SECONDS);
        return switch (o) {
            case FrameResult r -> r;
            case Throwable t -> throw new IOException("the frame stream failed at frame " + id + ": " + t.getMessage(), t);
            case null -> throw new IOException("no result for frame " + id + " within " + RESULT_TIMEOUT_S + " s");
            default -> throw new IOException("the server ended the frame stream before frame " + id);
        };
    }

    /**
     * Frames, errors, the p50 / p99 / max latency in ms (nearest rank) and each frame's, in stream order;
     * the same of the time the server reported spending on each frame ({@code server_*}: the rest of a
     * latency is the transport, both ways).
     */
    static Map<String, Object> latencies(double[] ms, double[] serverMs, int errors) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("frames", ms.length);
        m.put("errors", errors);
        summary(m, "", ms);
        summary(m, "server_", serverMs);
        return m;
    }

    private static void summary(Map<String, Object> m, String prefix, double[] ms) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        m.put(prefix + "p50", rank(sorted, 0.50));
        m.put(prefix + "p99", rank(sorted, 0.99));
        m.put(prefix + "max", sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1]);
        m.put(prefix + "per_frame", Arrays.stream(ms).boxed().toList());
    }

    private static double rank(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.ceil(q * sorted.length) - 1];
    }
}
