package org.activeseg.model.layers;

import java.util.List;
import java.util.stream.IntStream;
import org.activeseg.model.Layer;
import org.activeseg.model.Parameter;
import org.activeseg.model.Tensor4;

/**
 * Batch normalisation over (N, H, W) per channel, as PyTorch's {@code nn.BatchNorm2d}
 * (Ioffe and Szegedy 2015). Training normalises with the batch mean and the biased batch
 * variance and updates the running statistics with {@code running = (1 - momentum) * running
 * + momentum * batch}, using the unbiased variance for {@code running_var}; evaluation
 * normalises with the running statistics. The affine weight (initialised to 1) and bias (0)
 * are trainable without weight decay; running mean (0) and variance (1) are {@link #buffers()}.
 * Backward differentiates whichever mode the last forward ran in (the full batch-statistics
 * gradient in training). Per-channel sums run in double in a fixed order, so results do not
 * depend on the thread count.
 */
public final class BatchNorm2d implements Layer {
    private final String name;
    private final int channels;
    private final double eps;
    private final double momentum;
    private final Parameter weight;
    private final Parameter bias;
    private final Parameter runningMean;
    private final Parameter runningVar;

    private Tensor4 input;
    private boolean lastTraining;
    private double[] lastMean;
    private double[] lastInvStd;

    public BatchNorm2d(String name, int channels) {
        this(name, channels, 1e-5, 0.1);
    }

    public BatchNorm2d(String name, int channels, double eps, double momentum) {
        if (channels <= 0) {
            throw new IllegalArgumentException("batch norm " + name + ": channels must be positive, got " + channels);
        }
        if (!(eps > 0) || !Double.isFinite(eps)) {
            throw new IllegalArgumentException("batch norm " + name + ": eps must be positive and finite, got " + eps);
        }
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("batch norm " + name + ": momentum must be in [0, 1], got " + momentum);
        }
        this.name = name;
        this.channels = channels;
        this.eps = eps;
        this.momentum = momentum;
        this.weight = new Parameter(name + ".weight", false, channels);
        this.bias = new Parameter(name + ".bias", false, channels);
        this.runningMean = new Parameter(name + ".running_mean", false, channels);
        this.runningVar = new Parameter(name + ".running_var", false, channels);
        java.util.Arrays.fill(weight.value(), 1f);
        java.util.Arrays.fill(runningVar.value(), 1f);
    }

    public String name() { return name; }
    public int channels() { return channels; }
    public Parameter weight() { return weight; }
    public Parameter bias() { return bias; }
    public Parameter runningMean() { return runningMean; }
    public Parameter runningVar() { return runningVar; }

    @Override
    public Tensor4 forward(Tensor4 in, boolean training) {
        if (in.c() != channels) {
            throw new IllegalArgumentException("batch norm " + name + ": input shape " + in.shapeString()
                    + " does not have the expected " + channels + " channels (expected [N, " + channels + ", H, W])");
        }
        int n = in.n();
        int plane = in.h() * in.w();
        long count = (long) n * plane;
        if (training && count <= 1) {
            throw new IllegalArgumentException("batch norm " + name + ": training needs more than 1 value per channel, input shape "
                    + in.shapeString());
        }
        double[] mean = new double[channels];
        double[] invStd = new double[channels];
        Tensor4 out = in.zerosLike();
        float[] x = in.data();
        float[] y = out.data();
        float[] gamma = weight.value();
        float[] beta = bias.value();
        float[] rm = runningMean.value();
        float[] rv = runningVar.value();
        IntStream.range(0, channels).parallel().forEach(c -> {
            double mu;
            double var;
            if (training) {
                double sum = 0;
                for (int b = 0; b < n; b++) {
                    int base = (b * channels + c) * plane;
                    for (int i = 0; i < plane; i++) {
                        sum += x[base + i];
                    }
                }
                mu = count == 0 ? 0 : sum / count;
                double sq = 0;
                for (int b = 0; b < n; b++) {
                    int base = (b * channels + c) * plane;
                    for (int i = 0; i < plane; i++) {
                        double d = x[base + i] - mu;
                        sq += d * d;
                    }
                }
                var = sq / count;
                rm[c] = (float) ((1 - momentum) * rm[c] + momentum * mu);
                rv[c] = (float) ((1 - momentum) * rv[c] + momentum * sq / (count - 1));
            } else {
                mu = rm[c];
                var = rv[c];
            }
            double is = 1.0 / Math.sqrt(var + eps);
            mean[c] = mu;
            invStd[c] = is;
            double scale = gamma[c] * is;
            double shift = beta[c] - mu * scale;
            for (int b = 0; b < n; b++) {
                int base = (b * channels + c) * plane;
                for (int i = 0; i < plane; i++) {
                    y[base + i] = (float) (x[base + i] * scale + shift);
                }
            }
        });
        input = in;
        lastTraining = training;
        lastMean = mean;
        lastInvStd = invStd;
        return out;
    }

    @Override
    public Tensor4 backward(Tensor4 gradOutput) {
        if (input == null) {
            throw new IllegalStateException("batch norm " + name + ": backward called before forward");
        }
        if (!input.sameShape(gradOutput)) {
            throw new IllegalArgumentException("batch norm " + name + ": gradient shape " + gradOutput.shapeString()
                    + " does not match the forward shape " + input.shapeString());
        }
        int n = input.n();
        int plane = input.h() * input.w();
        long count = (long) n * plane;
        Tensor4 gradIn = input.zerosLike();
        float[] x = input.data();
        float[] g = gradOutput.data();
        float[] gi = gradIn.data();
        float[] gamma = weight.value();
        float[] gw = weight.grad();
        float[] gb = bias.grad();
        boolean training = lastTraining;
        IntStream.range(0, channels).parallel().forEach(c -> {
            double mu = lastMean[c];
            double is = lastInvStd[c];
            double sumG = 0;
            double sumGXhat = 0;
            for (int b = 0; b < n; b++) {
                int base = (b * channels + c) * plane;
                for (int i = 0; i < plane; i++) {
                    double gv = g[base + i];
                    sumG += gv;
                    sumGXhat += gv * (x[base + i] - mu) * is;
                }
            }
            gw[c] += (float) sumGXhat;
            gb[c] += (float) sumG;
            double k = gamma[c] * is;
            if (training) {
                double meanG = sumG / count;
                double meanGXhat = sumGXhat / count;
                for (int b = 0; b < n; b++) {
                    int base = (b * channels + c) * plane;
                    for (int i = 0; i < plane; i++) {
                        double xhat = (x[base + i] - mu) * is;
                        gi[base + i] = (float) (k * (g[base + i] - meanG - xhat * meanGXhat));
                    }
                }
            } else {
                for (int b = 0; b < n; b++) {
                    int base = (b * channels + c) * plane;
                    for (int i = 0; i < plane; i++) {
                        gi[base + i] = (float) (k * g[base + i]);
                    }
                }
            }
        });
        return gradIn;
    }

    @Override
    public List<Parameter> parameters() { return List.of(weight, bias); }

    @Override
    public List<Parameter> buffers() { return List.of(runningMean, runningVar); }
}
