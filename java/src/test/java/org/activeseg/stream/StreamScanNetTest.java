package org.activeseg.stream;

import static org.activeseg.stream.StreamFixture.BACKEND;
import static org.activeseg.stream.StreamFixture.assertSameResult;
import static org.activeseg.stream.StreamFixture.assertSameScores;
import static org.activeseg.stream.StreamFixture.input;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.activeseg.acquisition.AcquisitionMethods;
import org.activeseg.acquisition.AcquisitionRequest;
import org.activeseg.acquisition.AcquisitionResult;
import org.activeseg.acquisition.Budget;
import org.activeseg.acquisition.LabelState;
import org.activeseg.acquisition.MapSink;
import org.activeseg.acquisition.ProbabilitySource;
import org.activeseg.data.Dataset;
import org.activeseg.data.Frame;
import org.activeseg.data.scannet.ScanNetReader;
import org.activeseg.tensor.FloatTensor;
import org.activeseg.testing.SharedData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The streaming contract on the real ScanNet sample (10 frames at 320x240 with their depth, poses and
 * shipped superpixels; seeded random probabilities of 6 classes): frames added in a shuffled order into
 * a window of 6; after every add the held frames' scores equal batch scoring (the dataset as `activeseg
 * score` reads it, the held frames as the pool), and the final selection equals the batch selection.
 * Skips visibly without the sample.
 */
class StreamScanNetTest {
    static final int CLASSES = 6;

    @ParameterizedTest
    @ValueSource(strings = {"viewal", "entropy"})
    void shuffledStreamMatchesBatchScore(String method) throws IOException {
        Dataset ds = ScanNetReader.open(SharedData.scannetSample());
        List<Frame> frames = new ArrayList<>();
        for (String id : ds.frameIds()) {
            frames.add(ds.frame(id));
        }
        Map<String, float[]> probs = StreamFixture.probabilities(frames, CLASSES, 1, 31);
        ProbabilitySource source = new ProbabilitySource() {
            @Override
            public FloatTensor load(String frameId) {
                return FloatTensor.of(probs.get(frameId), 1, CLASSES, 320 * 240);
            }

            @Override
            public int classes() {
                return CLASSES;
            }
        };
        StreamConfig config = StreamConfig.of(method).withWindow(6);
        List<Frame> order = new ArrayList<>(frames);
        Collections.shuffle(order, new Random(12));
        try (StreamScorer scorer = new StreamScorer(config, BACKEND)) {
            Set<String> reportedChanges = new HashSet<>();
            for (Frame f : order) {
                FrameUpdate u = scorer.add(f.sceneId(), input(f, probs.get(f.id()), 1, CLASSES));
                reportedChanges.addAll(u.changed());
                SceneSession scene = scorer.find(f.sceneId()).orElseThrow();
                Set<String> held = new HashSet<>(scene.frameIds());
                List<String> pool = ds.frameIds().stream().filter(held::contains).toList();
                AcquisitionResult batch = run(ds, pool, source, config, Budget.fraction(0.05));
                assertSameScores(batch.frames(), scene.scores(), method + " after " + f.id());
                if (held.size() == 6 || f == order.getLast()) {
                    assertSameResult(batch, scorer.select(Budget.fraction(0.05)).result(), method + " selection after " + f.id());
                }
            }
            assertEquals(6, scorer.find(order.getFirst().sceneId()).orElseThrow().frameIds().size());
            if (method.equals("viewal")) {
                assertFalse(reportedChanges.isEmpty(), "overlapping ScanNet views never changed each other's scores");
                assertTrue(scorer.select(Budget.fraction(0.05)).result().selection().size() > 1);
            }
        }
    }

    static AcquisitionResult run(Dataset ds, List<String> pool, ProbabilitySource source, StreamConfig config, Budget budget)
            throws IOException {
        return AcquisitionMethods.create(config.method()).run(new AcquisitionRequest(ds, pool, source, budget, config.compat(),
                config.parameters(), LabelState.empty(), BACKEND, MapSink.NONE, config.seed()));
    }
}
