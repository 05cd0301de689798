package org.activeseg.model.semi;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.activeseg.model.Parameter;
import org.activeseg.model.Tensor4;
import org.activeseg.model.layers.Activation;
import org.activeseg.model.layers.BatchNorm2d;
import org.activeseg.model.layers.Conv2d;
import org.activeseg.model.layers.Dropout2d;

/**
 * U2PL's representation head (its decoder's {@code representation}: conv 3x3 -> BN -> ReLU ->
 * Dropout2d(0.1) -> conv 1x1 with bias), on the decoder input of {@link
 * org.activeseg.model.net.SegmentationNetwork#lastDecoderInput()}: the features the contrastive loss
 * compares, at a quarter of the input size. U2PL's is 256 wide; the width here is a parameter.
 */
public final class RepresentationHead {
    /** U2PL's dropout in the head. */
    public static final double DROPOUT = 0.1;

    private final Conv2d conv;
    private final BatchNorm2d bn;
    private final Activation relu = new Activation(Activation.Kind.RELU);
    private final Conv2d project;
    private final int dim;
    private Dropout2d dropout;

    public RepresentationHead(String name, int inChannels, int dim, SplittableRandom init) {
        if (dim <= 0) {
            throw new IllegalArgumentException("representation width must be positive, got " + dim);
        }
        this.dim = dim;
        conv = new Conv2d(name + ".conv", inChannels, dim, 3, 3, 1, 1, 1, 1, false, init);
        bn = new BatchNorm2d(name + ".bn", dim);
        project = new Conv2d(name + ".project", dim, dim, 1, 1, 1, 0, 1, 1, true, init);
        reseedDropout(init.nextLong());
    }

    public int dim() { return dim; }

    /** Replaces the dropout's random stream (the same seed gives the same masks). */
    public void reseedDropout(long seed) {
        dropout = new Dropout2d(DROPOUT, new SplittableRandom(seed));
    }

    public Tensor4 forward(Tensor4 x, boolean training) {
        return project.forward(dropout.forward(relu.forward(bn.forward(conv.forward(x, training), training), training),
                training), training);
    }

    /** dL/d(input) of the last forward, adding the parameter gradients. */
    public Tensor4 backward(Tensor4 g) {
        return conv.backward(bn.backward(relu.backward(dropout.backward(project.backward(g)))));
    }

    public List<Parameter> parameters() {
        List<Parameter> out = new ArrayList<>(conv.parameters());
        out.addAll(bn.parameters());
        out.addAll(project.parameters());
        return out;
    }

    public List<Parameter> buffers() {
        return bn.buffers();
    }
}
