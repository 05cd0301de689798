package org.activeseg.stream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.activeseg.data.Frame;
import org.activeseg.model.Parameter;
import org.activeseg.model.augment.ImageNormalization;
import org.activeseg.model.net.NetworkConfig;
import org.activeseg.model.net.SegmentationInference;
import org.activeseg.model.net.SegmentationNetwork;
import org.activeseg.model.train.Checkpoint;

/**
 * The segmentation network a streaming session runs on frames that arrive without probabilities:
 * a checkpoint written by `activeseg run` (or any {@link Checkpoint} of a {@link SegmentationNetwork}),
 * run on the frame's RGB with ImageNet normalisation as the loop does, giving T MC-dropout samples
 * (the encoder once, the head T times, batch norm in evaluation mode; T = 1: the deterministic pass).
 * Each frame's dropout masks come from (seed, frame id), so a frame's samples do not depend on what
 * arrived before it. One network serves every scene: calls are serialised.
 */
public final class StreamNetwork {
    private final Path checkpoint;
    private final SegmentationNetwork network;
    private final SegmentationInference inference;
    private final int samples;
    private final long seed;

    private StreamNetwork(Path checkpoint, SegmentationNetwork network, int samples, long seed) {
        this.checkpoint = checkpoint;
        this.network = network;
        this.inference = new SegmentationInference(network, ImageNormalization.IMAGENET, 1);
        this.samples = samples;
        this.seed = seed;
    }

    /**
     * Loads the network of a checkpoint (its configuration from the checkpoint's header, its weights and
     * batch-norm statistics restored); errors name the file.
     *
     * @param samples T MC-dropout samples per frame (1: no dropout)
     */
    public static StreamNetwork open(Path checkpoint, int samples, long seed) throws IOException {
        if (samples < 1) {
            throw new IllegalArgumentException("MC samples must be >= 1, got " + samples);
        }
        Checkpoint c = Checkpoint.read(checkpoint);
        NetworkConfig config;
        try {
            config = NetworkConfig.decode(c.config());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("checkpoint " + checkpoint + " holds no segmentation network configuration ('"
                    + c.config() + "'): " + e.getMessage(), e);
        }
        SegmentationNetwork net = new SegmentationNetwork(config);
        List<Parameter> all = new ArrayList<>(net.parameters());
        all.addAll(net.buffers());
        try {
            c.restore(all);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("checkpoint " + checkpoint + " does not fit its network: " + e.getMessage(), e);
        }
        return new StreamNetwork(checkpoint, net, samples, seed);
    }

    /** C, the classes the network predicts. */
    public int classes() {
        return network.config().classes();
    }

    /** T, the samples per frame. */
    public int samples() {
        return samples;
    }

    public Path checkpoint() {
        return checkpoint;
    }

    /** The frame's T softmax samples, (T, C, H, W) row-major, from its RGB. */
    public synchronized float[] probabilities(Frame frame) {
        int p = frame.pixels();
        int c = classes();
        float[] out = new float[Math.multiplyExact(Math.multiplyExact(samples, c), p)];
        try (SegmentationInference.Sampler s = inference.sampler(frame, samples, frameSeed(frame.id()))) {
            for (int t = 0; t < samples; t++) {
                float[] sample = s.next();
                System.arraycopy(sample, 0, out, t * c * p, c * p);
            }
        }
        return out;
    }

    /** The dropout seed of a frame: the session seed mixed with the frame id (FNV-1a of its UTF-8 bytes). */
    long frameSeed(String frameId) {
        long h = 0xcbf29ce484222325L;
        for (byte b : frameId.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return seed * 0x9E3779B97F4A7C15L + h;
    }
}
