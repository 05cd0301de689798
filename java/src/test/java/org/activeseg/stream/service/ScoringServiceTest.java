package org.activeseg.stream.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.activeseg.backend.ReferenceScoringBackend;
import org.activeseg.cli.Main;
import org.activeseg.data.Dataset;
import org.activeseg.data.Frame;
import org.activeseg.data.scannet.ScanNetReader;
import org.activeseg.data.synthetic.SyntheticConfig;
import org.activeseg.data.synthetic.SyntheticDatasetWriter;
import org.activeseg.report.Json;
import org.activeseg.stream.grpc.FrameRequest;
import org.activeseg.stream.grpc.FrameResult;
import org.activeseg.stream.grpc.ScoringConfig;
import org.activeseg.stream.grpc.SelectRequest;
import org.activeseg.stream.grpc.StreamScoringGrpc;
import org.activeseg.tensor.FloatTensor;
import org.activeseg.tensor.Npy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The service end to end on loopback, on a synthetic dataset written to disk (2 rooms x 5 frames at
 * 48x36 with SEEDS superpixels, 2 MC samples of 5 classes per frame): `replay` against `serve` writes
 * the document `score` writes on the same inputs (numbers within 1e-6, selections identical) plus
 * latencies; a bad frame in the stream gets an error naming it and the stream goes on; a server with a
 * token refuses calls without it (UNAUTHENTICATED) and a non-loopback address needs one.
 */
class ScoringServiceTest {
    static final int W = 48, H = 36, C = 5, T = 2;
    static final ReferenceScoringBackend BACKEND = new ReferenceScoringBackend();

    @TempDir
    static Path tmp;
    static Path data, probs;
    static ScoringServer server;

    @BeforeAll
    static void setUp() throws IOException {
        data = tmp.resolve("ds");
        new SyntheticDatasetWriter(SyntheticConfig.defaults().withScenes(2, 5).withSize(W, H), 30).write(data);
        Dataset ds = ScanNetReader.open(data);
        probs = Files.createDirectories(tmp.resolve("probs"));
        SplittableRandom r = new SplittableRandom(5);
        for (String id : ds.frameIds()) {
            float[] v = new float[T * C * W * H];
            for (int d = 0; d < T; d++) {
                for (int i = 0; i < W * H; i++) {
                    double s = 0;
                    for (int k = 0; k < C; k++) {
                        s += v[(d * C + k) * W * H + i] = (float) Math.pow(r.nextDouble(0.01, 1), 3);
                    }
                    for (int k = 0; k < C; k++) {
                        v[(d * C + k) * W * H + i] /= (float) s;
                    }
                }
            }
            Npy.write(probs.resolve(id + ".npy"), v, T, C, H, W);
        }
        Files.writeString(tmp.resolve("pool.txt"), String.join("\n", ds.frameIds()) + "\n");
        server = ScoringServer.start("127.0.0.1", 0, 30, null, BACKEND);
    }

    @AfterAll
    static void tearDown() {
        server.close();
    }

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    /** `activeseg score` of the pool with {@code method} and the probabilities in {@code probsDir}, into {@code out}. */
    private static void score(String method, Path probsDir, Path out) {
        Run s = run("score", "--dataset", data.toString(), "--probs", probsDir.toString(), "--pool",
                tmp.resolve("pool.txt").toString(), "--method", method, "--budget-pixels", "2000", "--backend", "java",
                "--out", out.toString());
        assertEquals(0, s.code(), s.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"viewal", "entropy", "bald", "ripu-ra", "coreset"})
    void replayWritesWhatScoreWrites(String method) throws IOException {
        Path scored = tmp.resolve(method + "-score.json");
        Path replayed = tmp.resolve(method + "-replay.json");
        String pool = tmp.resolve("pool.txt").toString();
        score(method, probs, scored);
        Run r = run("replay", "--to", server.endpoint(), "--dataset", data.toString(), "--probs", probs.toString(), "--pool", pool,
                "--method", method, "--budget-pixels", "2000", "--out", replayed.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("streamed 10 frames (0 refused)"), r.out());
        Map<String, Object> expected = Json.parseObject(Files.readString(scored), "score");
        Map<String, Object> actual = Json.parseObject(Files.readString(replayed), "replay");
        Map<?, ?> latency = (Map<?, ?>) actual.remove("latency_ms");
        assertEquals(10L, latency.get("frames"));
        assertTrue(((Number) latency.get("max")).doubleValue() >= ((Number) latency.get("p50")).doubleValue());
        List<?> perFrame = (List<?>) latency.get("per_frame");
        assertEquals(10, perFrame.size());
        assertEquals(((Number) latency.get("max")).doubleValue(),
                perFrame.stream().mapToDouble(v -> ((Number) v).doubleValue()).max().orElseThrow(), 1e-9);
        // the server's own time per frame: positive, and inside the round trip the client timed
        List<?> serverPerFrame = (List<?>) latency.get("server_per_frame");
        assertEquals(10, serverPerFrame.size());
        for (int i = 0; i < 10; i++) {
            double server = ((Number) serverPerFrame.get(i)).doubleValue();
            double client = ((Number) perFrame.get(i)).doubleValue();
            assertTrue(server > 0 && server <= client, "frame " + i + ": server " + server + " ms, client " + client + " ms");
        }
        assertTrue(((Number) latency.get("server_p99")).doubleValue() <= ((Number) latency.get("max")).doubleValue());
        assertSameJson(expected, actual, method);
        assertTrue(!((List<?>) actual.get("selection")).isEmpty(), method + " selected nothing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"viewal", "entropy"})
    void replayThroughASharedDirectoryWritesWhatScoreWrites(String method) throws IOException {
        Path shared = Files.createDirectories(tmp.resolve("shared-" + method));
        Path scored = tmp.resolve(method + "-shared-score.json");
        Path replayed = tmp.resolve(method + "-shared-replay.json");
        String pool = tmp.resolve("pool.txt").toString();
        score(method, probs, scored);
        try (ScoringServer withDir = ScoringServer.start("127.0.0.1", 0, 30, 0, null, BACKEND,
                java.time.Duration.ofMinutes(30), null, shared)) {
            Run r = run("replay", "--to", withDir.endpoint(), "--dataset", data.toString(), "--probs", probs.toString(),
                    "--pool", pool, "--method", method, "--budget-pixels", "2000", "--shared-dir", shared.toString(),
                    "--out", replayed.toString());
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("streamed 10 frames (0 refused)"), r.out() + r.err());
        }
        try (var left = Files.list(shared)) {
            assertEquals(List.of(), left.toList(), "the replay deletes its file");
        }
        Map<String, Object> expected = Json.parseObject(Files.readString(scored), "score");
        Map<String, Object> actual = Json.parseObject(Files.readString(replayed), "replay");
        actual.remove("latency_ms");
        assertSameJson(expected, actual, method + " through " + shared);
        // a server started without a shared directory refuses every frame that names a file, by name
        Path refused = tmp.resolve(method + "-shared-refused.json");
        Run r = run("replay", "--to", server.endpoint(), "--dataset", data.toString(), "--probs", probs.toString(),
                "--pool", pool, "--method", method, "--budget-pixels", "2000", "--shared-dir", shared.toString(),
                "--out", refused.toString());
        assertTrue(r.code() != 0 || r.out().contains("(10 refused)"), r.out() + r.err());
        assertTrue(r.err().contains("without --shared-dir"), r.err());
    }

    @Test
    void sharedDirectoryOptionsAreCheckedBeforeAnyWork() throws IOException {
        Path none = tmp.resolve("no-such-dir");
        Run serve = run("serve", "--port", "0", "--shared-dir", none.toString());
        assertTrue(serve.code() != 0, serve.out());
        assertTrue(serve.err().contains("no-such-dir") && serve.err().contains("not a directory"), serve.err());
        assertFalse(serve.out().contains("listening on"), serve.out());
        String pool = tmp.resolve("pool.txt").toString();
        Path out = tmp.resolve("never-written.json");
        Run missing = run("replay", "--to", server.endpoint(), "--dataset", data.toString(), "--probs", probs.toString(),
                "--pool", pool, "--method", "entropy", "--shared-dir", none.toString(), "--out", out.toString());
        assertTrue(missing.code() != 0 && missing.err().contains("no-such-dir"), missing.err());
        Run noProbs = run("replay", "--to", server.endpoint(), "--dataset", data.toString(), "--pool", pool,
                "--method", "entropy", "--shared-dir", tmp.toString(), "--out", out.toString());
        assertTrue(noProbs.code() != 0 && noProbs.err().contains("needs --probs"), noProbs.err());
        assertFalse(Files.exists(out), "a refused replay writes nothing");
        assertFalse(Files.exists(none));
    }

    @Test
    void aServerWithACheckpointRunsTheNetworkOnRgbOnlyFrames() throws IOException {
        org.activeseg.model.net.NetworkConfig config = org.activeseg.model.net.NetworkConfig.small(C, 3);
        org.activeseg.model.net.SegmentationNetwork net = new org.activeseg.model.net.SegmentationNetwork(config);
        Path ckpt = tmp.resolve("serve-net.ckpt");
        org.activeseg.model.train.Checkpoint.write(ckpt, config.encode(), 0, 0, net.parameters(), net.buffers(), (org.activeseg.model.train.Optimizer) null);
        org.activeseg.stream.StreamNetwork network = org.activeseg.stream.StreamNetwork.open(ckpt, T, 0);
        Dataset ds = ScanNetReader.open(data);
        Path netProbs = Files.createDirectories(tmp.resolve("net-probs"));
        for (String id : ds.frameIds()) {
            Npy.write(netProbs.resolve(id + ".npy"), network.probabilities(ds.frame(id)), T, C, H, W);
        }
        Path scored = tmp.resolve("net-score.json");
        Path replayed = tmp.resolve("net-replay.json");
        String pool = tmp.resolve("pool.txt").toString();
        score("bald", netProbs, scored);
        try (ScoringServer withNet = ScoringServer.start("127.0.0.1", 0, 30, 0, null, BACKEND,
                java.time.Duration.ofMinutes(30), network)) {
            Run r = run("replay", "--to", withNet.endpoint(), "--dataset", data.toString(), "--pool", pool,
                    "--method", "bald", "--budget-pixels", "2000", "--out", replayed.toString());
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("streamed 10 frames (0 refused)"), r.out());
        }
        Map<String, Object> expected = Json.parseObject(Files.readString(scored), "score");
        Map<String, Object> actual = Json.parseObject(Files.readString(replayed), "replay");
        actual.remove("latency_ms");
        assertSameJson(expected, actual, "bald with the server's network");
        // without a network on the server, a frame without probabilities is refused, naming it
        Path refused = tmp.resolve("refused.json");
        try (ScoringServer without = ScoringServer.start("127.0.0.1", 0, 30, null, BACKEND)) {
            Run r = run("replay", "--to", without.endpoint(), "--dataset", data.toString(), "--pool", pool,
                    "--method", "entropy", "--budget-pixels", "2000", "--out", refused.toString());
            assertTrue(r.code() != 0 || r.out().contains("(10 refused)"), r.out() + r.err());
            assertTrue(r.err().contains("frame " + ds.frameIds().getFirst() + " refused")
                    && r.err().contains("carries no probabilities and the session runs no network"), r.err());
        }
    }

    @Test
    void serveRefusesACheckpointItCannotReadBeforeListening() {
        Run r = run("serve", "--port", "0", "--checkpoint", tmp.resolve("no-such.ckpt").toString());
        assertTrue(r.code() != 0, r.out());
        assertTrue(r.err().contains("no-such.ckpt"), r.err());
        assertFalse(r.out().contains("listening on"), r.out());
    }

    /** Equal documents, numbers within 1e-6 (the stream accumulates in another order than the batch). */
    static void assertSameJson(Object expected, Object actual, String path) {
        if (expected instanceof Map<?, ?> e) {
            Map<?, ?> a = assertInstanceOf(Map.class, actual, path);
            assertEquals(e.keySet(), a.keySet(), path);
            for (Object k : e.keySet()) {
                assertSameJson(e.get(k), a.get(k), path + "." + k);
            }
        } else if (expected instanceof List<?> e) {
            List<?> a = assertInstanceOf(List.class, actual, path);
            assertEquals(e.size(), a.size(), path + " length");
            for (int i = 0; i < e.size(); i++) {
                assertSameJson(e.get(i), a.get(i), path + "[" + i + "]");
            }
        } else if (expected instanceof Double || actual instanceof Double) {
            assertEquals(((Number) expected).doubleValue(), ((Number) actual).doubleValue(), 1e-6, path);
        } else {
            assertEquals(expected, actual, path);
        }
    }

    static ManagedChannel channel(ScoringServer s) {
        return NettyChannelBuilder.forTarget(s.endpoint()).usePlaintext().maxInboundMessageSize(ScoringServer.MAX_MESSAGE_BYTES)
                .build();
    }

    @Test
    void badFrameInTheStreamIsAnsweredByNameAndTheStreamGoesOn() throws Exception {
        Dataset ds = ScanNetReader.open(data);
        ScoringConfig config = Replay.config("viewal", false, Map.of(), 0);
        String scene = ds.scenes().getFirst().id();
        List<String> ids = ds.scenes().getFirst().frameIds().subList(0, 3);
        List<FrameRequest> requests = new ArrayList<>();
        for (String id : ids) {
            Frame f = ds.frame(id);
            try (FloatTensor p = FloatTensor.of(readProbs(id), T, C, W * H)) {
                requests.add(FrameMessages.request(config, f, p, false).toBuilder().setScene("bad-frame-" + scene).build());
            }
        }
        FrameRequest good = requests.get(1);
        float[] depth = new float[W * H];
        good.getDepth().asReadOnlyByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(depth);
        depth[W + 2] = Float.NaN;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * depth.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(depth);
        FrameRequest bad = good.toBuilder().setDepth(com.google.protobuf.ByteString.copyFrom(b)).build();
        ManagedChannel ch = channel(server);
        try {
            LinkedBlockingQueue<FrameResult> results = new LinkedBlockingQueue<>();
            StreamObserver<FrameRequest> in = StreamScoringGrpc.newStub(ch).streamFrames(new StreamObserver<>() {
                @Override
                public void onNext(FrameResult r) {
                    results.add(r);
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onCompleted() {
                }
            });
            for (FrameRequest r : List.of(requests.get(0), bad, requests.get(1), requests.get(2))) {
                in.onNext(r);
            }
            in.onCompleted();
            List<FrameResult> got = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                FrameResult r = results.poll(60, TimeUnit.SECONDS);
                assertTrue(r != null, "result " + i + " missing");
                got.add(r);
            }
            assertTrue(got.get(0).hasScored());
            assertTrue(got.get(1).hasError(), got.get(1).toString());
            assertTrue(got.get(1).getError().contains("frame " + ids.get(1)) && got.get(1).getError().contains("NaN")
                    && got.get(1).getError().contains("(x=2, y=1)"), got.get(1).getError());
            assertTrue(got.get(2).hasScored(), got.get(2).toString());
            assertTrue(got.get(3).hasScored(), got.get(3).toString());
            assertEquals(ids.get(2), got.get(3).getScored().getFrame().getId());
            String json = StreamScoringGrpc.newBlockingStub(ch).select(SelectRequest.newBuilder().setConfig(config)
                    .addScenes("bad-frame-" + scene).setPixels(500).build()).getJson();
            assertEquals(3, ((List<?>) Json.parseObject(json, "select").get("frames")).size());
        } finally {
            ch.shutdownNow();
        }
    }

    private static float[] readProbs(String id) throws IOException {
        try (var a = Npy.read(probs.resolve(id + ".npy")); FloatTensor t = a.toFloatTensor(T, C, (long) W * H)) {
            float[] v = new float[T * C * W * H];
            t.copyTo(0, v, 0, v.length);
            return v;
        }
    }

    @Test
    void aTokenServerRefusesCallsWithoutTheToken() throws Exception {
        Path tokenFile = tmp.resolve("token");
        Files.writeString(tokenFile, "s3cret-token\n");
        try (ScoringServer guarded = ScoringServer.start("127.0.0.1", 0, 30, "s3cret-token", BACKEND)) {
            ManagedChannel ch = channel(guarded);
            try {
                SelectRequest select = SelectRequest.newBuilder().setConfig(Replay.config("entropy", false, Map.of(), 0)).build();
                StatusRuntimeException none = assertThrows(StatusRuntimeException.class,
                        () -> StreamScoringGrpc.newBlockingStub(ch).select(select));
                assertEquals(Status.Code.UNAUTHENTICATED, none.getStatus().getCode());
                StatusRuntimeException health = assertThrows(StatusRuntimeException.class,
                        () -> HealthGrpc.newBlockingStub(ch).check(HealthCheckRequest.getDefaultInstance()));
                assertEquals(Status.Code.UNAUTHENTICATED, health.getStatus().getCode());
                StatusRuntimeException wrong = assertThrows(StatusRuntimeException.class,
                        () -> StreamScoringGrpc.newBlockingStub(ch).withCallCredentials(new TokenCredentials("guess")).select(select));
                assertEquals(Status.Code.UNAUTHENTICATED, wrong.getStatus().getCode());
                StatusRuntimeException noFrames = assertThrows(StatusRuntimeException.class,
                        () -> StreamScoringGrpc.newBlockingStub(ch).withCallCredentials(new TokenCredentials("s3cret-token"))
                                .select(select));
                assertNotEquals(Status.Code.UNAUTHENTICATED, noFrames.getStatus().getCode());
                assertEquals("SERVING", HealthGrpc.newBlockingStub(ch).withCallCredentials(new TokenCredentials("s3cret-token"))
                        .check(HealthCheckRequest.getDefaultInstance()).getStatus().name());
            } finally {
                ch.shutdownNow();
            }
            Path out = tmp.resolve("guarded.json");
            Run refused = run("replay", "--to", guarded.endpoint(), "--dataset", data.toString(), "--probs", probs.toString(),
                    "--method", "entropy", "--out", out.toString());
            assertNotEquals(0, refused.code());
            assertTrue(refused.err().contains("UNAUTHENTICATED"), refused.err());
            Run ok = run("replay", "--to", guarded.endpoint(), "--dataset", data.toString(), "--probs", probs.toString(),
                    "--method", "entropy", "--token-file", tokenFile.toString(), "--out", out.toString());
            assertEquals(0, ok.code(), ok.err());
        }
        IllegalArgumentException open = assertThrows(IllegalArgumentException.class,
                () -> ScoringServer.start("0.0.0.0", 0, 30, null, BACKEND));
        assertTrue(open.getMessage().contains("requires --token-file"), open.getMessage());
    }

    /**
     * A bounded load test on loopback: 4 concurrent streams, each sending ViewAL frames of its own scene
     * for 3 s into a window of 3; every frame gets its result (none lost, none refused), and afterwards
     * every scene holds at most the window (the server's memory is bounded by scenes x window).
     */
    @Test
    void concurrentStreamsLoseNothing() throws Exception {
        Dataset ds = ScanNetReader.open(data);
        ScoringConfig config = Replay.config("viewal", false, Map.of(), 0);
        List<FrameRequest> base = new ArrayList<>();
        for (String id : ds.scenes().getFirst().frameIds()) {
            try (FloatTensor p = FloatTensor.of(readProbs(id), T, C, W * H)) {
                base.add(FrameMessages.request(config, ds.frame(id), p, false));
            }
        }
        int streams = 4;
        try (ScoringServer loaded = ScoringServer.start("127.0.0.1", 0, 3, null, BACKEND);
             var pool = java.util.concurrent.Executors.newFixedThreadPool(streams)) {
            ManagedChannel ch = channel(loaded);
            try {
                List<java.util.concurrent.Future<int[]>> jobs = new ArrayList<>();
                for (int s = 0; s < streams; s++) {
                    String scene = "load" + s;
                    jobs.add(pool.submit(() -> {
                        LinkedBlockingQueue<FrameResult> results = new LinkedBlockingQueue<>();
                        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
                        StreamObserver<FrameRequest> in = StreamScoringGrpc.newStub(ch).streamFrames(new StreamObserver<>() {
                            @Override
                            public void onNext(FrameResult r) {
                                results.add(r);
                            }

                            @Override
                            public void onError(Throwable t) {
                                done.countDown();
                            }

                            @Override
                            public void onCompleted() {
                                done.countDown();
                            }
                        });
                        long end = System.nanoTime() + 3_000_000_000L;
                        int sent = 0;
                        int errors = 0;
                        while (System.nanoTime() < end) {
                            FrameRequest r = base.get(sent % base.size());
                            in.onNext(r.toBuilder().setScene(scene).setId(scene + "_" + sent).build());
                            sent++;
                            FrameResult got = results.poll(60, TimeUnit.SECONDS);
                            if (got == null || got.hasError()) {
                                errors++;
                            }
                        }
                        in.onCompleted();
                        done.await(60, TimeUnit.SECONDS);
                        return new int[] {sent, errors, results.size()};
                    }));
                }
                for (var j : jobs) {
                    int[] r = j.get(120, TimeUnit.SECONDS);
                    assertTrue(r[0] > 3, "only " + r[0] + " frames sent in 3 s");
                    assertEquals(0, r[1], "frames lost or refused");
                    assertEquals(0, r[2], "results beyond the frames sent");
                }
                String json = StreamScoringGrpc.newBlockingStub(ch).select(SelectRequest.newBuilder().setConfig(config)
                        .setPixels(100).build()).getJson();
                long[] parsed = loaded.frameMessages().parsed();
                assertTrue(parsed[0] > 4 * 3 && parsed[1] == 0,
                        "frames parsed piecewise from netty's buffers / by the default marshaller: " + Arrays.toString(parsed));
                assertEquals(streams * 3, ((List<?>) Json.parseObject(json, "select").get("frames")).size(),
                        "every scene holds its window of 3");
            } finally {
                ch.shutdownNow();
            }
        }
    }
}
