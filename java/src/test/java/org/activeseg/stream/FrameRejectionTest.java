package org.activeseg.stream;

import static org.activeseg.stream.StreamFixture.BACKEND;
import static org.activeseg.stream.StreamFixture.assertSameScores;
import static org.activeseg.stream.StreamFixture.batch;
import static org.activeseg.stream.StreamFixture.input;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.activeseg.acquisition.Budget;
import org.activeseg.data.Frame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad frames are refused one by one, with an error naming the frame and the value, and the session
 * goes on: after every refusal the next good frame is accepted and the scores still equal batch
 * scoring of the good frames.
 */
class FrameRejectionTest {
    static final int CLASSES = 4;
    static List<Frame> frames;
    static Map<String, float[]> probabilities;

    @BeforeAll
    static void render() {
        frames = StreamFixture.synthetic(1, 4, 24, 16, 9);
        probabilities = StreamFixture.probabilities(frames, CLASSES, 1, 4);
    }

    static FrameInput good(int i) {
        Frame f = frames.get(i);
        return input(f, probabilities.get(f.id()), 1, CLASSES);
    }

    static FrameInput withDepth(FrameInput in, int pixel, float value) {
        float[] d = in.depth().clone();
        d[pixel] = value;
        return new FrameInput(in.id(), in.width(), in.height(), d, in.intrinsics(), in.cameraToWorld(), in.probabilities(),
                in.samples(), in.classes(), in.superpixels(), in.rgb(), in.labels());
    }

    static FrameInput withPose(FrameInput in, int element, double value) {
        double[] m = in.cameraToWorld().clone();
        m[element] = value;
        return new FrameInput(in.id(), in.width(), in.height(), in.depth(), in.intrinsics(), m, in.probabilities(),
                in.samples(), in.classes(), in.superpixels(), in.rgb(), in.labels());
    }

    static FrameInput withProbability(FrameInput in, int index, float value) {
        float[] p = in.probabilities().clone();
        p[index] = value;
        return new FrameInput(in.id(), in.width(), in.height(), in.depth(), in.intrinsics(), in.cameraToWorld(), p,
                in.samples(), in.classes(), in.superpixels(), in.rgb(), in.labels());
    }

    static Stream<Arguments> badFrames() {
        int p = 24 * 16;
        return Stream.of(
                Arguments.of("NaN depth", (UnaryOperator<FrameInput>) in -> withDepth(in, 30, Float.NaN), "depth NaN at pixel (x=6, y=1)"),
                Arguments.of("negative depth", (UnaryOperator<FrameInput>) in -> withDepth(in, 5, -2f), "depth -2.0"),
                Arguments.of("NaN pose", (UnaryOperator<FrameInput>) in -> withPose(in, 3, Double.NaN), "pose element (0,3) is NaN"),
                Arguments.of("non-rigid pose", (UnaryOperator<FrameInput>) in -> withPose(in, 0, 1.7), "not rigid"),
                Arguments.of("negative probability", (UnaryOperator<FrameInput>) in -> withProbability(in, p + 7, -0.25f),
                        "probability -0.25 at pixel (x=7, y=0), class 1"),
                Arguments.of("probabilities not summing to 1", (UnaryOperator<FrameInput>) in -> withProbability(in, 50, 3f),
                        "sum to"),
                Arguments.of("bad intrinsics", (UnaryOperator<FrameInput>) in -> new FrameInput(in.id(), in.width(), in.height(),
                        in.depth(), new double[] {-1, 10, 5, 5}, in.cameraToWorld(), in.probabilities(), 1, CLASSES,
                        in.superpixels(), null, null), "fx=-1.0"),
                Arguments.of("no superpixels for viewal", (UnaryOperator<FrameInput>) in -> new FrameInput(in.id(), in.width(),
                        in.height(), in.depth(), in.intrinsics(), in.cameraToWorld(), in.probabilities(), 1, CLASSES, null, null,
                        null), "superpixels"),
                Arguments.of("size mismatch", (UnaryOperator<FrameInput>) in -> new FrameInput(in.id(), 12, 16,
                        new float[12 * 16], in.intrinsics(), in.cameraToWorld(), new float[CLASSES * 12 * 16], 1, CLASSES,
                        new int[12 * 16], null, null), "size 12x16 does not match the scene's 24x16"),
                Arguments.of("class count mismatch", (UnaryOperator<FrameInput>) in -> new FrameInput(in.id(), in.width(),
                        in.height(), in.depth(), in.intrinsics(), in.cameraToWorld(), uniform(3, in.width() * in.height()), 1, 3,
                        in.superpixels(), null, null), "3 classes, the scene's frames have 4"),
                Arguments.of("probability count", (UnaryOperator<FrameInput>) in -> new FrameInput(in.id(), in.width(),
                        in.height(), in.depth(), in.intrinsics(), in.cameraToWorld(), new float[10], 1, CLASSES,
                        in.superpixels(), null, null), "probabilities have 10 values"));
    }

    static float[] uniform(int classes, int pixels) {
        float[] v = new float[classes * pixels];
        java.util.Arrays.fill(v, 1f / classes);
        return v;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFrames")
    void badFrameIsRefusedByNameAndTheSessionGoesOn(String what, UnaryOperator<FrameInput> spoil, String expected)
            throws IOException {
        StreamConfig config = StreamConfig.of("viewal").withWindow(3);
        try (StreamScorer scorer = new StreamScorer(config, BACKEND)) {
            String scene = frames.getFirst().sceneId();
            scorer.add(scene, good(0));
            scorer.add(scene, good(1));
            FrameInput bad = spoil.apply(good(2));
            FrameRejectedException e = assertThrows(FrameRejectedException.class, () -> scorer.add(scene, bad), what);
            assertEquals(bad.id(), e.frameId());
            assertTrue(e.getMessage().startsWith("frame " + bad.id() + ": "), e.getMessage());
            assertTrue(e.getMessage().contains(expected), what + ": '" + e.getMessage() + "' lacks '" + expected + "'");
            SceneSession s = scorer.find(scene).orElseThrow();
            assertEquals(List.of(frames.get(0).id(), frames.get(1).id()), s.frameIds(), "the refused frame left a trace");
            scorer.add(scene, good(2));
            scorer.add(scene, good(3));
            List<Frame> held = frames.subList(1, 4);
            assertSameScores(batch(config, held, probabilities, 1, CLASSES, Budget.pixels(1)).frames(), s.scores(), what);
        }
    }

    @Test
    void duplicateIdIsRefusedAndTheFirstCopyStays() throws IOException {
        StreamConfig config = StreamConfig.of("entropy");
        try (StreamScorer scorer = new StreamScorer(config, BACKEND)) {
            String scene = frames.getFirst().sceneId();
            scorer.add(scene, good(0));
            FrameInput copy = withProbability(good(0), 0, 0.5f);
            FrameRejectedException e = assertThrows(FrameRejectedException.class, () -> scorer.add(scene, copy));
            assertTrue(e.getMessage().contains("duplicate frame id"), e.getMessage());
            assertTrue(e.getMessage().contains(frames.getFirst().id()), e.getMessage());
            assertSameScores(batch(config, frames.subList(0, 1), probabilities, 1, CLASSES, Budget.pixels(1)).frames(),
                    scorer.find(scene).orElseThrow().scores(), "after the duplicate");
        }
    }

    @Test
    void unknownSceneInSelectionIsNamed() {
        try (StreamScorer scorer = new StreamScorer(StreamConfig.of("entropy"), BACKEND)) {
            scorer.add("a", good(0));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> scorer.select(Budget.pixels(10), List.of("nowhere")));
            assertTrue(e.getMessage().contains("nowhere"), e.getMessage());
        }
    }
}
