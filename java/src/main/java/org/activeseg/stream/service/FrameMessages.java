package org.activeseg.stream.service;

import com.google.protobuf.ByteString;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import org.activeseg.acquisition.AcquisitionResult;
import org.activeseg.data.Frame;
import org.activeseg.stream.FrameInput;
import org.activeseg.stream.FrameRejectedException;
import org.activeseg.stream.FrameUpdate;
import org.activeseg.stream.StreamConfig;
import org.activeseg.stream.grpc.FrameRequest;
import org.activeseg.stream.grpc.FrameScore;
import org.activeseg.stream.grpc.Scored;
import org.activeseg.stream.grpc.ScoringConfig;
import org.activeseg.stream.grpc.SuperpixelScore;
import org.activeseg.tensor.FloatTensor;

/**
 * Conversions between the service's messages (activeseg_stream.proto) and the session's types. Large
 * arrays travel as little-endian bytes; a byte count that is no whole number of values is an error
 * naming the frame.
 */
final class FrameMessages {
    private FrameMessages() {
    }

    /** The session configuration of a message, with the server's window and memory bound per scene (0: none). */
    static StreamConfig config(ScoringConfig c, int window, long maxBytes) {
        if (c.getMethod().isEmpty()) {
            throw new IllegalArgumentException("the request names no method (config.method)");
        }
        return new StreamConfig(c.getMethod(), c.getCompat(), c.getParametersMap(), window, c.getSeed(), maxBytes);
    }

    static ScoringConfig config(String method, boolean compat, Map<String, String> parameters, long seed) {
        return ScoringConfig.newBuilder().setMethod(method).setCompat(compat).putAllParameters(parameters).setSeed(seed).build();
    }

    /**
     * The frame of a request, its probabilities (from the message, or from the file it names in
     * {@code shared}, null when the server has no shared directory) in an array taken from {@code pool}
     * (null: a new one), which the caller gives back once the session has admitted or refused the frame
     * (the session copies what it keeps).
     */
    static FrameInput input(FrameRequest r, FloatArrayPool pool, SharedFrames shared) {
        String id = r.getId();
        return new FrameInput(id, r.getWidth(), r.getHeight(), floats(id, "depth", r.getDepth(), null),
                r.getIntrinsicsList().stream().mapToDouble(Double::doubleValue).toArray(),
                r.getCameraToWorldList().stream().mapToDouble(Double::doubleValue).toArray(),
                probabilities(r, pool, shared),
                r.getSamples(),
                r.getClasses(),
                r.getSuperpixels().isEmpty() ? null : ints(id, r.getSuperpixels()),
                r.getRgb().isEmpty() ? null : r.getRgb().toByteArray(),
                r.getLabels().isEmpty() ? null : r.getLabels().toByteArray());
    }

    private static float[] probabilities(FrameRequest r, FloatArrayPool pool, SharedFrames shared) {
        String id = r.getId();
        String file = r.getProbabilitiesFile();
        if (file.isEmpty()) {
            return r.getProbabilities().isEmpty() ? null : floats(id, "probabilities", r.getProbabilities(), pool);
        }
        if (shared == null) {
            throw new FrameRejectedException(id, "names probabilities_file " + file
                    + ", but the server was started without --shared-dir");
        }
        if (!r.getProbabilities().isEmpty()) {
            throw new FrameRejectedException(id, "has both probabilities (" + r.getProbabilities().size()
                    + " bytes) and probabilities_file " + file + "; send one");
        }
        if (r.getSamples() < 1 || r.getClasses() < 1 || r.getWidth() < 1 || r.getHeight() < 1) {
            throw new FrameRejectedException(id, "probabilities_file " + file + " needs samples, classes, width and "
                    + "height of at least 1, got " + r.getSamples() + ", " + r.getClasses() + ", " + r.getWidth() + ", "
                    + r.getHeight());
        }
        long expected = (long) r.getSamples() * r.getClasses() * r.getWidth() * r.getHeight();
        return shared.read(id, file, expected, pool);
    }

    /**
     * A frame of a dataset with its probabilities (T, C, P) as a request, or without them (null: the
     * server runs its network on the RGB); labels only when asked for.
     */
    static FrameRequest request(ScoringConfig config, Frame f, FloatTensor probabilities, boolean withLabels) {
        FrameRequest.Builder b = FrameRequest.newBuilder().setConfig(config).setScene(f.sceneId()).setId(f.id())
                .setWidth(f.width()).setHeight(f.height())
                .setDepth(bytes(f.depth()))
                .addIntrinsics(f.intrinsics().fx()).addIntrinsics(f.intrinsics().fy())
                .addIntrinsics(f.intrinsics().cx()).addIntrinsics(f.intrinsics().cy())
                .setRgb(ByteString.copyFrom(f.rgb()));
        if (probabilities != null) {
            b.setProbabilities(ByteString.copyFrom(probabilities.segment().asByteBuffer().order(ByteOrder.LITTLE_ENDIAN)))
                    .setSamples((int) probabilities.dim(0)).setClasses((int) probabilities.dim(1));
        }
        for (double v : f.pose().matrix()) {
            b.addCameraToWorld(v);
        }
        if (f.hasSuperpixels()) {
            ByteBuffer buf = ByteBuffer.allocate(4 * f.pixels()).order(ByteOrder.LITTLE_ENDIAN);
            buf.asIntBuffer().put(f.superpixels());
            b.setSuperpixels(ByteString.copyFrom(buf));
        }
        if (withLabels && f.hasLabels()) {
            b.setLabels(ByteString.copyFrom(f.labels()));
        }
        return b.build();
    }

    static Scored scored(FrameUpdate u) {
        return Scored.newBuilder().setFrame(score(u.frame())).addAllChanged(u.changed()).addAllEvicted(u.evicted()).build();
    }

    static FrameScore score(AcquisitionResult.FrameScore s) {
        FrameScore.Builder b = FrameScore.newBuilder().setId(s.id()).setScore(s.score());
        for (AcquisitionResult.SuperpixelScore p : s.superpixels()) {
            b.addSuperpixels(SuperpixelScore.newBuilder().setId(p.id()).setViewEntropy(p.viewEntropy())
                    .setViewDivergence(p.viewDivergence()).setScore(p.score()));
        }
        return b.build();
    }

    private static ByteString bytes(float[] v) {
        ByteBuffer buf = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(v);
        return ByteString.copyFrom(buf);
    }

    /**
     * The little-endian float32 values of {@code b}, read piece by piece (a message parsed by
     * {@link FrameRequestMarshaller} keeps the transport's pieces, whose boundaries may split a value), into an array from
     * {@code pool} (null: a new one).
     */
    static float[] floats(String id, String what, ByteString b, FloatArrayPool pool) {
        if (b.size() % 4 != 0) {
            throw new FrameRejectedException(id, what + " has " + b.size() + " bytes, not a whole number of float32 values");
        }
        int n = b.size() / 4;
        float[] v = pool == null ? new float[n] : pool.take(n);
        MemorySegment to = MemorySegment.ofArray(v);
        long at = 0;
        for (ByteBuffer part : b.asReadOnlyByteBufferList()) {
            long len = part.remaining();
            MemorySegment.copy(MemorySegment.ofBuffer(part), 0, to, at, len);
            at += len;
        }
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            for (int i = 0; i < n; i++) {
                v[i] = Float.intBitsToFloat(Integer.reverseBytes(Float.floatToRawIntBits(v[i])));
            }
        }
        return v;
    }

    private static int[] ints(String id, ByteString b) {
        if (b.size() % 4 != 0) {
            throw new FrameRejectedException(id, "superpixels have " + b.size() + " bytes, not a whole number of int32 values");
        }
        int[] v = new int[b.size() / 4];
        b.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(v);
        return v;
    }
}
