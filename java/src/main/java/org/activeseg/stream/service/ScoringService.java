package org.activeseg.stream.service;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.activeseg.acquisition.AcquisitionResult;
import org.activeseg.acquisition.AcquisitionResult.FrameScore;
import org.activeseg.acquisition.Budget;
import org.activeseg.stream.FrameInput;
import org.activeseg.stream.FrameUpdate;
import org.activeseg.stream.StreamConfig;
import org.activeseg.stream.StreamScorer;
import org.activeseg.stream.StreamSelection;
import org.activeseg.stream.grpc.FrameRequest;
import org.activeseg.stream.grpc.FrameResult;
import org.activeseg.stream.grpc.SelectRequest;
import org.activeseg.stream.grpc.SelectResponse;
import org.activeseg.stream.grpc.StreamScoringGrpc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The StreamScoring service: each incoming frame is applied to its scene's session and answered in
 * order; a bad frame is answered with an error naming it, and the stream goes on. Flow control is
 * manual: the next frame is requested only after the previous one was scored, so a fast client is
 * held back by gRPC's window and the server never buffers more than one frame per stream.
 */
final class ScoringService extends StreamScoringGrpc.StreamScoringImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(ScoringService.class);

    private final ScorerRegistry scorers;
    private final int window;
    private final long maxBytes;
    private final FloatArrayPool probabilityArrays = new FloatArrayPool(4, 4);
    private final SharedFrames shared;

    /** @param shared the directory frames may name their probabilities' file in, or null: none */
    ScoringService(ScorerRegistry scorers, int window, long maxBytes, SharedFrames shared) {
        this.maxBytes = maxBytes;
        this.scorers = scorers;
        this.window = window;
        this.shared = shared;
    }

    @Override
    public StreamObserver<FrameRequest> streamFrames(StreamObserver<FrameResult> responses) {
        ServerCallStreamObserver<FrameResult> out = (ServerCallStreamObserver<FrameResult>) responses;
        out.disableAutoRequest();
        out.request(1);
        return new StreamObserver<>() {
            @Override
            public void onNext(FrameRequest request) {
                out.onNext(apply(request));
                out.request(1);
            }

            @Override
            public void onError(Throwable t) {
                LOG.debug("frame stream ended by the client: {}", t.toString());
            }

            @Override
            public void onCompleted() {
                out.onCompleted();
            }
        };
    }

    private FrameResult apply(FrameRequest request) {
        long start = System.nanoTime();
        FrameResult.Builder r = FrameResult.newBuilder().setScene(request.getScene()).setFrame(request.getId());
        return outcome(request, r).setServerMs((System.nanoTime() - start) / 1e6).build();
    }

    /** Scores the frame into {@code r}: its scores, or an error naming it. */
    private FrameResult.Builder outcome(FrameRequest request, FrameResult.Builder r) {
        try {
            StreamScorer scorer = scorers.scorer(FrameMessages.config(request.getConfig(), window, maxBytes));
            FrameInput input = FrameMessages.input(request, probabilityArrays, shared);
            FrameUpdate u;
            try {
                u = scorer.add(request.getScene(), input);
            } finally {
                probabilityArrays.give(input.probabilities());
            }
            return r.setScored(FrameMessages.scored(u));
        } catch (IllegalArgumentException | IllegalStateException e) {
            return r.setError(e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("frame {} of scene {} failed", request.getId(), request.getScene(), e);
            return r.setError("frame " + request.getId() + ": internal error: " + e);
        }
    }

    @Override
    public void select(SelectRequest request, StreamObserver<SelectResponse> response) {
        try {
            StreamConfig config = FrameMessages.config(request.getConfig(), window, maxBytes);
            StreamScorer scorer = scorers.existing(config);
            Budget budget = switch (request.getBudgetCase()) {
                case PIXELS -> Budget.pixels(request.getPixels());
                case FRACTION -> Budget.fraction(request.getFraction());
                case BUDGET_NOT_SET -> Budget.fraction(0.05);
            };
            StreamSelection s = request.getScenesList().isEmpty() ? scorer.select(budget)
                    : scorer.select(budget, request.getScenesList());
            AcquisitionResult ordered = inOrder(s.result(), request.getFrameOrderList());
            String json = new StreamSelection(ordered, s.budgetPixels()).json(scorer.backendName());
            response.onNext(SelectResponse.newBuilder().setJson(json).build());
            response.onCompleted();
        } catch (IllegalArgumentException | IllegalStateException e) {
            response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
        } catch (RuntimeException e) {
            LOG.warn("selection failed", e);
            response.onError(Status.INTERNAL.withDescription(e.toString()).asRuntimeException());
        }
    }

    /** The result with its frames listed in {@code order} first, then the rest in their order. */
    private static AcquisitionResult inOrder(AcquisitionResult r, List<String> order) {
        if (order.isEmpty()) {
            return r;
        }
        Map<String, FrameScore> byId = new HashMap<>();
        r.frames().forEach(f -> byId.put(f.id(), f));
        List<FrameScore> frames = new ArrayList<>();
        for (String id : order) {
            FrameScore f = byId.remove(id);
            if (f != null) {
                frames.add(f);
            }
        }
        r.frames().stream().filter(f -> byId.containsKey(f.id())).forEach(frames::add);
        return new AcquisitionResult(r.method(), r.compat(), r.parameters(), frames, r.selection());
    }
}
