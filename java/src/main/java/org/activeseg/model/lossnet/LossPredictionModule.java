package org.activeseg.model.lossnet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.activeseg.model.Parameter;
import org.activeseg.model.Tensor4;
import org.activeseg.model.layers.Activation;
import org.activeseg.model.layers.Concat;
import org.activeseg.model.layers.GlobalAvgPool;
import org.activeseg.model.layers.Linear;

/**
 * The loss-prediction module of Learning Loss for Active Learning (Yoo and Kweon, CVPR 2019;
 * ALGORITHMS.md 4(a), {@code models/lossnet.py} of the Mephisto405 re-implementation), attached to
 * K feature maps ("taps") of the segmentation network:
 * <pre>
 *   tap i (N, C_i, H_i, W_i) -> global average pool -> Linear(C_i, hidden) -> ReLU   (N, hidden)
 *   concat of the K vectors (N, K*hidden) -> Linear(K*hidden, 1)                     (N, 1, 1, 1)
 * </pre>
 * giving one predicted loss per image. No batch norm, no dropout, as the reference. The reference
 * pools with {@code AvgPool2d(feature_size)} on square CIFAR maps; the segmentation network's
 * maps are not square, so this pools over the whole H x W plane (equal to the reference on a
 * square map). Taps may have any spatial size; only their channel counts are fixed.
 *
 * <p>Parameters are named {@code <name>.tap<i>.fc.weight / .bias} and {@code <name>.head.weight /
 * .bias} and initialised as PyTorch's {@code nn.Linear}, drawn from {@code init} in the order the
 * reference module creates them (tap 0 ... tap K-1, then the head).
 *
 * <p>{@link #backward} returns dL/d(tap i) and adds parameter gradients; when the gradient stop
 * holds ({@link GradientStop}), the training loop calls {@link #backwardParameters} instead, which
 * adds the same parameter gradients without building the tap-sized input gradients (the
 * reference's {@code feature.detach()}). Like the layers it is built from, an instance keeps the
 * last forward's state and is not thread-safe.
 */
public final class LossPredictionModule {
    /** The reference's {@code interm_dim}. */
    public static final int DEFAULT_HIDDEN = 128;

    private final String name;
    private final int[] tapChannels;
    private final int hidden;
    private final GlobalAvgPool[] pools;
    private final Linear[] fcs;
    private final Activation[] relus;
    private final Concat concat;
    private final Linear head;
    private int batch = -1;

    /** A module with the reference's hidden width {@value #DEFAULT_HIDDEN}. */
    public LossPredictionModule(String name, int[] tapChannels, SplittableRandom init) {
        this(name, tapChannels, DEFAULT_HIDDEN, init);
    }

    /**
     * @param name        prefix of the parameter names
     * @param tapChannels channel count C_i of each tapped feature map, in the order forward takes them
     * @param hidden      width of each tap's fully connected layer
     * @param init        source of the initial weights
     */
    public LossPredictionModule(String name, int[] tapChannels, int hidden, SplittableRandom init) {
        if (name == null || init == null) {
            throw new IllegalArgumentException("loss-prediction module: name and init must not be null");
        }
        if (tapChannels == null || tapChannels.length == 0) {
            throw new IllegalArgumentException("loss-prediction module " + name + ": needs at least one tapped feature map");
        }
        for (int i = 0; i < tapChannels.length; i++) {
            if (tapChannels[i] <= 0) {
                throw new IllegalArgumentException("loss-prediction module " + name + ": tap " + i + " has "
                        + tapChannels[i] + " channels; channel counts must be positive " + Arrays.toString(tapChannels));
            }
        }
        if (hidden <= 0) {
            throw new IllegalArgumentException("loss-prediction module " + name + ": hidden width " + hidden + " must be positive");
        }
        int k = tapChannels.length;
        if ((long) k * hidden > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("loss-prediction module " + name + ": " + k + " taps of width " + hidden
                    + " are too many");
        }
        this.name = name;
        this.tapChannels = tapChannels.clone();
        this.hidden = hidden;
        this.pools = new GlobalAvgPool[k];
        this.fcs = new Linear[k];
        this.relus = new Activation[k];
        for (int i = 0; i < k; i++) {
            pools[i] = new GlobalAvgPool(name + ".tap" + i + ".gap");
            fcs[i] = new Linear(name + ".tap" + i + ".fc", tapChannels[i], hidden, true, init);
            relus[i] = Activation.relu();
        }
        this.concat = new Concat(name + ".concat");
        this.head = new Linear(name + ".head", k * hidden, 1, true, init);
    }

    public String name() { return name; }

    public int tapCount() { return tapChannels.length; }

    public int[] tapChannels() { return tapChannels.clone(); }

    public int hidden() { return hidden; }

    /** Trainable parameters: tap 0 fc weight, bias, ..., tap K-1 fc weight, bias, head weight, bias. */
    public List<Parameter> parameters() {
        List<Parameter> out = new ArrayList<>(2 * fcs.length + 2);
        for (Linear fc : fcs) {
            out.addAll(fc.parameters());
        }
        out.addAll(head.parameters());
        return List.copyOf(out);
    }

    /**
     * The predicted loss of each image.
     *
     * @param taps     K feature maps (N, C_i, H_i, W_i) with the same N >= 1 and the configured C_i
     * @param training passed to the layers (none of them behaves differently today)
     * @return (N, 1, 1, 1)
     */
    public Tensor4 forward(List<Tensor4> taps, boolean training) {
        int n = checkTaps(taps);
        List<Tensor4> vectors = new ArrayList<>(fcs.length);
        for (int i = 0; i < fcs.length; i++) {
            Tensor4 pooled = pools[i].forward(taps.get(i), training);
            vectors.add(relus[i].forward(fcs[i].forward(pooled, training), training));
        }
        Tensor4 out = head.forward(concat.forward(vectors), training);
        batch = n;
        return out;
    }

    /**
     * Backward from dL/d(predicted loss): adds every parameter's gradient and returns dL/d(tap i),
     * each with the shape tap i had in the last forward.
     */
    public List<Tensor4> backward(Tensor4 gradPredicted) {
        return backward(gradPredicted, true);
    }

    /**
     * As {@link #backward}, adding the parameter gradients only: the taps are treated as constants
     * (the reference's {@code detach()} once the gradient stop holds).
     */
    public void backwardParameters(Tensor4 gradPredicted) {
        backward(gradPredicted, false);
    }

    private List<Tensor4> backward(Tensor4 gradPredicted, boolean toTaps) {
        if (batch < 0) {
            throw new IllegalStateException("loss-prediction module " + name + ": backward before forward");
        }
        if (gradPredicted == null || gradPredicted.n() != batch || gradPredicted.c() != 1 || gradPredicted.h() != 1
                || gradPredicted.w() != 1) {
            throw new IllegalArgumentException("loss-prediction module " + name + ": gradient of the predicted loss has shape "
                    + (gradPredicted == null ? "null" : gradPredicted.shapeString()) + ", the prediction had [" + batch
                    + ", 1, 1, 1]");
        }
        List<Tensor4> gradVectors = concat.backward(head.backward(gradPredicted));
        List<Tensor4> gradTaps = new ArrayList<>(fcs.length);
        for (int i = 0; i < fcs.length; i++) {
            Tensor4 gradPooled = fcs[i].backward(relus[i].backward(gradVectors.get(i)));
            if (toTaps) {
                gradTaps.add(pools[i].backward(gradPooled));
            }
        }
        return toTaps ? List.copyOf(gradTaps) : List.of();
    }

    /** Checks the taps against the configured channels and returns their batch size. */
    private int checkTaps(List<Tensor4> taps) {
        if (taps == null || taps.size() != tapChannels.length) {
            throw new IllegalArgumentException("loss-prediction module " + name + ": expected " + tapChannels.length
                    + " tapped feature maps with channels " + Arrays.toString(tapChannels) + ", got "
                    + (taps == null ? "null" : taps.size() + " " + shapes(taps)));
        }
        for (int i = 0; i < taps.size(); i++) {
            Tensor4 t = taps.get(i);
            if (t == null) {
                throw new IllegalArgumentException("loss-prediction module " + name + ": tap " + i + " is null");
            }
            if (t.c() != tapChannels[i]) {
                throw new IllegalArgumentException("loss-prediction module " + name + ": tap " + i + " has shape "
                        + t.shapeString() + ", expected [N, " + tapChannels[i] + ", H, W] (taps " + shapes(taps) + ")");
            }
            if (t.n() == 0 || t.h() == 0 || t.w() == 0) {
                throw new IllegalArgumentException("loss-prediction module " + name + ": tap " + i + " has shape "
                        + t.shapeString() + "; it needs at least one image and one position");
            }
            if (t.n() != taps.get(0).n()) {
                throw new IllegalArgumentException("loss-prediction module " + name + ": tap " + i + " has shape "
                        + t.shapeString() + " but tap 0 has " + taps.get(0).shapeString() + " (batch sizes differ)");
            }
        }
        return taps.get(0).n();
    }

    private static String shapes(List<Tensor4> taps) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < taps.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(taps.get(i) == null ? "null" : taps.get(i).shapeString());
        }
        return sb.append(']').toString();
    }

    @Override
    public String toString() {
        return "LossPredictionModule(" + name + ", taps " + Arrays.toString(tapChannels) + ", hidden " + hidden + ")";
    }
}
