package org.activeseg.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.activeseg.data.Frame;
import org.junit.jupiter.api.Test;

/** Same seed, same bytes (whatever the thread count); another seed, other frames. */
class SyntheticDeterminismTest {
    private static final SyntheticConfig SMALL = SyntheticConfig.defaults().withScenes(2, 6).withSize(96, 72).withSeed(42);

    private static void assertSameFrames(List<Frame> a, List<Frame> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            Frame x = a.get(i), y = b.get(i);
            assertEquals(x.id(), y.id());
            assertEquals(x.sceneId(), y.sceneId());
            assertArrayEquals(x.rgb(), y.rgb(), x.id() + " rgb");
            assertArrayEquals(x.depth(), y.depth(), x.id() + " depth");
            assertArrayEquals(x.labels(), y.labels(), x.id() + " labels");
            assertArrayEquals(x.pose().matrix(), y.pose().matrix(), x.id() + " pose");
            assertEquals(x.intrinsics(), y.intrinsics(), x.id() + " intrinsics");
        }
    }

    @Test
    void sameSeedGivesIdenticalFrames() {
        assertSameFrames(new SyntheticGenerator(SMALL).generate().frames(), new SyntheticGenerator(SMALL).generate().frames());
    }

    @Test
    void sameSeedWithNoiseGivesIdenticalFrames() {
        SyntheticConfig noisy = SMALL.withNoise(SensorNoise.kinectLike());
        assertSameFrames(new SyntheticGenerator(noisy).generate().frames(), new SyntheticGenerator(noisy).generate().frames());
    }

    @Test
    void threadCountDoesNotChangeTheFrames() throws Exception {
        SyntheticConfig noisy = SMALL.withNoise(SensorNoise.kinectLike());
        List<Frame> common = new SyntheticGenerator(noisy).renderScene(1);
        ForkJoinPool single = new ForkJoinPool(1);
        try {
            List<Frame> serial = single.submit(() -> new SyntheticGenerator(noisy).renderScene(1)).get();
            assertSameFrames(common, serial);
        } finally {
            single.shutdown();
        }
    }

    @Test
    void renderSceneMatchesGenerate() {
        SyntheticGenerator g = new SyntheticGenerator(SMALL);
        SyntheticDataset all = g.generate();
        assertSameFrames(all.frames(all.scenes().get(1)), g.renderScene(1));
    }

    @Test
    void otherSeedGivesOtherFrames() {
        Frame a = new SyntheticGenerator(SMALL).renderScene(0).getFirst();
        Frame b = new SyntheticGenerator(SMALL.withSeed(43)).renderScene(0).getFirst();
        assertEquals(a.id(), b.id());
        assertFalse(Arrays.equals(a.rgb(), b.rgb()), "rgb");
        assertFalse(Arrays.equals(a.depth(), b.depth()), "depth");
        assertFalse(Arrays.equals(a.pose().matrix(), b.pose().matrix()), "pose");
    }

    @Test
    void scenesOfOneSeedDiffer() {
        SyntheticGenerator g = new SyntheticGenerator(SMALL);
        assertFalse(Arrays.equals(g.renderScene(0).getFirst().rgb(), g.renderScene(1).getFirst().rgb()));
    }
}
