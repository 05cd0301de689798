package org.activeseg.model.lossnet;

import java.util.List;
import org.activeseg.model.Parameter;
import org.activeseg.model.Tensor4;
import org.activeseg.model.net.AuxiliaryObjective;
import org.activeseg.model.net.SegmentationNetwork;

/**
 * The learning-loss module trained jointly with the segmentation network (Yoo and Kweon 2019,
 * ALGORITHMS.md section 4): per batch the module predicts each image's loss from the four taps,
 * the targets are the images' own cross-entropies (detached), and the margin ranking loss over
 * the pairs (i, 2B-1-i) trains the module, and the backbone until the gradient-stop epoch. An odd
 * batch pairs its first N - 1 images (the reference asserts even batches); a batch of one image
 * trains nothing here.
 */
public final class LearningLossAuxiliary implements AuxiliaryObjective {
    private final LossPredictionModule module;
    private final LearningLossObjective objective;
    private final GradientStop stop;
    private double lastLoss = Double.NaN;

    public LearningLossAuxiliary(LossPredictionModule module, LearningLossObjective objective, GradientStop stop) {
        this.module = module;
        this.objective = objective;
        this.stop = stop;
    }

    public LossPredictionModule module() { return module; }

    @Override
    public List<Parameter> parameters() { return module.parameters(); }

    @Override
    public double lastLoss() { return lastLoss; }

    @Override
    public List<Tensor4> step(SegmentationNetwork.Features features, Tensor4 logits, int[] labels, int epoch) {
        int n = logits.n();
        int even = n - n % 2;
        if (even < 2) {
            lastLoss = Double.NaN;
            return null;
        }
        Tensor4 predicted = module.forward(features.taps(), true);
        double[] targets = PerImageCrossEntropy.losses(logits, labels, 255);
        Tensor4 head = new Tensor4(even, 1, 1, 1, java.util.Arrays.copyOf(predicted.data(), even));
        LearningLossObjective.Result r = objective.compute(head, java.util.Arrays.copyOf(targets, even));
        lastLoss = r.weightedLoss();
        Tensor4 grad = new Tensor4(n, 1, 1, 1);
        System.arraycopy(r.gradPredicted().data(), 0, grad.data(), 0, even);
        if (stop.backboneReceivesGradient(epoch)) {
            return module.backward(grad);
        }
        module.backwardParameters(grad);
        return null;
    }
}
