package org.activeseg.model.net;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.activeseg.model.Layer;
import org.activeseg.model.Parameter;
import org.activeseg.model.Tensor4;
import org.activeseg.model.layers.Activation;
import org.activeseg.model.layers.BilinearUpsample;
import org.activeseg.model.layers.Concat;
import org.activeseg.model.layers.Conv2d;
import org.activeseg.model.layers.Dropout2d;

/**
 * The DeepLab-like segmentation network of DESIGN.md ("Network and training"), shaped like
 * ViewAL's MobileNetV2 DeepLabv3+ at a smaller size:
 * <pre>
 *   encoder  stem 3x3/2 (c) -> stage0 (c, /1) -> stage1 (3c/2, /2) = low -> stage2 (2c, /2) -> stage3 (4c, /2) = high
 *   head     Dropout2d(high) -> context module (1x1 + dilated 3x3 branches, concat, 1x1)
 *            -> bilinear up to low's size (align_corners = true)
 *            ++ Dropout2d(low) -> 1x1 (c/2)
 *            -> depthwise-separable 3x3 (2c) -> 1x1 classifier -> bilinear up to input size (align_corners = true)
 * </pre>
 * The two Dropout2d layers are where ViewAL puts them (after the last backbone block and on the
 * low-level features, ALGORITHMS.md 1(f)), so MC-dropout inference runs {@link #encode} once and
 * {@link #decode} T times. The four stage outputs are the learning-loss module's taps; backward
 * accepts extra gradients at those taps.
 *
 * <p>Layers keep what backward needs from the last forward, so one instance serves one forward /
 * backward sequence at a time (not thread-safe; the layers themselves use all cores).
 */
public final class SegmentationNetwork {
    private final NetworkConfig config;
    private final Sequential stem;
    private final List<Sequential> stages = new ArrayList<>();
    private final List<Sequential> contextBranches = new ArrayList<>();
    private final Concat contextConcat = new Concat("context.concat");
    private final Sequential contextProject;
    private final Sequential lowProject;
    private final Concat decoderConcat = new Concat("decoder.concat");
    private final Sequential fuse;
    private final Conv2d classifier;
    private Dropout2d dropHigh;
    private Dropout2d dropLow;
    private boolean mcDropout;

    /** Per-forward state for backward. */
    private BilinearUpsample contextUp;
    private BilinearUpsample outputUp;
    private Tensor4 lastDecoderInput;
    private Tensor4 lastFeatureLogits;

    public NetworkConfig config() { return config; }

    /** What the encoder computed for a batch: the four stage outputs (low = 1, high = 3) and the input size. */
    public record Features(List<Tensor4> taps, int inputHeight, int inputWidth) {
        public Features {
            taps = List.copyOf(taps);
        }

        public Tensor4 low() { return taps.get(1); }

        public Tensor4 high() { return taps.get(NetworkConfig.STAGES - 1); }
    }

    public SegmentationNetwork(NetworkConfig config) {
        this.config = config;
        SplittableRandom init = new SplittableRandom(config.seed());
        int c = config.width();
        stem = Blocks.convBn("stem", 3, c, 3, 2, 1, 1, Activation.Kind.RELU6, init);
        int in = c;
        int[] strides = {1, 2, 2, 2};
        for (int s = 0; s < NetworkConfig.STAGES; s++) {
            int out = config.stageChannels(s);
            List<Layer> blocks = new ArrayList<>();
            for (int b = 0; b < config.blocks()[s]; b++) {
                blocks.add(new InvertedResidual("encoder.stage" + s + ".block" + b, in, out, b == 0 ? strides[s] : 1, 1,
                        s == 0 ? 1 : config.expansion(), init));
                in = out;
            }
            stages.add(new Sequential(blocks));
        }
        int high = config.stageChannels(3);
        int ctx = 2 * c;
        contextBranches.add(Blocks.convBn("context.branch0", high, ctx, 1, 1, 1, 1, Activation.Kind.RELU, init));
        int[] rates = config.rates();
        for (int i = 0; i < rates.length; i++) {
            contextBranches.add(Blocks.convBn("context.branch" + (i + 1), high, ctx, 3, 1, rates[i], 1,
                    Activation.Kind.RELU, init));
        }
        contextProject = Blocks.convBn("context.project", ctx * contextBranches.size(), ctx, 1, 1, 1, 1,
                Activation.Kind.RELU, init);
        int lowC = Math.max(4, c / 2);
        lowProject = Blocks.convBn("decoder.low", config.stageChannels(1), lowC, 1, 1, 1, 1, Activation.Kind.RELU, init);
        int fused = ctx + lowC;
        fuse = Sequential.of(
                Blocks.convBn("decoder.fuse.depthwise", fused, fused, 3, 1, 1, fused, Activation.Kind.RELU, init),
                Blocks.convBn("decoder.fuse.pointwise", fused, 2 * c, 1, 1, 1, 1, Activation.Kind.RELU, init));
        classifier = new Conv2d("classifier", 2 * c, config.classes(), 1, 1, 1, 0, 1, 1, true, init);
        reseedDropout(config.seed() ^ 0x9E3779B97F4A7C15L);
    }

    /**
     * Replaces the dropout layers' random streams: the same seed gives the same sequence of masks,
     * which makes MC-dropout scoring and training reproducible.
     */
    public void reseedDropout(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        dropHigh = new Dropout2d(config.dropout(), r.split());
        dropLow = new Dropout2d(config.dropout(), r.split());
        dropHigh.mcDropout(mcDropout);
        dropLow.mcDropout(mcDropout);
    }

    /** Keeps the two Dropout2d layers active outside training (MC dropout; batch norm stays in eval). */
    public void mcDropout(boolean on) {
        mcDropout = on;
        dropHigh.mcDropout(on);
        dropLow.mcDropout(on);
    }

    /** Channels of the four taps (stage outputs), for the learning-loss module. */
    public int[] tapChannels() {
        int[] out = new int[NetworkConfig.STAGES];
        for (int s = 0; s < out.length; s++) {
            out[s] = config.stageChannels(s);
        }
        return out;
    }

    /** Runs the encoder on a normalised image batch (N, 3, H, W). */
    public Features encode(Tensor4 image, boolean training) {
        if (image.c() != 3) {
            throw new IllegalArgumentException("network input must have 3 channels, got " + image.shapeString());
        }
        if (image.h() < 16 || image.w() < 16) {
            throw new IllegalArgumentException("network input must be at least 16 x 16 (output stride 16), got "
                    + image.shapeString());
        }
        List<Tensor4> taps = new ArrayList<>(NetworkConfig.STAGES);
        Tensor4 x = stem.forward(image, training);
        for (Sequential stage : stages) {
            x = stage.forward(x, training);
            taps.add(x);
        }
        return new Features(taps, image.h(), image.w());
    }

    /** Runs the head (dropout, context module, decoder, classifier) to logits (N, classes, H, W) at input size. */
    public Tensor4 decode(Features f, boolean training) {
        Tensor4 high = dropHigh.forward(f.high(), training);
        List<Tensor4> branches = new ArrayList<>(contextBranches.size());
        for (Sequential b : contextBranches) {
            branches.add(b.forward(high, training));
        }
        Tensor4 ctx = contextProject.forward(contextConcat.forward(branches), training);
        Tensor4 low = lowProject.forward(dropLow.forward(f.low(), training), training);
        contextUp = new BilinearUpsample(low.h(), low.w(), true);
        Tensor4 up = contextUp.forward(ctx, training);
        lastDecoderInput = decoderConcat.forward(List.of(up, low));
        Tensor4 fused = fuse.forward(lastDecoderInput, training);
        Tensor4 logits = classifier.forward(fused, training);
        lastFeatureLogits = logits;
        outputUp = new BilinearUpsample(f.inputHeight(), f.inputWidth(), true);
        return outputUp.forward(logits, training);
    }

    /**
     * The decoder's input of the last {@link #decode}: the upsampled context module output concatenated
     * with the projected low-level features, (N, {@link #decoderChannels()}, H/4, W/4). U2PL's
     * representation head reads it (its {@code torch.cat((low_feat, aspp_out))}); the tensor is the
     * network's own, to be read, not modified.
     */
    public Tensor4 lastDecoderInput() {
        if (lastDecoderInput == null) {
            throw new IllegalStateException("network: no decode has run yet");
        }
        return lastDecoderInput;
    }

    /** The classifier's logits of the last {@link #decode} before the upsampling to input size (N, classes, H/4, W/4). */
    public Tensor4 lastFeatureLogits() {
        if (lastFeatureLogits == null) {
            throw new IllegalStateException("network: no decode has run yet");
        }
        return lastFeatureLogits;
    }

    /** Channels of {@link #lastDecoderInput()}. */
    public int decoderChannels() {
        return 2 * config.width() + Math.max(4, config.width() / 2);
    }

    /** {@link #encode} then {@link #decode}. */
    public Tensor4 forward(Tensor4 image, boolean training) {
        return decode(encode(image, training), training);
    }

    /**
     * Backpropagates dL/d(logits) of the last {@link #forward}, adding parameter gradients;
     * {@code tapGradients} (null, or one per tap with null entries allowed) are extra gradients at
     * the stage outputs, e.g. from the learning-loss module. Returns dL/d(image).
     */
    public Tensor4 backward(Tensor4 gradLogits, List<Tensor4> tapGradients) {
        return backward(gradLogits, tapGradients, null);
    }

    /**
     * {@link #backward(Tensor4, List)} with an extra gradient at the decoder's input ({@link
     * #lastDecoderInput()}; null for none), from a head that reads it (U2PL's representation head).
     */
    public Tensor4 backward(Tensor4 gradLogits, List<Tensor4> tapGradients, Tensor4 gradDecoderInput) {
        if (outputUp == null) {
            throw new IllegalStateException("network: backward called before forward");
        }
        if (tapGradients != null && tapGradients.size() != NetworkConfig.STAGES) {
            throw new IllegalArgumentException("network: " + tapGradients.size() + " tap gradients given, expected "
                    + NetworkConfig.STAGES);
        }
        Tensor4 g = classifier.backward(outputUp.backward(gradLogits));
        Tensor4 gDecoder = fuse.backward(g);
        if (gradDecoderInput != null) {
            gDecoder.requireShape(gradDecoderInput, "network: gradient at the decoder input");
            addInto(gDecoder, gradDecoderInput);
        }
        List<Tensor4> parts = decoderConcat.backward(gDecoder);
        Tensor4 gLow = dropLow.backward(lowProject.backward(parts.get(1)));
        List<Tensor4> gBranches = contextConcat.backward(contextProject.backward(contextUp.backward(parts.get(0))));
        Tensor4 gHigh = null;
        for (int i = 0; i < contextBranches.size(); i++) {
            gHigh = addInto(gHigh, contextBranches.get(i).backward(gBranches.get(i)));
        }
        gHigh = dropHigh.backward(gHigh);
        Tensor4 grad = gHigh;
        for (int s = NetworkConfig.STAGES - 1; s >= 0; s--) {
            if (tapGradients != null) {
                grad = addInto(grad, tapGradients.get(s));
            }
            if (s == 1) {
                grad = addInto(grad, gLow);
            }
            grad = stages.get(s).backward(grad);
        }
        return stem.backward(grad);
    }

    private static Tensor4 addInto(Tensor4 acc, Tensor4 g) {
        if (g == null) {
            return acc;
        }
        if (acc == null) {
            return g.copy();
        }
        acc.requireShape(g, "network gradient");
        float[] a = acc.data();
        float[] b = g.data();
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
        return acc;
    }

    /** Every trainable parameter in a stable order (encoder, context, decoder, classifier). */
    public List<Parameter> parameters() {
        List<Parameter> out = new ArrayList<>(stem.parameters());
        stages.forEach(s -> out.addAll(s.parameters()));
        contextBranches.forEach(b -> out.addAll(b.parameters()));
        out.addAll(contextProject.parameters());
        out.addAll(lowProject.parameters());
        out.addAll(fuse.parameters());
        out.addAll(classifier.parameters());
        return out;
    }

    /** Batch-norm running statistics, in a stable order. */
    public List<Parameter> buffers() {
        List<Parameter> out = new ArrayList<>(stem.buffers());
        stages.forEach(s -> out.addAll(s.buffers()));
        contextBranches.forEach(b -> out.addAll(b.buffers()));
        out.addAll(contextProject.buffers());
        out.addAll(lowProject.buffers());
        out.addAll(fuse.buffers());
        return out;
    }

    public long parameterCount() {
        return parameters().stream().mapToLong(Parameter::size).sum();
    }

    public void zeroGrad() {
        parameters().forEach(Parameter::zeroGrad);
    }
}
