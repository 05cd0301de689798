package org.activeseg.stream;

import static org.activeseg.stream.StreamFixture.BACKEND;
import static org.activeseg.stream.StreamFixture.assertSameResult;
import static org.activeseg.stream.StreamFixture.assertSameScores;
import static org.activeseg.stream.StreamFixture.batch;
import static org.activeseg.stream.StreamFixture.input;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.activeseg.acquisition.AcquisitionResult;
import org.activeseg.acquisition.AcquisitionResult.FrameScore;
import org.activeseg.acquisition.Budget;
import org.activeseg.data.Frame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The streaming contract on synthetic rooms (the generator's ray-cast depth and poses, two scenes of
 * seven 32x24 frames, block superpixels, 5 classes, 3 MC samples): frames of both scenes arrive
 * interleaved in a shuffled order into a window of 4 per scene, and after every add each held frame's
 * scores (and superpixel scores) equal batch scoring of exactly the frames the scene holds, within
 * 1e-6; every frame whose score moved is reported as changed; selections over one scene and over both
 * equal the batch method's, for every method `activeseg score` has.
 */
class StreamEquivalenceTest {
    static final int CLASSES = 5;
    static final int SAMPLES = 3;
    static final int WINDOW = 4;

    static List<Frame> frames;
    static Map<String, float[]> probabilities;
    @TempDir
    static Path tmp;
    static Path losses;

    @BeforeAll
    static void render() throws IOException {
        frames = StreamFixture.synthetic(2, 7, 32, 24, 5);
        probabilities = StreamFixture.probabilities(frames, CLASSES, SAMPLES, 17);
        losses = tmp.resolve("losses.txt");
        StringBuilder sb = new StringBuilder();
        Random rnd = new Random(3);
        for (Frame f : frames) {
            sb.append(f.id()).append(' ').append(rnd.nextDouble()).append('\n');
        }
        Files.writeString(losses, sb.toString(), StandardCharsets.UTF_8);
    }

    static Stream<Arguments> methods() {
        return Stream.of(
                Arguments.of("viewal", false, Map.of()),
                Arguments.of("viewal", true, Map.of()),
                Arguments.of("viewal", false, Map.of("overlap_threshold", "0.1", "world_distance_threshold", "0.3")),
                Arguments.of("entropy", false, Map.of()),
                Arguments.of("entropy", true, Map.of("reduction", "max")),
                Arguments.of("least-confidence", false, Map.of()),
                Arguments.of("margin", false, Map.of()),
                Arguments.of("mc-entropy", false, Map.of()),
                Arguments.of("vote-entropy", false, Map.of()),
                Arguments.of("bald", false, Map.of()),
                Arguments.of("ripu-ra", false, Map.of()),
                Arguments.of("ripu-pa", true, Map.of()),
                Arguments.of("coreset", false, Map.of()),
                Arguments.of("random", false, Map.of()),
                Arguments.of("learning-loss", false, Map.of("predicted_losses", "LOSSES")));
    }

    @ParameterizedTest(name = "{0} compat={1} {2}")
    @MethodSource("methods")
    void everyAddMatchesBatchOverTheHeldFrames(String method, boolean compat, Map<String, String> params) throws IOException {
        Map<String, String> p = new HashMap<>(params);
        p.replaceAll((k, v) -> v.equals("LOSSES") ? losses.toString() : v);
        StreamConfig config = new StreamConfig(method, compat, p, WINDOW, 11);
        List<Frame> order = new ArrayList<>(frames);
        Collections.shuffle(order, new Random(method.hashCode() + (compat ? 1 : 0)));
        Map<String, Frame> byId = frames.stream().collect(Collectors.toMap(Frame::id, f -> f));
        try (StreamScorer scorer = new StreamScorer(config, BACKEND)) {
            Map<String, FrameScore> previous = new HashMap<>();
            for (Frame f : order) {
                FrameUpdate u = scorer.add(f.sceneId(), input(f, probabilities.get(f.id()), SAMPLES, CLASSES));
                SceneSession scene = scorer.find(f.sceneId()).orElseThrow();
                List<Frame> held = scene.frameIds().stream().map(byId::get).toList();
                assertTrue(held.size() <= WINDOW && held.contains(f), "held " + scene.frameIds());
                for (String gone : u.evicted()) {
                    assertFalse(scene.frameIds().contains(gone), gone + " evicted but held");
                }
                String context = method + " after adding " + f.id() + " (held " + scene.frameIds() + ")";
                AcquisitionResult expected = batch(config, held, probabilities, SAMPLES, CLASSES, Budget.pixels(1));
                List<FrameScore> actual = scene.scores();
                assertSameScores(expected.frames(), actual, context);
                assertSameScores(List.of(actual.get(scene.frameIds().indexOf(f.id()))), List.of(u.frame()), context + ", update");
                Set<String> changed = Set.copyOf(u.changed());
                for (FrameScore s : actual) {
                    FrameScore before = previous.put(s.id(), s);
                    if (before != null && !before.equals(s)) {
                        assertTrue(changed.contains(s.id()), context + ": score of " + s.id() + " moved but not reported");
                    }
                }
                assertTrue(scene.frameIds().containsAll(changed), context + ": changed " + changed + " not all held");
                u.evicted().forEach(previous::remove);
            }
            List<Frame> all = new ArrayList<>();
            for (String sceneId : scorer.sceneIds()) {
                scorer.find(sceneId).orElseThrow().frameIds().forEach(id -> all.add(byId.get(id)));
            }
            for (Budget budget : List.of(Budget.pixels(1500), Budget.fraction(0.2))) {
                String context = method + " selection with " + budget;
                assertSameResult(batch(config, all, probabilities, SAMPLES, CLASSES, budget), scorer.select(budget).result(),
                        context + " over both scenes");
                String first = scorer.sceneIds().getFirst();
                List<Frame> one = all.stream().filter(f -> f.sceneId().equals(first)).toList();
                assertSameResult(batch(config, one, probabilities, SAMPLES, CLASSES, budget),
                        scorer.select(budget, List.of(first)).result(), context + " over " + first);
            }
            assertFalse(scorer.select(Budget.pixels(1500)).result().selection().isEmpty(), method + " selected nothing");
        }
    }

    /**
     * ViewAL answers an add before the new frame's points are projected into the held frames; that
     * deferred work is done in the background without another call (and the scores then equal batch's),
     * or by whichever call comes first (the equivalence test above asks at once).
     */
    @Test
    void deferredWorkIsDoneInTheBackgroundAfterTheAnswer() throws Exception {
        StreamConfig config = StreamConfig.of("viewal").withWindow(WINDOW);
        List<Frame> scene = frames.stream().filter(f -> f.sceneId().equals(frames.getFirst().sceneId())).toList();
        Map<String, Frame> byId = frames.stream().collect(Collectors.toMap(Frame::id, f -> f));
        int deferredSeen = 0;
        try (StreamScorer scorer = new StreamScorer(config, BACKEND)) {
            for (Frame f : scene) {
                scorer.add(f.sceneId(), input(f, probabilities.get(f.id()), SAMPLES, CLASSES));
                SceneSession session = scorer.find(f.sceneId()).orElseThrow();
                long deadline = System.nanoTime() + 20_000_000_000L;
                boolean pending = true;
                while (pending) {
                    session.lock().lock();
                    try {
                        pending = session.sceneScores().hasDeferredWork();
                    } finally {
                        session.lock().unlock();
                    }
                    if (pending) {
                        deferredSeen++;
                        assertTrue(System.nanoTime() < deadline, "the deferred work of " + f.id() + " was not done in 20 s");
                        Thread.sleep(1);
                    }
                }
                List<Frame> held = session.frameIds().stream().map(byId::get).toList();
                assertSameScores(batch(config, held, probabilities, SAMPLES, CLASSES, Budget.pixels(1)).frames(),
                        session.scores(), "after adding " + f.id() + " and waiting");
            }
        }
        System.out.println("deferred work still pending at " + deferredSeen + " polls after an add returned");
    }

    /**
     * A caller may reuse a frame's arrays once add returned: ViewAL reads the probabilities in place
     * during the add (no copy), methods that keep them keep a copy; either way, scores and selection
     * after the caller wrote garbage over its arrays are batch's over the original values.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"viewal", "entropy", "ripu-ra"})
    void inputArraysMayBeReusedOnceAddReturns(String method) throws IOException {
        StreamConfig config = StreamConfig.of(method).withWindow(WINDOW);
        List<Frame> scene = frames.stream().filter(f -> f.sceneId().equals(frames.getFirst().sceneId())).toList();
        Map<String, Frame> byId = frames.stream().collect(Collectors.toMap(Frame::id, f -> f));
        // averaged maps (T = 1): the form ViewAL reads in place
        Map<String, float[]> averaged = StreamFixture.probabilities(scene, CLASSES, 1, 23);
        try (StreamScorer scorer = new StreamScorer(config, BACKEND)) {
            for (Frame f : scene) {
                float[] lent = averaged.get(f.id()).clone();
                scorer.add(f.sceneId(), input(f, lent, 1, CLASSES));
                Arrays.fill(lent, Float.NaN);
            }
            SceneSession session = scorer.find(scene.getFirst().sceneId()).orElseThrow();
            List<Frame> held = session.frameIds().stream().map(byId::get).toList();
            assertSameScores(batch(config, held, averaged, 1, CLASSES, Budget.pixels(1)).frames(), session.scores(),
                    method + " after the inputs were overwritten");
            assertSameResult(batch(config, held, averaged, 1, CLASSES, Budget.pixels(900)),
                    scorer.select(Budget.pixels(900)).result(), method + " selection after the inputs were overwritten");
        }
    }

    @Test
    void evictedFramesLeaveNoTrace() {
        StreamConfig config = StreamConfig.of("viewal").withWindow(3);
        List<Frame> scene = frames.stream().filter(f -> f.sceneId().equals(frames.getFirst().sceneId())).toList();
        try (StreamScorer longRun = new StreamScorer(config, BACKEND);
             StreamScorer fresh = new StreamScorer(config, BACKEND)) {
            for (Frame f : scene) {
                longRun.add(f.sceneId(), input(f, probabilities.get(f.id()), SAMPLES, CLASSES));
            }
            SceneSession kept = longRun.find(scene.getFirst().sceneId()).orElseThrow();
            assertEquals(3, kept.frameIds().size());
            List<String> ids = new ArrayList<>(kept.frameIds());
            Collections.reverse(ids);
            for (String id : ids) {
                Frame f = scene.stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
                fresh.add(f.sceneId(), input(f, probabilities.get(id), SAMPLES, CLASSES));
            }
            assertSameScores(fresh.find(scene.getFirst().sceneId()).orElseThrow().scores(), kept.scores(), "window of 3");
            assertSameResult(fresh.select(Budget.pixels(800)).result(), longRun.select(Budget.pixels(800)).result(), "window of 3");
        }
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"viewal", "bald"})
    void aMemoryBoundEvictsTheOldestAndScoresStayBatchs(String method) throws IOException {
        List<Frame> scene = frames.stream().filter(f -> f.sceneId().equals(frames.getFirst().sceneId())).toList();
        Map<String, Frame> byId = frames.stream().collect(Collectors.toMap(Frame::id, f -> f));
        long one;
        try (StreamScorer probe = new StreamScorer(StreamConfig.of(method), BACKEND)) {
            probe.add(scene.getFirst().sceneId(), input(scene.getFirst(), probabilities.get(scene.getFirst().id()), SAMPLES, CLASSES));
            one = probe.find(scene.getFirst().sceneId()).orElseThrow().memoryBytes();
        }
        assertTrue(one > 0, "a held frame takes memory");
        long bound = 3 * one;
        StreamConfig config = StreamConfig.of(method).withWindow(100).withMaxBytes(bound);
        try (StreamScorer scorer = new StreamScorer(config, BACKEND)) {
            List<String> evicted = new ArrayList<>();
            for (Frame f : scene) {
                FrameUpdate u = scorer.add(f.sceneId(), input(f, probabilities.get(f.id()), SAMPLES, CLASSES));
                evicted.addAll(u.evicted());
                SceneSession s = scorer.find(f.sceneId()).orElseThrow();
                assertTrue(s.memoryBytes() <= bound || s.frameIds().size() == 1,
                        method + " after " + f.id() + ": " + s.memoryBytes() + " bytes held, bound " + bound);
                assertTrue(s.frameIds().contains(f.id()), "the newest frame stays");
            }
            SceneSession s = scorer.find(scene.getFirst().sceneId()).orElseThrow();
            List<Frame> held = s.frameIds().stream().map(byId::get).toList();
            assertTrue(held.size() >= 2 && held.size() < scene.size(), method + ": held " + s.frameIds());
            assertEquals(scene.size() - held.size(), evicted.size(), "evicted " + evicted);
            assertEquals(scene.subList(0, evicted.size()).stream().map(Frame::id).toList(), evicted, "oldest first");
            assertSameScores(batch(config, held, probabilities, SAMPLES, CLASSES, Budget.pixels(1)).frames(), s.scores(),
                    method + " under a memory bound");
        }
    }
}
