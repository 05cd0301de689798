package org.activeseg.model.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.activeseg.data.Frame;
import org.activeseg.data.synthetic.SyntheticConfig;
import org.activeseg.data.synthetic.SyntheticGenerator;
import org.activeseg.model.Parameter;
import org.activeseg.model.Tensor4;
import org.activeseg.model.augment.ImageNormalization;
import org.activeseg.model.augment.TrainingSample;
import org.activeseg.model.semi.RipuSemiSupervision;
import org.activeseg.model.semi.SemiSupervision;
import org.junit.jupiter.api.Test;

/** Semi-supervised training steps: determinism, what the unlabelled term sees, and refusals. */
class SegmentationTrainerSemiTest {

    private static List<Frame> frames(int n, int w, int h) {
        return new SyntheticGenerator(SyntheticConfig.defaults().withScenes(1, n).withSize(w, h)).renderScene(0);
    }

    private static NetworkConfig small() {
        return new NetworkConfig(40, 8, new int[] {1, 1, 1, 1}, 2, new int[] {2}, 0.1, 5);
    }

    /** The frame with its left half labelled. */
    private static TrainingSample halfLabelled(Frame f) {
        TrainingSample s = ImageNormalization.IMAGENET.sample(f);
        byte[] y = s.labels().clone();
        for (int i = 0; i < y.length; i++) {
            if (i % s.width() >= s.width() / 2) {
                y[i] = (byte) TrainingSample.IGNORE;
            }
        }
        return new TrainingSample(3, s.width(), s.height(), s.image(), y);
    }

    /** The frame as an unlabelled sample whose pixels i with keep(i) are marked TAKE. */
    private static TrainingSample unlabelled(Frame f, java.util.function.IntPredicate keep) {
        TrainingSample s = ImageNormalization.IMAGENET.sample(f);
        byte[] y = new byte[s.pixels()];
        for (int i = 0; i < y.length; i++) {
            y[i] = (byte) (keep.test(i) ? SemiSupervision.TAKE : TrainingSample.IGNORE);
        }
        return new TrainingSample(3, s.width(), s.height(), s.image(), y);
    }

    private static float[][] weights(SegmentationNetwork n) {
        return n.parameters().stream().map(p -> p.value().clone()).toArray(float[][]::new);
    }

    @Test
    void ripuTrainingIsDeterministicAndTheUnlabelledPoolChangesIt() {
        List<Frame> f = frames(6, 48, 32);
        List<TrainingSample> labelled = List.of(halfLabelled(f.get(0)), halfLabelled(f.get(1)));
        List<TrainingSample> pool = new ArrayList<>();
        for (int k = 2; k < 6; k++) {
            pool.add(unlabelled(f.get(k), i -> true));
        }
        TrainingConfig cfg = new TrainingConfig(3, 2, 32, 24, true, 0.05, 0.9, 1e-4, 0.9, 3);
        SegmentationNetwork a = new SegmentationNetwork(small());
        SegmentationNetwork b = new SegmentationNetwork(small());
        SegmentationTrainer.Report ra = new SegmentationTrainer(a, cfg, null, new RipuSemiSupervision()).train(labelled, pool, null);
        new SegmentationTrainer(b, cfg, null, new RipuSemiSupervision()).train(labelled, pool, null);
        float[][] wa = weights(a);
        float[][] wb = weights(b);
        for (int i = 0; i < wa.length; i++) {
            assertArrayEquals(wa[i], wb[i], a.parameters().get(i).name());
        }
        for (double l : ra.epochSemiLoss()) {
            assertTrue(l > 0 && Double.isFinite(l), "semi-supervised loss per epoch " + Arrays.toString(ra.epochSemiLoss()));
        }

        SegmentationNetwork supervised = new SegmentationNetwork(small());
        SegmentationTrainer.Report rs = new SegmentationTrainer(supervised, cfg).train(labelled, null);
        assertTrue(Double.isNaN(rs.epochSemiLoss()[0]), "no semi-supervised loss without semi-supervision");
        assertFalse(Arrays.equals(wa[0], weights(supervised)[0]), "the semi-supervised terms move the weights");

        SegmentationNetwork other = new SegmentationNetwork(small());
        new SegmentationTrainer(other, cfg, null, new RipuSemiSupervision()).train(labelled, pool.subList(0, 3), null);
        assertFalse(Arrays.equals(wa[0], weights(other)[0]), "another unlabelled pool trains another network");
    }

    /** Records what the trainer hands the terms; adds nothing. */
    private static final class Recording implements SemiSupervision.PerPass {
        final List<boolean[]> takes = new ArrayList<>();
        final List<int[]> labels = new ArrayList<>();

        @Override public String name() { return "recording"; }

        @Override
        public Term labelled(Tensor4 logits, int[] labels, int epoch, int epochs) {
            this.labels.add(labels.clone());
            return Term.NONE;
        }

        @Override
        public Term unlabelled(Tensor4 logits, boolean[] take, int epoch, int epochs) {
            assertEquals(take.length, logits.n() * logits.h() * logits.w());
            takes.add(take.clone());
            return Term.NONE;
        }
    }

    @Test
    void theUnlabelledTermSeesExactlyTheMarkedPixelsOfDistinctDrawnSamples() {
        List<Frame> f = frames(4, 32, 24);
        int p = 32 * 24;
        List<TrainingSample> pool = new ArrayList<>();
        List<boolean[]> marks = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            int m = k + 2;
            pool.add(unlabelled(f.get(k + 1), i -> i % m == 0));
            boolean[] b = new boolean[p];
            for (int i = 0; i < p; i++) {
                b[i] = i % m == 0;
            }
            marks.add(b);
        }
        Recording rec = new Recording();
        TrainingConfig cfg = new TrainingConfig(4, 2, 32, 24, false, 0.05, 0.9, 0, 0.9, 11);
        TrainingSample lab = halfLabelled(f.get(0));
        new SegmentationTrainer(new SegmentationNetwork(small()), cfg, null, rec).train(List.of(lab), pool, null);
        assertEquals(4, rec.labels.size(), "one labelled term per step");
        for (int[] y : rec.labels) {
            for (int i = 0; i < p; i++) {
                assertEquals(lab.labels()[i] & 0xFF, y[i], "the labelled term gets the labelled batch's labels");
            }
        }
        assertEquals(4, rec.takes.size(), "one unlabelled pass per step");
        Set<String> batches = new HashSet<>();
        for (boolean[] take : rec.takes) {
            assertEquals(2 * p, take.length, "min(batch size, pool) = 2 samples per step");
            int first = which(marks, Arrays.copyOfRange(take, 0, p));
            int second = which(marks, Arrays.copyOfRange(take, p, 2 * p));
            assertTrue(first != second, "a step draws distinct samples");
            batches.add(first + "," + second);
        }
        assertTrue(batches.size() > 1, "the draw changes from step to step: " + batches);
    }

    private static int which(List<boolean[]> marks, boolean[] take) {
        for (int k = 0; k < marks.size(); k++) {
            if (Arrays.equals(marks.get(k), take)) {
                return k;
            }
        }
        throw new AssertionError("the unlabelled term got a mask that is no sample's marks");
    }

    @Test
    void cropPaddingIsNeverTakenAndUnmarkedSamplesSkipThePass() {
        List<Frame> f = frames(3, 24, 16);
        // A crop larger than the frames pads them; every frame pixel is marked, the padding is not.
        Recording rec = new Recording();
        TrainingConfig cfg = new TrainingConfig(3, 1, 32, 24, true, 0.05, 0.9, 0, 0.9, 5);
        new SegmentationTrainer(new SegmentationNetwork(small()), cfg, null, rec)
                .train(List.of(halfLabelled(f.get(0))), List.of(unlabelled(f.get(1), i -> true)), null);
        assertEquals(3, rec.takes.size());
        for (boolean[] take : rec.takes) {
            assertEquals(32 * 24, take.length);
            int n = 0;
            for (boolean t : take) {
                n += t ? 1 : 0;
            }
            assertEquals(24 * 16, n, "exactly the frame's pixels are taken, none of the padding");
        }

        Recording none = new Recording();
        new SegmentationTrainer(new SegmentationNetwork(small()), cfg, null, none)
                .train(List.of(halfLabelled(f.get(0))), List.of(unlabelled(f.get(2), i -> false)), null);
        assertTrue(none.takes.isEmpty(), "a batch with no marked pixel has no unlabelled pass");
    }

    @Test
    void anUnlabelledPoolNeedsSemiSupervision() {
        List<Frame> f = frames(2, 24, 16);
        TrainingConfig cfg = new TrainingConfig(1, 1, 24, 16, false, 0.05, 0.9, 0, 0.9, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SegmentationTrainer(new SegmentationNetwork(small()), cfg)
                        .train(List.of(halfLabelled(f.get(0))), List.of(unlabelled(f.get(1), i -> true)), null));
        assertTrue(e.getMessage().contains("without semi-supervision"), e.getMessage());
    }

    @Test
    void drawGivesDistinctIndicesFromItsStream() {
        for (int size = 1; size < 9; size++) {
            final int n = size;
            for (int k = 0; k <= n; k++) {
                int[] d = SegmentationTrainer.draw(n, k, new SplittableRandom(n * 31L + k));
                assertEquals(k, d.length);
                assertEquals(k, Arrays.stream(d).distinct().count());
                assertTrue(Arrays.stream(d).allMatch(i -> i >= 0 && i < n));
                assertArrayEquals(d, SegmentationTrainer.draw(n, k, new SplittableRandom(n * 31L + k)));
            }
        }
    }
}
