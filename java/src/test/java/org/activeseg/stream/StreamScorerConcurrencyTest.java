package org.activeseg.stream;

import static org.activeseg.stream.StreamFixture.BACKEND;
import static org.activeseg.stream.StreamFixture.assertSameResult;
import static org.activeseg.stream.StreamFixture.assertSameScores;
import static org.activeseg.stream.StreamFixture.input;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.activeseg.acquisition.Budget;
import org.activeseg.data.Frame;
import org.junit.jupiter.api.Test;

/**
 * Scenes fed from concurrent threads (one producer per scene, plus selections running meanwhile) end
 * exactly where a single-threaded scorer fed the same frames ends.
 */
class StreamScorerConcurrencyTest {

    @Test
    void concurrentScenesEqualSequentialOnes() throws Exception {
        List<Frame> frames = StreamFixture.synthetic(3, 5, 24, 16, 21);
        Map<String, float[]> probs = StreamFixture.probabilities(frames, 4, 2, 8);
        StreamConfig config = StreamConfig.of("viewal").withWindow(4);
        try (StreamScorer sequential = new StreamScorer(config, BACKEND);
             StreamScorer concurrent = new StreamScorer(config, BACKEND);
             ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (Frame f : frames) {
                sequential.add(f.sceneId(), input(f, probs.get(f.id()), 2, 4));
            }
            List<Future<?>> jobs = new ArrayList<>();
            for (String scene : frames.stream().map(Frame::sceneId).distinct().toList()) {
                jobs.add(pool.submit(() -> {
                    for (Frame f : frames) {
                        if (f.sceneId().equals(scene)) {
                            concurrent.add(scene, input(f, probs.get(f.id()), 2, 4));
                        }
                    }
                }));
            }
            jobs.add(pool.submit(() -> {
                for (int i = 0; i < 5; i++) {
                    if (!concurrent.sceneIds().isEmpty()) {
                        try {
                            concurrent.select(Budget.pixels(1));
                        } catch (IllegalStateException empty) {
                            // a scene opened but holding no frame yet
                        }
                    }
                }
            }));
            for (Future<?> j : jobs) {
                j.get();
            }
            assertEquals(sequential.sceneIds(), concurrent.sceneIds());
            for (String scene : sequential.sceneIds()) {
                assertEquals(sequential.find(scene).orElseThrow().frameIds(), concurrent.find(scene).orElseThrow().frameIds());
                assertSameScores(sequential.find(scene).orElseThrow().scores(), concurrent.find(scene).orElseThrow().scores(), scene);
            }
            assertSameResult(sequential.select(Budget.pixels(1000)).result(), concurrent.select(Budget.pixels(1000)).result(),
                    "three scenes");
        }
    }

    @Test
    void idleScenesAreClosedAndTheRestStay() throws Exception {
        List<Frame> frames = StreamFixture.synthetic(2, 1, 16, 12, 2);
        Map<String, float[]> probs = StreamFixture.probabilities(frames, 3, 1, 1);
        try (StreamScorer scorer = new StreamScorer(StreamConfig.of("entropy"), BACKEND)) {
            scorer.add(frames.get(0).sceneId(), input(frames.get(0), probs.get(frames.get(0).id()), 1, 3));
            Thread.sleep(1500);
            scorer.add(frames.get(1).sceneId(), input(frames.get(1), probs.get(frames.get(1).id()), 1, 3));
            assertEquals(List.of(frames.get(0).sceneId()), scorer.closeIdle(java.time.Duration.ofMillis(1000)));
            assertEquals(List.of(frames.get(1).sceneId()), scorer.sceneIds());
            assertEquals(1, scorer.find(frames.get(1).sceneId()).orElseThrow().frameIds().size());
        }
    }
}
