package org.activeseg.model.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.activeseg.model.Parameter;

/**
 * Adam (Kingma and Ba 2015) as {@code torch.optim.Adam}: tensor arithmetic in float, the scalar
 * bias corrections in double as Python computes them. With {@code decoupled = false} weight decay
 * is L2 added to the gradient (torch's Adam); with {@code decoupled = true} it is AdamW's
 * {@code w *= 1 - lr * wd} before the update (Loshchilov and Hutter 2019). Either applies only to
 * parameters with decay = true.
 * <pre>
 *   t += 1;  g = grad (+ wd * w for L2)
 *   m = m + (1 - beta1) * (g - m)   (torch's lerp);   v = beta2 * v + (1 - beta2) * g * g
 *   w -= (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 * State: {@code optim.exp_avg.<name>} and {@code optim.exp_avg_sq.<name>} per parameter and the
 * step count t.
 */
public final class Adam implements Optimizer {

    public static final String EXP_AVG_PREFIX = "optim.exp_avg.";
    public static final String EXP_AVG_SQ_PREFIX = "optim.exp_avg_sq.";

    private final List<ParamGroup> groups;
    private final List<Parameter> params;
    private final double beta1;
    private final double beta2;
    private final float eps;
    private final float weightDecay;
    private final boolean decoupled;
    private final float[][] expAvg;
    private final float[][] expAvgSq;
    private long steps;

    public Adam(List<ParamGroup> groups, double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps >= 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("Adam needs betas in [0, 1), eps >= 0 and weight decay >= 0, got "
                    + beta1 + ", " + beta2 + ", " + eps + ", " + weightDecay);
        }
        this.groups = List.copyOf(groups);
        this.params = Optimizer.flatten(this.groups);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = (float) eps;
        this.weightDecay = (float) weightDecay;
        this.decoupled = decoupled;
        this.expAvg = new float[params.size()][];
        this.expAvgSq = new float[params.size()][];
        for (int k = 0; k < params.size(); k++) {
            expAvg[k] = new float[params.get(k).size()];
            expAvgSq[k] = new float[params.get(k).size()];
        }
    }

    /** torch's defaults: betas (0.9, 0.999), eps 1e-8, L2 weight decay. */
    public Adam(List<ParamGroup> groups, double weightDecay) {
        this(groups, 0.9, 0.999, 1e-8, weightDecay, false);
    }

    @Override
    public void step(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + lr);
        }
        long t = steps + 1;
        double bc1 = 1 - Math.pow(beta1, t);
        double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
        int k = 0;
        for (ParamGroup group : groups) {
            double glr = lr * group.lrMultiplier();
            for (Parameter p : group.params()) {
                update(p, k++, glr, bc1, bc2Sqrt);
            }
        }
        steps = t;
    }

    private void update(Parameter p, int k, double lr, double bc1, double bc2Sqrt) {
        float[] w = p.value();
        float[] grad = p.grad();
        float[] m = expAvg[k];
        float[] v = expAvgSq[k];
        float wd = p.decay() ? weightDecay : 0f;
        float b2 = (float) beta2;
        float oneMinusB1 = (float) (1 - beta1);
        float oneMinusB2 = (float) (1 - beta2);
        float stepSize = (float) (lr / bc1);
        float bc2 = (float) bc2Sqrt;
        float shrink = decoupled ? (float) (1 - lr * wd) : 1f;
        for (int i = 0; i < w.length; i++) {
            float g = grad[i];
            if (decoupled) {
                w[i] *= shrink;
            } else {
                g += wd * w[i];
            }
            m[i] += oneMinusB1 * (g - m[i]);
            v[i] = b2 * v[i] + oneMinusB2 * g * g;
            float denom = (float) Math.sqrt(v[i]) / bc2 + eps;
            w[i] -= stepSize * (m[i] / denom);
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
            Parameter p = params.get(k);
            out.add(new NamedTensor(EXP_AVG_PREFIX + p.name(), p.shape(), expAvg[k].clone()));
            out.add(new NamedTensor(EXP_AVG_SQ_PREFIX + p.name(), p.shape(), expAvgSq[k].clone()));
        }
        return out;
    }

    @Override
    public void loadState(long steps, Map<String, NamedTensor> tensors) {
        if (steps < 0) {
            throw new IllegalArgumentException("optimiser step count must be >= 0, got " + steps);
        }
        float[][] m = new float[params.size()][];
        float[][] v = new float[params.size()][];
        for (int k = 0; k < params.size(); k++) {
            Parameter p = params.get(k);
            m[k] = Optimizer.require(tensors, EXP_AVG_PREFIX + p.name(), p).data().clone();
            v[k] = Optimizer.require(tensors, EXP_AVG_SQ_PREFIX + p.name(), p).data().clone();
        }
        System.arraycopy(m, 0, expAvg, 0, m.length);
        System.arraycopy(v, 0, expAvgSq, 0, v.length);
        this.steps = steps;
    }
}
