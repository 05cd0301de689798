package org.activeseg.model.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.activeseg.data.Frame;
import org.activeseg.data.synthetic.SyntheticConfig;
import org.activeseg.data.synthetic.SyntheticGenerator;
import org.activeseg.model.Parameter;
import org.activeseg.model.augment.ImageNormalization;
import org.activeseg.model.augment.TrainingSample;
import org.activeseg.model.semi.SemiSupervision;
import org.activeseg.model.semi.U2plContrastiveLoss;
import org.activeseg.model.semi.U2plTraining;
import org.activeseg.model.train.Checkpoint;
import org.activeseg.model.train.NamedTensor;
import org.activeseg.acquisition.u2pl.ReliabilitySplit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** U2PL's training steps through the trainer: determinism, the teacher, the bank's bound and the checkpointed state. */
class U2plTrainerTest {
    @TempDir
    Path dir;

    private static NetworkConfig small() {
        return new NetworkConfig(40, 8, new int[] {1, 1, 1, 1}, 2, new int[] {2}, 0.1, 5);
    }

    private static final List<Frame> FRAMES = new SyntheticGenerator(SyntheticConfig.defaults().withScenes(1, 6).withSize(48, 32))
            .renderScene(0);

    private static List<TrainingSample> labelled() {
        List<TrainingSample> out = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            TrainingSample s = ImageNormalization.IMAGENET.sample(FRAMES.get(k));
            byte[] y = s.labels().clone();
            for (int i = 0; i < y.length; i++) {
                if (i % s.width() >= s.width() / 2) {
                    y[i] = (byte) TrainingSample.IGNORE;
                }
            }
            out.add(new TrainingSample(3, s.width(), s.height(), s.image(), y));
        }
        return out;
    }

    private static List<TrainingSample> pool() {
        List<TrainingSample> out = new ArrayList<>();
        for (int k = 2; k < 6; k++) {
            TrainingSample s = ImageNormalization.IMAGENET.sample(FRAMES.get(k));
            byte[] y = new byte[s.pixels()];
            Arrays.fill(y, (byte) SemiSupervision.TAKE);
            out.add(new TrainingSample(3, s.width(), s.height(), s.image(), y));
        }
        return out;
    }

    private static U2plTraining u2pl(int capacity) {
        U2plTraining.Settings d = U2plTraining.Settings.defaults(false);
        return new U2plTraining(new U2plTraining.Settings(d.repDim(), capacity, d.dropPercent(), d.alpha0(), d.supOnlyEpochs(), 0,
                d.emaDecay(), d.cutMixProbability(), d.unsupWeight(), d.contraWeight(),
                U2plContrastiveLoss.Settings.u2pl(ReliabilitySplit.NegativeMode.PAPER)));
    }

    private static final TrainingConfig CFG = new TrainingConfig(3, 2, 32, 24, true, 0.05, 0.9, 1e-4, 0.9, 3);

    private static float[][] weights(SegmentationNetwork n) {
        return n.parameters().stream().map(p -> p.value().clone()).toArray(float[][]::new);
    }

    @Test
    void u2plTrainingIsDeterministicAndItsTeacherFollowsTheStudent() {
        SegmentationNetwork a = new SegmentationNetwork(small());
        SegmentationNetwork b = new SegmentationNetwork(small());
        U2plTraining ua = u2pl(1000);
        U2plTraining ub = u2pl(1000);
        SegmentationTrainer.Report r = new SegmentationTrainer(a, CFG, null, ua).train(labelled(), pool(), null);
        new SegmentationTrainer(b, CFG, null, ub).train(labelled(), pool(), null);
        float[][] wa = weights(a);
        float[][] wb = weights(b);
        for (int i = 0; i < wa.length; i++) {
            assertArrayEquals(wa[i], wb[i], a.parameters().get(i).name());
        }
        assertEquals(ua.state(), ub.state(), "teacher, heads, bank and EMA count are deterministic too");
        assertTrue(Double.isNaN(r.epochSemiLoss()[0]), "epoch 0 is supervised only");
        for (int e = 1; e < 3; e++) {
            assertTrue(r.epochSemiLoss()[e] > 0 && Double.isFinite(r.epochSemiLoss()[e]), Arrays.toString(r.epochSemiLoss()));
        }
        assertEquals(2, ua.emaSteps(), "one supervised epoch, then one EMA update per step (one batch per epoch)");
        int filled = 0;
        for (int c = 0; c < 40; c++) {
            filled += ua.bank().size(c) > 0 ? 1 : 0;
        }
        assertTrue(filled > 0, "negatives reached the bank");
        List<Parameter> teacher = ua.teacher().parameters();
        boolean differs = false;
        for (int i = 0; i < teacher.size(); i++) {
            differs |= !Arrays.equals(teacher.get(i).value(), wa[i]);
        }
        assertTrue(differs, "the teacher is an average, not the student");

        SegmentationNetwork supervised = new SegmentationNetwork(small());
        new SegmentationTrainer(supervised, CFG).train(labelled(), null);
        assertFalse(Arrays.equals(wa[0], weights(supervised)[0]), "U2PL's terms move the weights");
    }

    @Test
    void theFirstEmaUpdateMakesTheTeacherTheStudent() {
        // one supervised epoch, then one U2PL step: decay min(1 - 1/1, 0.99) = 0
        SegmentationNetwork net = new SegmentationNetwork(small());
        U2plTraining u = u2pl(1000);
        TrainingConfig two = new TrainingConfig(2, 2, 32, 24, true, 0.05, 0.9, 1e-4, 0.9, 3);
        new SegmentationTrainer(net, two, null, u).train(labelled(), pool(), null);
        assertEquals(1, u.emaSteps());
        for (int i = 0; i < net.parameters().size(); i++) {
            assertArrayEquals(net.parameters().get(i).value(), u.teacher().parameters().get(i).value(),
                    net.parameters().get(i).name());
        }
    }

    @Test
    void aRestartedTeacherIsTheStudentAgainAfterItsFirstStepWhileTheBankCarriesOver() {
        // a round that fine-tunes the previous one: restore its state, restart the teacher, train on
        SegmentationNetwork net = new SegmentationNetwork(small());
        U2plTraining before = u2pl(1000);
        new SegmentationTrainer(net, CFG, null, before).train(labelled(), pool(), null);
        assertTrue(before.emaSteps() >= 2, "the first training made EMA steps: " + before.emaSteps());
        java.util.Map<String, NamedTensor> saved = new java.util.HashMap<>();
        before.state().forEach(t -> saved.put(t.name(), t));
        U2plTraining u = u2pl(1000);
        TrainingConfig two = new TrainingConfig(2, 2, 32, 24, true, 0.05, 0.9, 1e-4, 0.9, 5);
        SegmentationTrainer trainer = new SegmentationTrainer(net, two, null, u);
        u.restore(saved);
        assertEquals(before.emaSteps(), u.emaSteps());
        long keys = bankKeys(u);
        u.restartTeacher();
        trainer.train(labelled(), pool(), null);
        // one supervised epoch, then one U2PL step with decay min(1 - 1/1, 0.99) = 0: the teacher is the student
        assertEquals(1, u.emaSteps());
        for (int i = 0; i < net.parameters().size(); i++) {
            assertArrayEquals(net.parameters().get(i).value(), u.teacher().parameters().get(i).value(),
                    net.parameters().get(i).name());
        }
        assertTrue(bankKeys(u) >= keys && keys > 0, "the bank carried over: " + keys + " -> " + bankKeys(u));
    }

    private static long bankKeys(U2plTraining u) {
        long n = 0;
        for (int c = 0; c < u.bank().classes(); c++) {
            n += u.bank().size(c);
        }
        return n;
    }

    @Test
    void theRepresentationHeadsGradientReachesTheImageThroughTheDecoderInput() {
        SegmentationNetwork net = new SegmentationNetwork(new NetworkConfig(5, 4, new int[] {1, 1, 1, 1}, 2, new int[] {2}, 0.1, 9));
        org.activeseg.model.semi.RepresentationHead head = new org.activeseg.model.semi.RepresentationHead("rep",
                net.decoderChannels(), 6, new java.util.SplittableRandom(4));
        org.activeseg.model.Tensor4 x = org.activeseg.model.GradientCheck.random(new java.util.SplittableRandom(2), 2, 3, 16, 16, -1, 1);
        List<Parameter> params = new ArrayList<>(head.parameters());
        params.add(net.parameters().get(0));
        new org.activeseg.model.GradientCheck(1e-3, 5e-2).withFloor(5e-2).withMaxChecksPerTensor(24).checkFunction(List.of(x), params,
                in -> {
                    // training mode (batch statistics), the same dropout masks for every forward
                    net.reseedDropout(7);
                    head.reseedDropout(8);
                    net.forward(in.get(0), true);
                    return head.forward(net.lastDecoderInput(), true);
                },
                g -> {
                    org.activeseg.model.Tensor4 gDec = head.backward(g);
                    org.activeseg.model.Tensor4 logits = net.lastFeatureLogits();
                    org.activeseg.model.Tensor4 zero = new org.activeseg.model.Tensor4(logits.n(), logits.c(), 16, 16);
                    return List.of(net.backward(zero, null, gDec));
                }, 5).assertWithinTolerance("representation head on the decoder input");
    }

    @Test
    void theBankStaysWithinItsCapacity() {
        U2plTraining u = u2pl(40);
        new SegmentationTrainer(new SegmentationNetwork(small()), CFG, null, u).train(labelled(), pool(), null);
        int full = 0;
        for (int c = 0; c < 40; c++) {
            assertTrue(u.bank().size(c) <= 40, "class " + c + " holds " + u.bank().size(c));
            full += u.bank().size(c) == 40 ? 1 : 0;
        }
        assertTrue(full > 0, "some class reached the bound");
    }

    @Test
    void aSupervisedOnlyEpochLeavesTheTeacherUntouched() {
        U2plTraining u = u2pl(1000);
        TrainingConfig one = new TrainingConfig(1, 2, 32, 24, true, 0.05, 0.9, 1e-4, 0.9, 3);
        SegmentationTrainer.Report r = new SegmentationTrainer(new SegmentationNetwork(small()), one, null, u)
                .train(labelled(), pool(), null);
        assertEquals(0, u.emaSteps());
        assertTrue(Double.isNaN(r.epochSemiLoss()[0]), "no semi-supervised loss in the supervised epoch");
    }

    @Test
    void theDefaultWarmUpIsHalfTheEpochsAndCompatsOneEpoch() {
        U2plTraining paper = new U2plTraining(U2plTraining.Settings.defaults(false));
        U2plTraining code = new U2plTraining(U2plTraining.Settings.defaults(true));
        assertFalse(paper.semiEpoch(74, 150));
        assertTrue(paper.semiEpoch(75, 150));
        assertFalse(paper.semiEpoch(1, 3), "ceil(1.5) = 2 epochs");
        assertTrue(paper.semiEpoch(2, 3));
        assertFalse(code.semiEpoch(0, 150));
        assertTrue(code.semiEpoch(1, 150));
        U2plTraining viaCli = (U2plTraining) org.activeseg.model.semi.SemiModes.create("u2pl", true);
        assertEquals(ReliabilitySplit.NegativeMode.COMPAT, viaCli.settings().contrastive().mode(), "--compat reaches U2PL");
        assertEquals(ReliabilitySplit.NegativeMode.PAPER,
                ((U2plTraining) org.activeseg.model.semi.SemiModes.create("u2pl")).settings().contrastive().mode());
    }

    @Test
    void theCheckpointedStateComesBackIntoAFreshTrainer() throws Exception {
        SegmentationNetwork net = new SegmentationNetwork(small());
        U2plTraining u = u2pl(1000);
        new SegmentationTrainer(net, CFG, null, u).train(labelled(), pool(), null);
        Path file = dir.resolve("u2pl.ckpt");
        Checkpoint.write(file, net.config().encode(), 3, 3, net.parameters(), net.buffers(), u.state());
        Checkpoint c = Checkpoint.read(file);
        SegmentationNetwork again = new SegmentationNetwork(small());
        U2plTraining v = u2pl(1000);
        new SegmentationTrainer(again, CFG, null, v);
        v.restore(c.tensors());
        assertEquals(u.state(), v.state());
        assertEquals(u.emaSteps(), v.emaSteps());

        java.util.Map<String, NamedTensor> missing = new java.util.LinkedHashMap<>(c.tensors());
        missing.remove("u2pl.bank.count");
        U2plTraining w = u2pl(1000);
        new SegmentationTrainer(new SegmentationNetwork(small()), CFG, null, w);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.restore(missing));
        assertTrue(e.getMessage().contains("u2pl.bank.count is missing"), e.getMessage());
    }
}
