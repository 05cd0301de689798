package org.activeseg.model.semi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.activeseg.acquisition.u2pl.ReliabilitySplit;
import org.activeseg.model.Parameter;
import org.activeseg.model.Tensor4;
import org.activeseg.model.net.SegmentationNetwork;
import org.activeseg.model.train.NamedTensor;

/**
 * U2PL's semi-supervised training ({@code activeseg run --semi u2pl}; ALGORITHMS.md 5(a)), the state it
 * keeps across steps and the terms of one step. After the supervised-only epochs ({@link #semiEpoch}),
 * each step of {@link org.activeseg.model.net.SegmentationTrainer} runs:
 * <ol>
 * <li>{@link #prepare}: the EMA teacher in eval mode on the clean unlabelled batch gives pseudo-labels
 *     (argmax; 255 where the pixel is not taken); with probability 0.5 {@link U2plCutMix} mixes images,
 *     pseudo-labels and take marks;</li>
 * <li>the student runs once over the labelled and the mixed unlabelled batch together (training mode);</li>
 * <li>{@link #terms}: the teacher in training mode (batch statistics, dropout) over the same batch; the
 *     entropy of its softmax on the unlabelled part; {@link U2plUnsupervisedLoss} with the entropy
 *     percentile schedule (alpha_0 = 20 %, decreasing linearly per epoch); {@link U2plContrastiveLoss}
 *     on the student's {@link RepresentationHead} at a quarter of the input size, with anchors and
 *     positives from the low-entropy pixels, negatives from the high-entropy ones through the per-class
 *     {@link MemoryBank}, masks and labels nearest-downsampled;</li>
 * <li>after the optimiser step, {@link #afterStep}: the teacher's parameters (network and head) move to
 *     {@code d * teacher + (1 - d) * student}, {@code d = min(1 - 1 / (k + 1), 0.99)} at the k-th
 *     semi-supervised step (k = 0 first).</li>
 * </ol>
 * The total is sup + 1 * unsup + 1 * contra. The teacher starts as a copy of the student (parameters and
 * batch-norm statistics) at the first semi-supervised step; only parameters follow the EMA, the teacher's
 * batch-norm statistics are its own training-mode passes'. Negatives are the paper's by default and the
 * code's with {@link ReliabilitySplit.NegativeMode#COMPAT} (with U2PL issue #111's class indexing).
 *
 * <p>Scaled to activeseg's small network: the representation is {@link Settings#repDim()} wide (U2PL:
 * 256) and each class's bank holds {@link Settings#bankCapacity()} keys (U2PL: 30000, 50000 for class
 * 0, for 4 + 4 crops of 513 x 513, 133 000 feature pixels per step, against 4 800 here at 80 x 60).
 */
public final class U2plTraining implements SemiSupervision {
    /**
     * The mode's settings; {@link #defaults} are U2PL's where the scale allows. Training is supervised
     * only for the first max(supOnlyEpochs, ceil(supOnlyFraction * epochs)) epochs.
     */
    public record Settings(int repDim, int bankCapacity, double dropPercent, double alpha0, int supOnlyEpochs,
                           double supOnlyFraction, double emaDecay, double cutMixProbability, double unsupWeight,
                           double contraWeight, U2plContrastiveLoss.Settings contrastive) {
        /**
         * U2PL's configuration; the supervised-only warm-up is the first half of the epochs by default (U2PL's
         * code: one epoch, after which its teacher, on an ImageNet-pretrained backbone, already labels sensibly;
         * activeseg's network starts from random weights, and after one epoch of two steps its teacher's
         * pseudo-labels are noise: on the synthetic default, seed 0, round 0, test mIoU 0.098 with one epoch,
         * 0.233 with half, 0.190 supervised only) and one epoch with {@code compat}.
         */
        public static Settings defaults(boolean compat) {
            return new Settings(32, 1000, 80, 20, 1, compat ? 0 : 0.5, 0.99, 0.5, 1.0, 1.0, U2plContrastiveLoss.Settings.u2pl(
                    compat ? ReliabilitySplit.NegativeMode.COMPAT : ReliabilitySplit.NegativeMode.PAPER));
        }

        public Settings {
            if (repDim <= 0 || bankCapacity <= 0 || !(dropPercent >= 0 && dropPercent <= 100) || !(alpha0 >= 0 && alpha0 <= 50)
                    || supOnlyEpochs < 0 || !(supOnlyFraction >= 0 && supOnlyFraction < 1) || !(emaDecay >= 0 && emaDecay < 1) || !(cutMixProbability >= 0 && cutMixProbability <= 1)
                    || !(unsupWeight >= 0) || !(contraWeight >= 0) || Double.isInfinite(unsupWeight)
                    || Double.isInfinite(contraWeight)) {
                throw new IllegalArgumentException("U2PL settings out of range: " + this);
            }
        }
    }

    /** What {@link #prepare} made of the unlabelled batch: the (mixed) images, pseudo-labels and take marks. */
    public record Prepared(Tensor4 images, int[] pseudo, boolean cutMixed) {}

    /** One step's semi-supervised terms (weighted) and their gradients. */
    public record Terms(double unsup, double contra, Tensor4 gradUnlabelledLogits, Tensor4 gradDecoderInput, long kept,
                        int validClasses) {}

    public static final String PREFIX = "u2pl";

    private final Settings settings;
    private SegmentationNetwork teacher;
    private RepresentationHead studentHead;
    private RepresentationHead teacherHead;
    private MemoryBank bank;
    private SegmentationNetwork student;
    private boolean teacherReady;
    private long emaSteps;

    public U2plTraining(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "u2pl";
    }

    public Settings settings() { return settings; }

    /**
     * Builds the teacher, the two representation heads and the bank for {@code student}; the heads'
     * initial weights derive from {@code seed}. Called once before training (the trainer does).
     */
    public void bind(SegmentationNetwork student, long seed) {
        if (this.student != null) {
            if (this.student != student) {
                throw new IllegalStateException("U2PL state is bound to another network");
            }
            return;
        }
        this.student = student;
        SplittableRandom init = new SplittableRandom(seed);
        studentHead = new RepresentationHead(PREFIX + ".rep", student.decoderChannels(), settings.repDim(), init.split());
        teacherHead = new RepresentationHead(PREFIX + ".teacher.rep", student.decoderChannels(), settings.repDim(), init.split());
        teacher = new SegmentationNetwork(student.config());
        bank = new MemoryBank(student.config().classes(), settings.bankCapacity(), settings.repDim());
    }

    /** The student's representation head's parameters (optimised with the network). */
    public List<Parameter> parameters() {
        requireBound();
        return studentHead.parameters();
    }

    /** Whether {@code epoch} of {@code epochs} trains semi-supervised (after the supervised-only epochs). */
    public boolean semiEpoch(int epoch, int epochs) {
        return epoch >= Math.max(settings.supOnlyEpochs(), (int) Math.ceil(settings.supOnlyFraction() * epochs));
    }

    /** New dropout streams for the teacher and both heads, once per epoch. */
    public void reseed(long seed) {
        requireBound();
        SplittableRandom r = new SplittableRandom(seed);
        teacher.reseedDropout(r.nextLong());
        studentHead.reseedDropout(r.nextLong());
        teacherHead.reseedDropout(r.nextLong());
    }

    public MemoryBank bank() {
        requireBound();
        return bank;
    }

    public long emaSteps() { return emaSteps; }

    public SegmentationNetwork teacher() {
        requireBound();
        return teacher;
    }

    /**
     * Pseudo-labels the unlabelled batch with the teacher in eval mode (copying the student into the
     * teacher first if this is the first semi-supervised step) and CutMixes it with probability {@link
     * Settings#cutMixProbability()}. {@code images} is not modified.
     */
    public Prepared prepare(Tensor4 images, boolean[] take, SplittableRandom rng) {
        requireBound();
        int n = images.n();
        int hw = images.h() * images.w();
        if (take.length != n * hw) {
            throw new IllegalArgumentException("U2PL: " + take.length + " take marks for images " + images.shapeString());
        }
        if (!teacherReady) {
            copy(student.parameters(), teacher.parameters());
            copy(student.buffers(), teacher.buffers());
            copy(studentHead.parameters(), teacherHead.parameters());
            copy(studentHead.buffers(), teacherHead.buffers());
            teacherReady = true;
        }
        Tensor4 logits = teacher.forward(images, false);
        int c = logits.c();
        float[] z = logits.data();
        int[] pseudo = new int[n * hw];
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < hw; i++) {
                int px = b * hw + i;
                if (!take[px]) {
                    pseudo[px] = 255;
                    continue;
                }
                int best = 0;
                float max = z[b * c * hw + i];
                for (int k = 1; k < c; k++) {
                    float v = z[(b * c + k) * hw + i];
                    if (v > max) {
                        max = v;
                        best = k;
                    }
                }
                pseudo[px] = best;
            }
        }
        Tensor4 mixed = images.copy();
        boolean cut = rng.nextDouble() < settings.cutMixProbability();
        if (cut) {
            // a pixel not taken is pseudo-labelled 255, so the pseudo-labels carry the take marks
            U2plCutMix.mix(mixed.data(), images.c(), pseudo, null, n, images.h(), images.w(), rng);
        }
        return new Prepared(mixed, pseudo, cut);
    }

    /**
     * The step's unsupervised and contrastive terms, right after the student's training forward over
     * {@code all} (labelled first, then {@code p.images()}), whose logits are {@code studentLogits}.
     *
     * @param labels (nLabelled, H, W) labels of the labelled part, 255 = none
     */
    public Terms terms(Tensor4 all, Tensor4 studentLogits, int[] labels, int nLabelled, Prepared p, int epoch, int epochs,
                       SplittableRandom rng) {
        requireBound();
        int n = all.n();
        int nu = n - nLabelled;
        int hw = all.h() * all.w();
        if (nu != p.images().n() || labels.length != nLabelled * hw || studentLogits.n() != n) {
            throw new IllegalArgumentException("U2PL: a batch of " + n + " with " + nLabelled + " labelled does not match "
                    + p.images().n() + " unlabelled and " + labels.length + " labels");
        }
        Tensor4 decoderIn = student.lastDecoderInput();
        Tensor4 rep = studentHead.forward(decoderIn, true);
        Tensor4 teacherLarge = teacher.forward(all, true);
        Tensor4 teacherSmall = teacher.lastFeatureLogits();
        Tensor4 repTeacher = teacherHead.forward(teacher.lastDecoderInput(), true);
        int c = studentLogits.c();
        // the teacher's entropy on the unlabelled part, at input size
        Tensor4 teacherU = teacherLarge.rows(nLabelled, n);
        float[] entropy = new float[nu * hw];
        float[] probs = softmax(teacherU);
        for (int b = 0; b < nu; b++) {
            float[] e = ReliabilitySplit.entropy(java.util.Arrays.copyOfRange(probs, b * c * hw, (b + 1) * c * hw), c, hw);
            System.arraycopy(e, 0, entropy, b * hw, hw);
        }
        double unreliable = ReliabilitySplit.percentUnreliable(settings.dropPercent(), epoch, epochs);
        U2plUnsupervisedLoss.Result u = U2plUnsupervisedLoss.compute(studentLogits.rows(nLabelled, n), p.pseudo(), entropy,
                unreliable);
        Tensor4 gradU = u.gradLogits();
        scale(gradU, settings.unsupWeight());
        // contrastive masks at input size, then nearest-downsampled with the labels
        double alphaT = settings.alpha0() * (1 - (double) epoch / epochs);
        boolean[] valid = new boolean[nu * hw];
        boolean anyValid = false;
        for (int i = 0; i < valid.length; i++) {
            valid[i] = p.pseudo()[i] != 255;
            anyValid |= valid[i];
        }
        boolean[] low = anyValid ? ReliabilitySplit.lowEntropy(entropy, valid, alphaT) : new boolean[valid.length];
        boolean[] high = anyValid ? ReliabilitySplit.highEntropy(entropy, valid, alphaT) : new boolean[valid.length];
        int h = decoderIn.h();
        int w = decoderIn.w();
        int small = h * w;
        int[] labelSmall = new int[n * small];
        boolean[] lowSmall = new boolean[n * small];
        boolean[] highSmall = new boolean[n * small];
        int[] ys = nearest(all.h(), h);
        int[] xs = nearest(all.w(), w);
        for (int b = 0; b < n; b++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int dst = b * small + y * w + x;
                    int src = ys[y] * all.w() + xs[x];
                    if (b < nLabelled) {
                        int l = labels[b * hw + src];
                        labelSmall[dst] = l;
                        lowSmall[dst] = l != 255;
                        highSmall[dst] = l != 255;
                    } else {
                        int at = (b - nLabelled) * hw + src;
                        labelSmall[dst] = p.pseudo()[at];
                        lowSmall[dst] = low[at];
                        highSmall[dst] = high[at];
                    }
                }
            }
        }
        Tensor4 probsSmall = new Tensor4(teacherSmall.n(), teacherSmall.c(), teacherSmall.h(), teacherSmall.w(),
                softmax(teacherSmall));
        U2plContrastiveLoss.Result k = U2plContrastiveLoss.compute(rep, repTeacher, probsSmall, labelSmall, nLabelled, lowSmall,
                highSmall, bank, rng, settings.contrastive());
        Tensor4 gradRep = k.gradRep();
        scale(gradRep, settings.contraWeight());
        Tensor4 gradDecoder = studentHead.backward(gradRep);
        return new Terms(settings.unsupWeight() * u.loss(), settings.contraWeight() * k.loss(), gradU, gradDecoder, u.kept(),
                k.validClasses());
    }

    /** The EMA update of the teacher after the optimiser step. */
    public void afterStep() {
        requireBound();
        if (!teacherReady) {
            return;
        }
        double d = Math.min(1 - 1.0 / (emaSteps + 1), settings.emaDecay());
        ema(teacher.parameters(), student.parameters(), d);
        ema(teacherHead.parameters(), studentHead.parameters(), d);
        emaSteps++;
    }

    /**
     * The state a checkpoint keeps beside the student: the student's head, the teacher (network and head,
     * parameters and batch-norm statistics, under {@code u2pl.teacher.}), the bank and the EMA step count.
     */
    public List<NamedTensor> state() {
        requireBound();
        List<NamedTensor> out = new ArrayList<>();
        studentHead.parameters().forEach(x -> out.add(NamedTensor.of(x)));
        studentHead.buffers().forEach(x -> out.add(NamedTensor.of(x)));
        for (Parameter x : teacherParts()) {
            out.add(new NamedTensor(PREFIX + ".teacher." + x.name(), x.shape(), x.value().clone()));
        }
        teacherHead.parameters().forEach(x -> out.add(NamedTensor.of(x)));
        teacherHead.buffers().forEach(x -> out.add(NamedTensor.of(x)));
        out.addAll(bank.state(PREFIX + ".bank"));
        out.add(new NamedTensor(PREFIX + ".ema", new int[] {2}, new float[] {emaSteps, teacherReady ? 1 : 0}));
        return out;
    }

    /**
     * Makes the next semi-supervised step copy the student into the teacher again and restart the EMA
     * (k = 0), keeping the heads and the memory bank: what a round that fine-tunes the previous round's
     * model does after {@link #restore}, since each round's training is one U2PL training, whose
     * teacher starts as the student at its first semi-supervised step. (Carrying the previous round's
     * teacher on made a fine-tuned run worse in one seed: ViewAL round 3 mIoU 0.404 against 0.469.)
     */
    public void restartTeacher() {
        teacherReady = false;
        emaSteps = 0;
    }

    /** Restores {@link #state} from a checkpoint's tensors; every tensor must be present with its shape. */
    public void restore(Map<String, NamedTensor> tensors) {
        requireBound();
        List<Parameter> heads = new ArrayList<>(studentHead.parameters());
        heads.addAll(studentHead.buffers());
        heads.addAll(teacherHead.parameters());
        heads.addAll(teacherHead.buffers());
        for (Parameter x : heads) {
            load(tensors, x.name(), x);
        }
        for (Parameter x : teacherParts()) {
            load(tensors, PREFIX + ".teacher." + x.name(), x);
        }
        bank.restore(need(tensors, PREFIX + ".bank.keys"), need(tensors, PREFIX + ".bank.count"));
        NamedTensor ema = need(tensors, PREFIX + ".ema");
        emaSteps = (long) ema.data()[0];
        teacherReady = ema.data()[1] != 0;
    }

    private List<Parameter> teacherParts() {
        List<Parameter> t = new ArrayList<>(teacher.parameters());
        t.addAll(teacher.buffers());
        return t;
    }

    private static NamedTensor need(Map<String, NamedTensor> tensors, String name) {
        NamedTensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("U2PL state: tensor " + name + " is missing");
        }
        return t;
    }

    private static void load(Map<String, NamedTensor> tensors, String name, Parameter into) {
        NamedTensor t = need(tensors, name);
        if (!t.hasShape(into.shape())) {
            throw new IllegalArgumentException("U2PL state: tensor " + name + " has shape " + t.shapeString() + ", expected "
                    + java.util.Arrays.toString(into.shape()));
        }
        System.arraycopy(t.data(), 0, into.value(), 0, into.size());
    }

    private void requireBound() {
        if (student == null) {
            throw new IllegalStateException("U2PL state is not bound to a network yet");
        }
    }

    private static void copy(List<Parameter> from, List<Parameter> to) {
        for (int i = 0; i < from.size(); i++) {
            System.arraycopy(from.get(i).value(), 0, to.get(i).value(), 0, from.get(i).size());
        }
    }

    private static void ema(List<Parameter> teacher, List<Parameter> student, double d) {
        for (int i = 0; i < teacher.size(); i++) {
            float[] t = teacher.get(i).value();
            float[] s = student.get(i).value();
            for (int j = 0; j < t.length; j++) {
                t[j] = (float) (d * t[j] + (1 - d) * s[j]);
            }
        }
    }

    private static void scale(Tensor4 t, double w) {
        if (w != 1) {
            float[] d = t.data();
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) (d[i] * w);
            }
        }
    }

    /** Softmax over the classes, in float (laid out as the logits). */
    static float[] softmax(Tensor4 logits) {
        double[] p = PixelSoftmax.of(logits, "U2PL teacher");
        float[] out = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = (float) p[i];
        }
        return out;
    }

    /** PyTorch's 'nearest' source index per output index: min(floor(dst * (float) in / out), in - 1). */
    static int[] nearest(int in, int out) {
        float scale = (float) in / out;
        int[] src = new int[out];
        for (int i = 0; i < out; i++) {
            src[i] = Math.min((int) Math.floor(i * scale), in - 1);
        }
        return src;
    }
}
