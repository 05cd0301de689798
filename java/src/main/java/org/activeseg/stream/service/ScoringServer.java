package org.activeseg.stream.service;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.activeseg.backend.ScoringBackend;
import org.activeseg.stream.StreamNetwork;

/**
 * The gRPC server of `activeseg serve`: the StreamScoring service and the standard health service, on
 * loopback unless told otherwise. Any other address needs a token, which every call must then carry;
 * a token given on loopback is enforced too. Messages up to {@link #MAX_MESSAGE_BYTES} (a 640x480 frame
 * with 40 classes and 10 MC samples is about 49 MB). Scenes that receive no frame for the idle timeout
 * (a client that vanished) are closed and their memory freed.
 */
public final class ScoringServer implements AutoCloseable {
    public static final int MAX_MESSAGE_BYTES = 256 << 20;
    /**
     * HTTP/2 flow-control window per stream (bytes in flight before the receiver acknowledges): one
     * 320x240 frame of 40-class float probabilities is 12 MB, which a 1 MiB window (gRPC's default)
     * sends in a dozen round trips. Still a bound: a stream never has more than this in flight.
     */
    public static final int FLOW_CONTROL_WINDOW = 16 << 20;
    /** How long a scene may go without a frame before the server frees it. */
    public static final Duration DEFAULT_IDLE = Duration.ofMinutes(30);

    private final Server server;
    private final ScorerRegistry scorers;
    private final HealthStatusManager health;
    private final InetSocketAddress address;
    private final ScheduledExecutorService sweeper;
    private final FrameRequestMarshaller frames;

    private ScoringServer(Server server, ScorerRegistry scorers, HealthStatusManager health, InetSocketAddress address,
                          Duration idle, FrameRequestMarshaller frames) {
        this.frames = frames;
        this.server = server;
        this.scorers = scorers;
        this.health = health;
        this.address = address;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "activeseg-idle-scenes");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1, Math.min(60, idle.toSeconds() / 4));
        sweeper.scheduleWithFixedDelay(() -> scorers.closeIdle(idle), period, period, TimeUnit.SECONDS);
    }

    /**
     * Starts a server on {@code bind}:{@code port} (0: any free port).
     *
     * @param token null for none; required when {@code bind} is not a loopback address
     */
    public static ScoringServer start(String bind, int port, int window, String token, ScoringBackend backend)
            throws IOException {
        return start(bind, port, window, token, backend, DEFAULT_IDLE);
    }

    /** {@link #start} with scenes closed after {@code idle} without a frame. */
    public static ScoringServer start(String bind, int port, int window, String token, ScoringBackend backend,
                                      Duration idle) throws IOException {
        return start(bind, port, window, 0, token, backend, idle);
    }

    /**
     * {@link #start} with scenes closed after {@code idle} without a frame, and each scene's frames and
     * scoring state held within {@code maxBytes} (0: no bound; the oldest frames are evicted beyond it).
     */
    public static ScoringServer start(String bind, int port, int window, long maxBytes, String token,
                                      ScoringBackend backend, Duration idle) throws IOException {
        return start(bind, port, window, maxBytes, token, backend, idle, null);
    }

    /** The same, running {@code network} (null: none) on frames sent with RGB but without probabilities. */
    public static ScoringServer start(String bind, int port, int window, long maxBytes, String token,
                                      ScoringBackend backend, Duration idle, StreamNetwork network) throws IOException {
        return start(bind, port, window, maxBytes, token, backend, idle, network, null);
    }

    /**
     * The same, with {@code sharedDir} (null: none) the directory co-located clients may hand frames'
     * probabilities through ({@code FrameRequest.probabilities_file}, {@link SharedFrames}).
     */
    public static ScoringServer start(String bind, int port, int window, long maxBytes, String token,
                                      ScoringBackend backend, Duration idle, StreamNetwork network, java.nio.file.Path sharedDir)
            throws IOException {
        SharedFrames shared = sharedDir == null ? null : SharedFrames.of(sharedDir);
        InetAddress host = InetAddress.getByName(bind);
        if (!host.isLoopbackAddress() && token == null) {
            throw new IllegalArgumentException("binding " + bind + " (not a loopback address) requires --token-file");
        }
        if (token != null && token.isBlank()) {
            throw new IllegalArgumentException("the token is empty");
        }
        ScorerRegistry scorers = new ScorerRegistry(backend, network);
        HealthStatusManager health = new HealthStatusManager();
        FrameRequestMarshaller frames = new FrameRequestMarshaller();
        NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .flowControlWindow(FLOW_CONTROL_WINDOW)
                .addService(FrameRequestMarshaller.withPiecewiseFrames(
                        new ScoringService(scorers, window, maxBytes, shared).bindService(), frames))
                .addService(health.getHealthService());
        if (token != null) {
            b.intercept(new TokenCheck(token));
        }
        Server server = b.build().start();
        health.setStatus("", io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING);
        InetSocketAddress bound = new InetSocketAddress(host, server.getPort());
        return new ScoringServer(server, scorers, health, bound, idle, frames);
    }

    /** How frame messages were parsed (tests). */
    FrameRequestMarshaller frameMessages() {
        return frames;
    }

    /** The address and port it listens on. */
    public InetSocketAddress address() {
        return address;
    }

    /** Prints as {@code ADDR:PORT}. */
    public String endpoint() {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    /** Stops taking calls, lets running ones finish for up to 5 s, then frees every session. */
    @Override
    public void close() {
        sweeper.shutdownNow();
        health.enterTerminalState();
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        scorers.close();
    }
}
