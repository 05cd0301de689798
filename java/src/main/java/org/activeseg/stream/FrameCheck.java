package org.activeseg.stream;

import java.lang.foreign.MemorySegment;
import org.activeseg.acquisition.NpyProbabilities;
import org.activeseg.acquisition.ProbabilityCheck;
import org.activeseg.data.Frame;
import org.activeseg.geometry.Intrinsics;
import org.activeseg.geometry.Pose;
import org.activeseg.tensor.FloatTensor;

/**
 * The session's check of an incoming frame, once, at the public API (DESIGN.md "Data model"): sizes
 * against the scene's first frame, finite non-negative depth, finite intrinsics with positive focal
 * lengths, a rigid pose, probabilities finite, non-negative and summing to 1 per pixel and sample
 * (tolerance {@link NpyProbabilities#TOLERANCE_F32}). A violation is a {@link FrameRejectedException}
 * naming the frame, the pixel and the value.
 */
final class FrameCheck {
    private FrameCheck() {
    }

    /** The shape every frame of a scene shares, fixed by its first frame. */
    record SceneShape(int width, int height, int classes) {}

    /**
     * Checks {@code in} against {@code shape} (null: the first frame sets it) and returns it as a held
     * frame. A frame without probabilities gets the network's (which needs its RGB) when {@code network}
     * is not null. With {@code borrow}, the held frame's probabilities are the input's own array, not a
     * copy (for a method that reads them only during the add, as ViewAL: 12 MB less to allocate, clear
     * and copy per 320x240 frame with 40 classes).
     */
    static HeldFrame admit(FrameInput in, String sceneId, SceneShape shape, StreamNetwork network, boolean borrow) {
        String id = in.id();
        if (id == null || id.isBlank()) {
            throw new FrameRejectedException(String.valueOf(id), "a frame needs a non-empty id");
        }
        if (in.width() <= 0 || in.height() <= 0) {
            throw new FrameRejectedException(id, "size must be positive, got " + in.width() + "x" + in.height());
        }
        if (shape != null && (in.width() != shape.width() || in.height() != shape.height())) {
            throw new FrameRejectedException(id, "size " + in.width() + "x" + in.height() + " does not match the scene's "
                    + shape.width() + "x" + shape.height());
        }
        int p = Math.multiplyExact(in.width(), in.height());
        float[] depth = in.depth();
        length(id, "depth", depth == null ? -1 : depth.length, p, in);
        for (int i = 0; i < p; i++) {
            float d = depth[i];
            if (!(d >= 0) || Float.isInfinite(d)) {
                throw new FrameRejectedException(id, "depth " + d + " at pixel (x=" + i % in.width() + ", y=" + i / in.width()
                        + ") (must be finite and >= 0 metres)");
            }
        }
        Intrinsics k = intrinsics(id, in.intrinsics());
        Pose pose;
        try {
            pose = Pose.cameraToWorld(in.cameraToWorld() == null ? new double[0] : in.cameraToWorld(), "frame " + id);
        } catch (IllegalArgumentException e) {
            throw new FrameRejectedException(id, e.getMessage().substring(("frame " + id + ": ").length()), e);
        }
        if (in.superpixels() != null) {
            length(id, "superpixels", in.superpixels().length, p, in);
        }
        if (in.labels() != null) {
            length(id, "labels", in.labels().length, p, in);
        }
        if (in.rgb() != null) {
            length(id, "rgb", in.rgb().length, 3 * p, in);
        }
        if (in.probabilities() == null && network == null) {
            throw new FrameRejectedException(id, "the frame carries no probabilities and the session runs no network "
                    + "(send probabilities, or open the session with a checkpoint: serve --checkpoint)");
        }
        boolean infer = network != null && in.probabilities() == null;
        if (infer && in.rgb() == null) {
            throw new FrameRejectedException(id, "the frame has neither probabilities nor RGB for the session's network ("
                    + network.checkpoint() + ")");
        }
        byte[] rgb = in.rgb() == null ? new byte[3 * p] : in.rgb().clone();
        Frame frame = new Frame(id, sceneId, in.width(), in.height(), rgb, depth.clone(), k, pose,
                in.labels() == null ? null : in.labels().clone(), in.superpixels() == null ? null : in.superpixels().clone());
        FloatTensor probs = infer
                ? probabilities(id, network.probabilities(frame), network.samples(), network.classes(), in.width(),
                        in.height(), shape, "the network's ", borrow)
                : probabilities(id, in.probabilities(), in.samples(), in.classes(), in.width(), in.height(), shape, "",
                        borrow);
        return new HeldFrame(frame, probs);
    }

    private static Intrinsics intrinsics(String id, double[] k) {
        if (k == null || k.length != 4) {
            throw new FrameRejectedException(id, "intrinsics need 4 numbers (fx, fy, cx, cy), got "
                    + (k == null ? "none" : String.valueOf(k.length)));
        }
        try {
            return new Intrinsics(k[0], k[1], k[2], k[3]);
        } catch (IllegalArgumentException e) {
            throw new FrameRejectedException(id, e.getMessage(), e);
        }
    }

    private static FloatTensor probabilities(String id, float[] v, int t, int c, int width, int height, SceneShape shape,
                                             String whose, boolean borrow) {
        int p = width * height;
        if (t < 1 || c < 2) {
            throw new FrameRejectedException(id, whose + "probabilities need T >= 1 samples and C >= 2 classes, got T=" + t
                    + ", C=" + c);
        }
        if (shape != null && c != shape.classes()) {
            throw new FrameRejectedException(id, whose + "probabilities have " + c + " classes, the scene's frames have "
                    + shape.classes());
        }
        long want = (long) t * c * p;
        if (v == null || v.length != want) {
            throw new FrameRejectedException(id, whose + "probabilities have " + (v == null ? "no" : String.valueOf(v.length))
                    + " values, expected T*C*H*W = " + t + "*" + c + "*" + height + "*" + width + " = " + want);
        }
        FloatTensor tensor = borrow ? FloatTensor.wrap(MemorySegment.ofArray(v), t, c, p) : FloatTensor.of(v, t, c, p);
        String violation = ProbabilityCheck.firstViolation(tensor, width, NpyProbabilities.TOLERANCE_F32);
        if (violation != null) {
            tensor.close();
            throw new FrameRejectedException(id, violation);
        }
        return tensor;
    }

    private static void length(String id, String what, int got, int want, FrameInput in) {
        if (got != want) {
            throw new FrameRejectedException(id, what + " has " + (got < 0 ? "no" : String.valueOf(got))
                    + " values, expected " + want + " for " + in.width() + "x" + in.height());
        }
    }
}
