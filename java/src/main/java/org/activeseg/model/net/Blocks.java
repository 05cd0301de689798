package org.activeseg.model.net;

import java.util.SplittableRandom;
import org.activeseg.model.layers.Activation;
import org.activeseg.model.layers.BatchNorm2d;
import org.activeseg.model.layers.Conv2d;

/** Factories for the convolution + batch norm (+ activation) units the network is built from. */
final class Blocks {
    private Blocks() {}

    /**
     * A bias-free k x k convolution (padding keeps the extent at stride 1, scaled by the dilation),
     * batch norm, and the activation (null for none).
     */
    static Sequential convBn(String name, int in, int out, int kernel, int stride, int dilation, int groups,
                             Activation.Kind act, SplittableRandom init) {
        int pad = dilation * (kernel - 1) / 2;
        Conv2d conv = new Conv2d(name + ".conv", in, out, kernel, kernel, stride, pad, dilation, groups, false, init);
        BatchNorm2d bn = new BatchNorm2d(name + ".bn", out);
        return act == null ? Sequential.of(conv, bn) : Sequential.of(conv, bn, new Activation(act));
    }
}
