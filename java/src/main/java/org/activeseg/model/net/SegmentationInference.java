package org.activeseg.model.net;

import java.util.ArrayList;
import java.util.List;
import org.activeseg.data.Frame;
import org.activeseg.model.Tensor4;
import org.activeseg.model.augment.ImageNormalization;

/**
 * Inference with a trained {@link SegmentationNetwork}: argmax predictions (batch norm and dropout
 * in evaluation mode), evaluation into a {@link ConfusionMatrix}, softmax probabilities, and
 * MC-dropout sampling where the encoder runs once per batch and only the head runs T times
 * (ALGORITHMS.md 1(a): batch norm stays in eval, only the Dropout2d layers are on). Frames are
 * batched in order, consecutive frames of one size together.
 */
public final class SegmentationInference {

    /** Receives one softmax sample (C * P, class-major) of frame {@code frame} (index into the list given). */
    public interface SampleSink {
        void accept(int frame, int sample, float[] probabilities);
    }

    private final SegmentationNetwork network;
    private final ImageNormalization normalization;
    private final int batchSize;

    public SegmentationInference(SegmentationNetwork network, ImageNormalization normalization, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("inference batch size must be >= 1, got " + batchSize);
        }
        this.network = network;
        this.normalization = normalization;
        this.batchSize = batchSize;
    }

    public SegmentationNetwork network() { return network; }

    /** Per-frame argmax class per pixel. */
    public List<int[]> predict(List<Frame> frames) {
        List<int[]> out = new ArrayList<>(frames.size());
        network.mcDropout(false);
        for (List<Frame> batch : batches(frames)) {
            Tensor4 logits = network.forward(images(batch), false);
            for (int i = 0; i < batch.size(); i++) {
                out.add(argmax(logits, i));
            }
        }
        return out;
    }

    /** Confusion matrix of the predictions against the frames' labels (every frame must have labels). */
    public ConfusionMatrix evaluate(List<Frame> frames) {
        ConfusionMatrix m = new ConfusionMatrix(network.config().classes());
        List<int[]> predictions = predict(frames);
        for (int i = 0; i < frames.size(); i++) {
            Frame f = frames.get(i);
            if (!f.hasLabels()) {
                throw new IllegalArgumentException("frame " + f.id() + " has no labels to evaluate against");
            }
            m.add(f.id(), f.labels(), predictions.get(i));
        }
        return m;
    }

    /**
     * Streams T samples per frame: for T = 1 the deterministic evaluation pass (no dropout); for T > 1
     * MC dropout with masks drawn from {@code seed}. Per batch the encoder runs once and the head T
     * times; only one batch's sample is alive at a time.
     */
    public void samples(List<Frame> frames, int samples, long seed, SampleSink sink) {
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be >= 1, got " + samples);
        }
        int offset = 0;
        try {
            network.mcDropout(samples > 1);
            for (List<Frame> batch : batches(frames)) {
                network.reseedDropout(SegmentationTrainer.mix(seed, offset, -3));
                SegmentationNetwork.Features f = network.encode(images(batch), false);
                for (int t = 0; t < samples; t++) {
                    Tensor4 logits = network.decode(f, false);
                    for (int i = 0; i < batch.size(); i++) {
                        sink.accept(offset + i, t, softmax(logits, i));
                    }
                }
                offset += batch.size();
            }
        } finally {
            network.mcDropout(false);
        }
    }

    /**
     * Samples of one frame pulled one at a time: the encoder runs at construction, the head at each
     * {@link Sampler#next}. Holds the network (MC dropout on) until closed.
     */
    public final class Sampler implements AutoCloseable {
        private final SegmentationNetwork.Features features;
        private final int samples;
        private int taken;

        private Sampler(Frame frame, int samples, long seed) {
            this.samples = samples;
            network.mcDropout(samples > 1);
            network.reseedDropout(SegmentationTrainer.mix(seed, 0, -3));
            this.features = network.encode(images(List.of(frame)), false);
        }

        /** The next softmax sample, (C, P) class-major. */
        public float[] next() {
            if (taken >= samples) {
                throw new IllegalStateException("all " + samples + " samples were taken");
            }
            taken++;
            return softmax(network.decode(features, false), 0);
        }

        @Override
        public void close() {
            network.mcDropout(false);
        }
    }

    /** A {@link Sampler} of one frame; equal to {@link #samples} of that frame alone with the same seed. */
    public Sampler sampler(Frame frame, int samples, long seed) {
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be >= 1, got " + samples);
        }
        return new Sampler(frame, samples, seed);
    }

    private List<List<Frame>> batches(List<Frame> frames) {
        List<List<Frame>> out = new ArrayList<>();
        List<Frame> cur = new ArrayList<>();
        for (Frame f : frames) {
            if (!cur.isEmpty() && (cur.size() == batchSize || f.width() != cur.get(0).width()
                    || f.height() != cur.get(0).height())) {
                out.add(cur);
                cur = new ArrayList<>();
            }
            cur.add(f);
        }
        if (!cur.isEmpty()) {
            out.add(cur);
        }
        return out;
    }

    private Tensor4 images(List<Frame> batch) {
        Frame first = batch.get(0);
        Tensor4 x = new Tensor4(batch.size(), 3, first.height(), first.width());
        int plane = 3 * first.pixels();
        for (int i = 0; i < batch.size(); i++) {
            Frame f = batch.get(i);
            System.arraycopy(normalization.image(f.rgb(), f.width(), f.height()), 0, x.data(), i * plane, plane);
        }
        return x;
    }

    private static int[] argmax(Tensor4 logits, int n) {
        int c = logits.c();
        int p = logits.h() * logits.w();
        float[] d = logits.data();
        int base = n * c * p;
        int[] out = new int[p];
        for (int i = 0; i < p; i++) {
            int best = 0;
            float bv = d[base + i];
            for (int k = 1; k < c; k++) {
                float v = d[base + k * p + i];
                if (v > bv) {
                    bv = v;
                    best = k;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /** Softmax over classes of item n, (C, P) class-major, computed in double per pixel. */
    static float[] softmax(Tensor4 logits, int n) {
        int c = logits.c();
        int p = logits.h() * logits.w();
        float[] d = logits.data();
        int base = n * c * p;
        float[] out = new float[c * p];
        for (int i = 0; i < p; i++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int k = 0; k < c; k++) {
                max = Math.max(max, d[base + k * p + i]);
            }
            double sum = 0;
            for (int k = 0; k < c; k++) {
                sum += Math.exp(d[base + k * p + i] - max);
            }
            for (int k = 0; k < c; k++) {
                out[k * p + i] = (float) (Math.exp(d[base + k * p + i] - max) / sum);
            }
        }
        return out;
    }
}
