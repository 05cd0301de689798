package org.activeseg.model.semi;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.activeseg.acquisition.u2pl.ReliabilitySplit;
import org.activeseg.model.Tensor4;

/**
 * U2PL's contrastive loss with memory banks ({@code compute_contra_memobank_loss}, ALGORITHMS.md 5(a)),
 * at feature resolution (a quarter of the input), over a batch whose first {@code labelled} samples are
 * labelled:
 * <ul>
 * <li>per class c: low-valid pixels are those of (pseudo-)label c in the low mask; anchor candidates are
 *     low-valid pixels whose teacher probability of c exceeds {@link Settings#anchorThreshold()}; the
 *     positive is the mean teacher representation over the low-valid pixels; the negative keys
 *     ({@link ReliabilitySplit#negatives}, paper or code masks) are pushed into c's FIFO bank;</li>
 * <li>a class with low-valid pixels is valid; with at most one valid class the loss is 0;</li>
 * <li>per valid class: {@link Settings#queries()} anchors drawn with replacement, each against the positive
 *     and {@link Settings#negatives()} keys drawn with replacement from the bank, cross-entropy of the
 *     cosine similarities / temperature with the positive as the target, averaged over the anchors; a
 *     class without anchor candidates or with an empty bank adds 0;</li>
 * <li>the total is divided by the number of valid classes.</li>
 * </ul>
 * {@link ReliabilitySplit.NegativeMode#COMPAT} also reproduces U2PL issue #111: the i-th valid class
 * draws its anchors and positive from class i but its negatives from the bank of the i-th valid class.
 * Cosine similarity is torch's: {@code x.y / max(|x||y|, 1e-8)}.
 */
public final class U2plContrastiveLoss {
    /** U2PL's defaults (ALGORITHMS.md 5(b)). */
    public record Settings(ReliabilitySplit.NegativeMode mode, double anchorThreshold, int lowRank, int highRank,
                           int queries, int negatives, double temperature) {
        public static Settings u2pl(ReliabilitySplit.NegativeMode mode) {
            return new Settings(mode, 0.3, 3, 20, 256, 50, 0.5);
        }

        public Settings {
            if (!(anchorThreshold >= 0 && anchorThreshold < 1) || lowRank < 0 || highRank <= lowRank || queries <= 0
                    || negatives <= 0 || !(temperature > 0) || Double.isInfinite(temperature)) {
                throw new IllegalArgumentException("U2PL contrastive settings out of range: " + mode + ", " + anchorThreshold
                        + ", ranks [" + lowRank + ", " + highRank + "), " + queries + " queries, " + negatives
                        + " negatives, temperature " + temperature);
            }
        }
    }

    static final double COSINE_EPS = 1e-8;

    /**
     * The loss, its gradient at the student's representation, the valid classes and the classes that drew
     * anchors; per valid class (in order) the anchor pixels and bank indices drawn, or null where it drew none.
     */
    public record Result(double loss, Tensor4 gradRep, int validClasses, int classesWithAnchors, List<int[]> anchorsDrawn,
                         List<int[]> keysDrawn) {}

    private U2plContrastiveLoss() {}

    /**
     * @param rep        the student's representations (N, D, h, w)
     * @param repTeacher the teacher's (N, D, h, w)
     * @param probs      the teacher's probabilities (N, C, h, w)
     * @param label      (N, h, w) labels of the first {@code labelled} samples, pseudo-labels of the rest; 255 = none
     * @param labelled   how many leading samples are labelled
     * @param low        (N, h, w) the low-entropy mask (labelled samples: their valid pixels)
     * @param high       (N, h, w) the high-entropy mask (labelled samples: their valid pixels)
     * @param bank       the memory bank, pushed into (teacher keys)
     * @param rng        draws the anchors and the negative keys
     */
    public static Result compute(Tensor4 rep, Tensor4 repTeacher, Tensor4 probs, int[] label, int labelled, boolean[] low,
                                 boolean[] high, MemoryBank bank, SplittableRandom rng, Settings s) {
        int n = rep.n();
        int dim = rep.c();
        int hw = rep.h() * rep.w();
        int classes = probs.c();
        int pixels = n * hw;
        rep.requireShape(repTeacher, "U2PL contrastive loss: teacher representations");
        if (probs.n() != n || probs.h() != rep.h() || probs.w() != rep.w() || label.length != pixels || low.length != pixels
                || high.length != pixels || labelled < 0 || labelled > n) {
            throw new IllegalArgumentException("U2PL contrastive loss: shapes do not match (rep " + rep.shapeString()
                    + ", probs " + probs.shapeString() + ", " + label.length + " labels, " + labelled + " labelled)");
        }
        if (bank.classes() != classes || bank.dim() != dim) {
            throw new IllegalArgumentException("U2PL contrastive loss: a bank of " + bank.classes() + " classes x " + bank.dim()
                    + " for " + classes + " classes x " + dim);
        }
        float[] p = new float[classes * pixels];
        for (int b = 0; b < n; b++) {
            for (int c = 0; c < classes; c++) {
                System.arraycopy(probs.data(), (b * classes + c) * hw, p, c * pixels + b * hw, hw);
            }
        }
        boolean[] labelledPx = new boolean[pixels];
        java.util.Arrays.fill(labelledPx, 0, labelled * hw, true);
        boolean[] negative = ReliabilitySplit.negatives(p, classes, pixels, label, labelledPx, high, s.mode(), s.lowRank(),
                s.highRank());
        float[] r = rep.data();
        float[] t = repTeacher.data();
        List<int[]> anchors = new ArrayList<>(classes);
        double[][] proto = new double[classes][];
        List<Integer> valid = new ArrayList<>();
        float[] keys = new float[0];
        for (int c = 0; c < classes; c++) {
            int lowCount = 0;
            double[] sum = new double[dim];
            int[] cand = new int[pixels];
            int nc = 0;
            int nk = 0;
            for (int px = 0; px < pixels; px++) {
                if (label[px] == c && low[px]) {
                    lowCount++;
                    int b = px / hw;
                    int i = px % hw;
                    for (int d = 0; d < dim; d++) {
                        sum[d] += t[(b * dim + d) * hw + i];
                    }
                    if (p[c * pixels + px] > s.anchorThreshold()) {
                        cand[nc++] = px;
                    }
                }
                if (negative[c * pixels + px]) {
                    nk++;
                }
            }
            anchors.add(java.util.Arrays.copyOf(cand, nc));
            if (lowCount > 0) {
                for (int d = 0; d < dim; d++) {
                    sum[d] /= lowCount;
                }
                proto[c] = sum;
                valid.add(c);
            }
            if (nk > 0) {
                if (keys.length < nk * dim) {
                    keys = new float[nk * dim];
                }
                int k = 0;
                for (int px = 0; px < pixels; px++) {
                    if (negative[c * pixels + px]) {
                        int b = px / hw;
                        int i = px % hw;
                        for (int d = 0; d < dim; d++) {
                            keys[k * dim + d] = t[(b * dim + d) * hw + i];
                        }
                        k++;
                    }
                }
                bank.push(c, keys, nk);
            }
        }
        Tensor4 grad = rep.zerosLike();
        int v = valid.size();
        List<int[]> anchorsDrawn = new ArrayList<>();
        List<int[]> keysDrawn = new ArrayList<>();
        if (v <= 1) {
            return new Result(0, grad, v, 0, anchorsDrawn, keysDrawn);
        }
        float[] g = grad.data();
        double total = 0;
        int drew = 0;
        int q = s.queries();
        int k = s.negatives();
        double[] a = new double[dim];
        double[][] f = new double[k + 1][dim];
        float[] key = new float[dim];
        double[] sim = new double[k + 1];
        double[] ga = new double[dim];
        for (int i = 0; i < v; i++) {
            int own = s.mode() == ReliabilitySplit.NegativeMode.COMPAT ? i : valid.get(i);
            int bankClass = valid.get(i);
            int[] cand = anchors.get(own);
            if (cand.length == 0 || bank.size(bankClass) == 0) {
                anchorsDrawn.add(null);
                keysDrawn.add(null);
                continue;
            }
            drew++;
            int[] picked = new int[q];
            for (int j = 0; j < q; j++) {
                picked[j] = cand[rng.nextInt(cand.length)];
            }
            int[] negs = new int[q * k];
            for (int j = 0; j < negs.length; j++) {
                negs[j] = rng.nextInt(bank.size(bankClass));
            }
            anchorsDrawn.add(picked);
            keysDrawn.add(negs);
            double classLoss = 0;
            double scale = 1.0 / ((double) q * v);
            for (int j = 0; j < q; j++) {
                int px = picked[j];
                int b = px / hw;
                int pi = px % hw;
                for (int d = 0; d < dim; d++) {
                    a[d] = r[(b * dim + d) * hw + pi];
                }
                System.arraycopy(proto[own], 0, f[0], 0, dim);
                for (int m = 0; m < k; m++) {
                    bank.key(bankClass, negs[j * k + m], key, 0);
                    for (int d = 0; d < dim; d++) {
                        f[m + 1][d] = key[d];
                    }
                }
                double na = norm(a);
                double max = Double.NEGATIVE_INFINITY;
                double[] nf = new double[k + 1];
                for (int m = 0; m <= k; m++) {
                    nf[m] = norm(f[m]);
                    sim[m] = dot(a, f[m]) / Math.max(na * nf[m], COSINE_EPS) / s.temperature();
                    max = Math.max(max, sim[m]);
                }
                double z = 0;
                for (int m = 0; m <= k; m++) {
                    z += Math.exp(sim[m] - max);
                }
                double lse = max + Math.log(z);
                classLoss += lse - sim[0];
                java.util.Arrays.fill(ga, 0);
                for (int m = 0; m <= k; m++) {
                    double dl = (Math.exp(sim[m] - lse) - (m == 0 ? 1 : 0)) / s.temperature();
                    double denom = na * nf[m];
                    if (denom > COSINE_EPS) {
                        double cos = sim[m] * s.temperature();
                        for (int d = 0; d < dim; d++) {
                            ga[d] += dl * (f[m][d] / denom - cos * a[d] / (na * na));
                        }
                    } else {
                        for (int d = 0; d < dim; d++) {
                            ga[d] += dl * f[m][d] / COSINE_EPS;
                        }
                    }
                }
                for (int d = 0; d < dim; d++) {
                    g[(b * dim + d) * hw + pi] += (float) (ga[d] * scale);
                }
            }
            total += classLoss / q;
        }
        return new Result(total / v, grad, v, drew, anchorsDrawn, keysDrawn);
    }

    private static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    private static double norm(double[] x) {
        return Math.sqrt(dot(x, x));
    }
}
