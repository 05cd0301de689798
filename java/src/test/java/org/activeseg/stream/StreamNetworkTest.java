package org.activeseg.stream;

import static org.activeseg.stream.StreamFixture.BACKEND;
import static org.activeseg.stream.StreamFixture.assertSameResult;
import static org.activeseg.stream.StreamFixture.assertSameScores;
import static org.activeseg.stream.StreamFixture.input;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.activeseg.acquisition.Budget;
import org.activeseg.data.Frame;
import org.activeseg.model.Parameter;
import org.activeseg.model.augment.ImageNormalization;
import org.activeseg.model.net.NetworkConfig;
import org.activeseg.model.net.SegmentationInference;
import org.activeseg.model.net.SegmentationNetwork;
import org.activeseg.model.train.Checkpoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A session opened with a checkpoint runs the network on frames that arrive with RGB only: the
 * samples are the checkpoint's network's MC-dropout samples of that frame alone (restored weights,
 * per-frame dropout seed), and the scores and selections equal those of a session that was sent
 * those samples as probabilities. A frame with neither probabilities nor RGB is refused naming it;
 * a checkpoint that is not a network is an error naming the file.
 */
class StreamNetworkTest {
    private static final int CLASSES = 5;
    private static final int SAMPLES = 3;

    @TempDir
    static Path tmp;
    static Path checkpoint;
    static NetworkConfig config;
    static List<Frame> frames;

    @BeforeAll
    static void writeCheckpoint() throws IOException {
        config = NetworkConfig.small(CLASSES, 3);
        SegmentationNetwork net = new SegmentationNetwork(config);
        // weights and running statistics unlike a fresh network's, so that restoring them matters
        for (Parameter p : net.parameters()) {
            float[] v = p.value();
            for (int i = 0; i < v.length; i++) {
                v[i] += 0.01f * (float) Math.sin(17.0 * i + v.length);
            }
        }
        for (Parameter p : net.buffers()) {
            float[] v = p.value();
            for (int i = 0; i < v.length; i++) {
                v[i] = p.name().contains("var") ? 1.5f + 0.1f * (i % 3) : 0.05f * (i % 5);
            }
        }
        checkpoint = tmp.resolve("net.ckpt");
        Checkpoint.write(checkpoint, config.encode(), 0, 0, net.parameters(), net.buffers(), (org.activeseg.model.train.Optimizer) null);
        frames = StreamFixture.synthetic(1, 5, 32, 24, 5);
    }

    private static FrameInput rgbOnly(Frame f) {
        double[] k = {f.intrinsics().fx(), f.intrinsics().fy(), f.intrinsics().cx(), f.intrinsics().cy()};
        return new FrameInput(f.id(), f.width(), f.height(), f.depth(), k, f.pose().matrix(), null, 0, 0, f.superpixels(),
                f.rgb(), f.labels());
    }

    @Test
    void samplesAreTheCheckpointNetworksMcDropoutSamplesOfTheFrame() throws IOException {
        StreamNetwork network = StreamNetwork.open(checkpoint, SAMPLES, 11);
        assertEquals(CLASSES, network.classes());
        SegmentationNetwork restored = new SegmentationNetwork(config);
        List<Parameter> all = new ArrayList<>(restored.parameters());
        all.addAll(restored.buffers());
        Checkpoint.read(checkpoint).restore(all);
        SegmentationInference inference = new SegmentationInference(restored, ImageNormalization.IMAGENET, 1);
        for (Frame f : frames) {
            float[] got = network.probabilities(f);
            int plane = CLASSES * f.pixels();
            assertEquals(SAMPLES * plane, got.length);
            try (SegmentationInference.Sampler s = inference.sampler(f, SAMPLES, network.frameSeed(f.id()))) {
                for (int t = 0; t < SAMPLES; t++) {
                    assertArrayEquals(s.next(), Arrays.copyOfRange(got, t * plane, (t + 1) * plane), f.id() + " sample " + t);
                }
            }
            assertFalse(Arrays.equals(Arrays.copyOfRange(got, 0, plane), Arrays.copyOfRange(got, plane, 2 * plane)),
                    "MC dropout gives different samples");
            assertArrayEquals(got, network.probabilities(f), "a frame's samples do not depend on what came before");
        }
        SegmentationNetwork fresh = new SegmentationNetwork(config);
        float[] freshSample;
        try (SegmentationInference.Sampler s = new SegmentationInference(fresh, ImageNormalization.IMAGENET, 1)
                .sampler(frames.getFirst(), SAMPLES, network.frameSeed(frames.getFirst().id()))) {
            freshSample = s.next();
        }
        assertFalse(Arrays.equals(freshSample, Arrays.copyOfRange(network.probabilities(frames.getFirst()), 0,
                CLASSES * frames.getFirst().pixels())), "the checkpoint's weights are used, not a fresh network's");
    }

    @ParameterizedTest
    @ValueSource(strings = {"viewal", "bald", "entropy"})
    void rgbOnlyFramesScoreAsTheNetworksProbabilitiesWould(String method) throws IOException {
        StreamNetwork network = StreamNetwork.open(checkpoint, SAMPLES, 11);
        StreamConfig config = StreamConfig.of(method).withWindow(4);
        try (StreamScorer withNetwork = new StreamScorer(config, BACKEND, network);
             StreamScorer given = new StreamScorer(config, BACKEND)) {
            for (Frame f : frames) {
                FrameUpdate a = withNetwork.add(f.sceneId(), rgbOnly(f));
                FrameUpdate b = given.add(f.sceneId(), input(f, network.probabilities(f), SAMPLES, CLASSES));
                assertSameScores(List.of(b.frame()), List.of(a.frame()), method + " " + f.id());
                assertEquals(b.evicted(), a.evicted());
            }
            String scene = frames.getFirst().sceneId();
            assertSameScores(given.find(scene).orElseThrow().scores(), withNetwork.find(scene).orElseThrow().scores(), method);
            assertSameResult(given.select(Budget.pixels(300)).result(), withNetwork.select(Budget.pixels(300)).result(), method);
        }
    }

    @Test
    void aFrameWithNeitherProbabilitiesNorRgbIsRefusedAndTheSessionGoesOn() throws IOException {
        StreamNetwork network = StreamNetwork.open(checkpoint, SAMPLES, 11);
        try (StreamScorer scorer = new StreamScorer(StreamConfig.of("entropy"), BACKEND, network)) {
            Frame first = frames.getFirst();
            scorer.add(first.sceneId(), rgbOnly(first));
            Frame second = frames.get(1);
            FrameInput bare = rgbOnly(second);
            FrameInput noRgb = new FrameInput(bare.id(), bare.width(), bare.height(), bare.depth(), bare.intrinsics(),
                    bare.cameraToWorld(), null, 0, 0, bare.superpixels(), null, null);
            FrameRejectedException e = assertThrows(FrameRejectedException.class, () -> scorer.add(second.sceneId(), noRgb));
            assertTrue(e.getMessage().contains(second.id()) && e.getMessage().contains("neither probabilities nor RGB"),
                    e.getMessage());
            assertEquals(List.of(first.id()), scorer.find(first.sceneId()).orElseThrow().frameIds());
            scorer.add(second.sceneId(), bare);
            assertEquals(2, scorer.find(first.sceneId()).orElseThrow().frameIds().size());
        }
    }

    @Test
    void aCheckpointThatIsNotANetworkIsAnErrorNamingTheFile() throws IOException {
        Path missing = tmp.resolve("missing.ckpt");
        IOException gone = assertThrows(IOException.class, () -> StreamNetwork.open(missing, 2, 0));
        assertTrue(gone.getMessage().contains("missing.ckpt"), gone.getMessage());
        Path corrupt = tmp.resolve("corrupt.ckpt");
        byte[] bytes = Files.readAllBytes(checkpoint);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(corrupt, bytes);
        Exception bad = assertThrows(Exception.class, () -> StreamNetwork.open(corrupt, 2, 0));
        assertTrue(bad.getMessage().contains("corrupt.ckpt"), bad.getMessage());
        Path other = tmp.resolve("other.ckpt");
        Checkpoint.write(other, java.util.Map.of(Checkpoint.CONFIG, "not a network"), List.of());
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> StreamNetwork.open(other, 2, 0));
        assertTrue(wrong.getMessage().contains("other.ckpt"), wrong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StreamNetwork.open(checkpoint, 0, 0));
    }
}
