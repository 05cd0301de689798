package org.activeseg.model.net;

import java.util.List;
import org.activeseg.model.Parameter;
import org.activeseg.model.Tensor4;

/**
 * A second objective trained jointly with the segmentation loss on the network's taps, such as
 * the learning-loss module (Yoo and Kweon 2019). {@link SegmentationTrainer} calls
 * {@link #step} after the segmentation loss of each batch; the objective adds its own parameter
 * gradients and returns extra gradients for the four taps (or null to leave the backbone alone,
 * as the learning-loss module does after its gradient-stop epoch).
 */
public interface AuxiliaryObjective {

    /** Its trainable parameters (optimised with the network's). */
    List<Parameter> parameters();

    /**
     * @param features   the batch's encoder outputs (from the training forward)
     * @param logits     the batch's logits
     * @param labels     the batch's labels (N, H, W) with 255 = ignore
     * @param epoch      the 0-based epoch
     * @return gradients for the taps (null entries or a null list for none)
     */
    List<Tensor4> step(SegmentationNetwork.Features features, Tensor4 logits, int[] labels, int epoch);

    /** The objective's loss on the last batch (for logs). */
    double lastLoss();
}
