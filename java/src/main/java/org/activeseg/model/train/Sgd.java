package org.activeseg.model.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.activeseg.model.Parameter;

/**
 * Stochastic gradient descent with momentum, dampening, Nesterov and L2 weight decay, step for
 * step as {@code torch.optim.SGD} (float arithmetic per element, as torch does on float32):
 * <pre>
 *   g   = grad + wd * w                      (only for parameters with decay = true)
 *   buf = g                                   on the first step,
 *   buf = momentum * buf + (1 - dampening) * g  afterwards        (momentum != 0)
 *   d   = nesterov ? g + momentum * buf : buf   (d = g when momentum == 0)
 *   w  -= lr * multiplier * d
 * </pre>
 * State: one momentum buffer per parameter, {@code optim.momentum_buffer.<name>}, present after
 * the first step.
 */
public final class Sgd implements Optimizer {

    public static final String BUFFER_PREFIX = "optim.momentum_buffer.";

    private final List<ParamGroup> groups;
    private final List<Parameter> params;
    private final float momentum;
    private final float dampening;
    private final float weightDecay;
    private final boolean nesterov;
    private final float[][] buffers;
    private long steps;

    public Sgd(List<ParamGroup> groups, double momentum, double dampening, double weightDecay, boolean nesterov) {
        if (!(momentum >= 0) || !(weightDecay >= 0) || !(dampening >= 0 && dampening <= 1)) {
            throw new IllegalArgumentException("SGD needs momentum >= 0, weight decay >= 0 and dampening in [0, 1], got "
                    + momentum + ", " + weightDecay + ", " + dampening);
        }
        if (nesterov && (momentum == 0 || dampening != 0)) {
            throw new IllegalArgumentException("Nesterov momentum requires momentum > 0 and zero dampening");
        }
        this.groups = List.copyOf(groups);
        this.params = Optimizer.flatten(this.groups);
        this.momentum = (float) momentum;
        this.dampening = (float) dampening;
        this.weightDecay = (float) weightDecay;
        this.nesterov = nesterov;
        this.buffers = new float[params.size()][];
    }

    /** Momentum and weight decay without dampening or Nesterov, as ViewAL and DeepLab train. */
    public Sgd(List<ParamGroup> groups, double momentum, double weightDecay) {
        this(groups, momentum, 0, weightDecay, false);
    }

    @Override
    public void step(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + lr);
        }
        int k = 0;
        for (ParamGroup group : groups) {
            float glr = (float) (lr * group.lrMultiplier());
            for (Parameter p : group.params()) {
                update(p, k++, glr);
            }
        }
        steps++;
    }

    private void update(Parameter p, int k, float lr) {
        float[] w = p.value();
        float[] grad = p.grad();
        float wd = p.decay() ? weightDecay : 0f;
        if (momentum == 0f) {
            for (int i = 0; i < w.length; i++) {
                float g = grad[i] + wd * w[i];
                w[i] -= lr * g;
            }
            return;
        }
        float[] buf = buffers[k];
        boolean first = buf == null;
        if (first) {
            buf = new float[w.length];
            buffers[k] = buf;
        }
        float keep = 1f - dampening;
        for (int i = 0; i < w.length; i++) {
            float g = grad[i] + wd * w[i];
            float b = first ? g : momentum * buf[i] + keep * g;
            buf[i] = b;
            float d = nesterov ? g + momentum * b : b;
            w[i] -= lr * d;
        }
    }

    @Override
    public long steps() { return steps; }

    @Override
    public List<ParamGroup> groups() { return groups; }

    @Override
    public List<NamedTensor> state() {
        List<NamedTensor> out = new ArrayList<>();
        for (int k = 0; k < params.size(); k++) {
            if (buffers[k] != null) {
                Parameter p = params.get(k);
                out.add(new NamedTensor(BUFFER_PREFIX + p.name(), p.shape(), buffers[k].clone()));
            }
        }
        return out;
    }

    @Override
    public void loadState(long steps, Map<String, NamedTensor> tensors) {
        if (steps < 0) {
            throw new IllegalArgumentException("optimiser step count must be >= 0, got " + steps);
        }
        float[][] loaded = new float[params.size()][];
        if (steps > 0 && momentum != 0f) {
            for (int k = 0; k < params.size(); k++) {
                Parameter p = params.get(k);
                loaded[k] = Optimizer.require(tensors, BUFFER_PREFIX + p.name(), p).data().clone();
            }
        }
        System.arraycopy(loaded, 0, buffers, 0, loaded.length);
        this.steps = steps;
    }
}
