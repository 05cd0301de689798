package org.activeseg.model.net;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.activeseg.model.Layer;
import org.activeseg.model.Parameter;
import org.activeseg.model.Tensor4;
import org.activeseg.model.layers.Activation;

/**
 * MobileNetV2's inverted residual block (Sandler et al. 2018), as ViewAL's backbone uses it:
 * 1x1 expansion (skipped when the expansion factor is 1) + BN + ReLU6, 3x3 depthwise (stride,
 * dilation) + BN + ReLU6, 1x1 linear projection + BN, and an identity shortcut when the stride is 1
 * and the channel counts match.
 */
public final class InvertedResidual implements Layer {
    private final Sequential body;
    private final boolean residual;

    public InvertedResidual(String name, int in, int out, int stride, int dilation, int expansion, SplittableRandom init) {
        if (expansion < 1) {
            throw new IllegalArgumentException("block " + name + ": expansion must be >= 1, got " + expansion);
        }
        int hidden = in * expansion;
        List<Layer> layers = new ArrayList<>();
        if (expansion != 1) {
            layers.add(Blocks.convBn(name + ".expand", in, hidden, 1, 1, 1, 1, Activation.Kind.RELU6, init));
        }
        layers.add(Blocks.convBn(name + ".depthwise", hidden, hidden, 3, stride, dilation, hidden, Activation.Kind.RELU6,
                init));
        layers.add(Blocks.convBn(name + ".project", hidden, out, 1, 1, 1, 1, null, init));
        this.body = new Sequential(layers);
        this.residual = stride == 1 && in == out;
    }

    public boolean residual() { return residual; }

    @Override
    public Tensor4 forward(Tensor4 input, boolean training) {
        Tensor4 y = body.forward(input, training);
        if (residual) {
            float[] yd = y.data();
            float[] xd = input.data();
            for (int i = 0; i < yd.length; i++) {
                yd[i] += xd[i];
            }
        }
        return y;
    }

    @Override
    public Tensor4 backward(Tensor4 gradOutput) {
        Tensor4 g = body.backward(gradOutput);
        if (residual) {
            float[] gd = g.data();
            float[] go = gradOutput.data();
            for (int i = 0; i < gd.length; i++) {
                gd[i] += go[i];
            }
        }
        return g;
    }

    @Override
    public List<Parameter> parameters() { return body.parameters(); }

    @Override
    public List<Parameter> buffers() { return body.buffers(); }
}
