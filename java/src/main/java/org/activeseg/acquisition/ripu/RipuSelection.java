package org.activeseg.acquisition.ripu;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.activeseg.acquisition.AcquisitionRequest;
import org.activeseg.acquisition.AcquisitionResult;
import org.activeseg.acquisition.Budget;
import org.activeseg.acquisition.Granularity;
import org.activeseg.acquisition.LabelState;
import org.activeseg.acquisition.SampleStream;
import org.activeseg.backend.RegionOps;
import org.activeseg.data.Frame;
import org.activeseg.tensor.FloatTensor;

/**
 * The per-image scoring and greedy selection shared by RIPU's region (RA) and pixel (PA) modes
 * (ALGORITHMS.md 3(a)). Each pool frame is scored and selected on its own: RIPU has no pool-wide
 * ranking and gives every image the same number of picks.
 *
 * <p>Budget per frame: a fraction f gives ceil(H*W*f / (2k+1)^2) windows (RA) or ceil(H*W*f) pixels
 * (PA), as the reference derives its per-image counts; a pixel budget B is split equally over the
 * pool frames (frame i of n gets floor(B/n), plus one for the first B mod n frames) and a frame
 * takes picks in greedy order while their new pixels fit in its share. With T > 1 MC samples the
 * scores use the mean probabilities. The frame score is the mean of the score map over the frame.
 * Picks block their suppression square in the label state ({@link LabelState#exclude}), the
 * reference's persisted "active" map; labelled and excluded pixels are never picked.
 */
final class RipuSelection {
    static final double EPS = 1e-6;
    static final double LN_19 = Math.log(19);

    /** RA: window radius k, suppression 2k, entropy normalised; PA: radius k, suppression k, nothing normalised. */
    record Mode(String name, Granularity granularity, int defaultRadius) {
        boolean region() {
            return granularity == Granularity.WINDOW;
        }
    }

    private RipuSelection() {
    }

    static AcquisitionResult run(Mode mode, AcquisitionRequest request) throws IOException {
        request.requireKnownParameters(mode.name(), java.util.Set.of("k"));
        int k = request.intParameter("k", mode.defaultRadius());
        if (k < 0) {
            throw new IllegalArgumentException("parameter k (window radius) must be >= 0, got " + k);
        }
        int classes = request.probabilities().classes();
        double norm = mode.region() ? (request.compat() ? LN_19 : Math.log(classes)) : 1.0;
        if (mode.region() && classes < 2 && !request.compat()) {
            throw new IllegalArgumentException(mode.name() + " needs at least 2 classes to normalise by ln(C), got " + classes);
        }
        int suppress = mode.region() ? 2 * k : k;
        int window = 2 * k + 1;
        Budget budget = request.budget();
        RegionOps ops = request.backend().regions();
        LabelState state = request.labelled();
        List<String> pool = request.pool();

        List<AcquisitionResult.FrameScore> frames = new ArrayList<>();
        List<AcquisitionResult.Selection> selection = new ArrayList<>();
        int framesFull = 0;
        int mostPicks = 0;
        for (int f = 0; f < pool.size(); f++) {
            String id = pool.get(f);
            Frame frame = request.dataset().frame(id);
            int w = frame.width();
            int h = frame.height();
            int pixels = w * h;
            float[] entropy = new float[pixels];
            int[] argmax = new int[pixels];
            try (SampleStream samples = request.probabilities().stream(id)) {
                long[] s = {samples.samples(), samples.classes(), samples.pixels()};
                if (s[1] != classes || s[2] != pixels) {
                    throw new IllegalArgumentException("frame " + id + ": probabilities " + java.util.Arrays.toString(s)
                            + " do not match (T, " + classes + ", " + pixels + ") for " + w + "x" + h);
                }
                meanEntropyArgmax(ops, id, samples, norm, entropy, argmax);
            }
            float[] impurity = new float[pixels];
            float[] uncertainty = mode.region() ? new float[pixels] : null;
            ops.impurityUncertainty(argmax, entropy, w, h, classes, k, EPS, norm, impurity, uncertainty);
            float[] score = new float[pixels];
            double sum = 0;
            for (int i = 0; i < pixels; i++) {
                score[i] = impurity[i] * (mode.region() ? uncertainty[i] : entropy[i]);
                sum += score[i];
            }
            request.maps().put(id, "impurity", impurity, w, h);
            request.maps().put(id, "uncertainty", mode.region() ? uncertainty : entropy, w, h);
            request.maps().put(id, "score", score, w, h);
            frames.add(new AcquisitionResult.FrameScore(id, sum / pixels, List.of()));

            boolean[] blocked = new boolean[pixels];
            BitSet labelled = state.labelledPixels(id);
            BitSet excluded = state.excludedPixels(id);
            for (int i = labelled.nextSetBit(0); i >= 0 && i < pixels; i = labelled.nextSetBit(i + 1)) {
                blocked[i] = true;
            }
            for (int i = excluded.nextSetBit(0); i >= 0 && i < pixels; i = excluded.nextSetBit(i + 1)) {
                blocked[i] = true;
            }
            long share;
            int maxPicks;
            if (budget.isFraction()) {
                share = Long.MAX_VALUE;
                double units = (double) pixels * budget.fraction() / (mode.region() ? (double) window * window : 1.0);
                maxPicks = (int) Math.ceil(units);
            } else {
                share = budget.pixels() / pool.size() + (f < budget.pixels() % pool.size() ? 1 : 0);
                maxPicks = (int) Math.min(pixels, share);
            }
            int[] picks = ops.greedySelect(score, w, h, suppress, maxPicks, blocked.clone());
            if (picks.length < maxPicks) {
                framesFull++; // every pixel labelled or suppressed before the frame's share was spent
            }
            mostPicks = Math.max(mostPicks, picks.length);
            BitSet newLabels = new BitSet(pixels);
            BitSet newExcluded = new BitSet(pixels);
            long used = 0;
            for (int pick : picks) {
                int x = pick % w;
                int y = pick / w;
                int r = mode.region() ? k : 0;
                long cost = 0;
                for (int yy = Math.max(0, y - r); yy <= Math.min(h - 1, y + r); yy++) {
                    for (int xx = Math.max(0, x - r); xx <= Math.min(w - 1, x + r); xx++) {
                        int i = yy * w + xx;
                        if (!labelled.get(i) && !newLabels.get(i)) {
                            cost++;
                        }
                    }
                }
                if (used + cost > share) {
                    break;
                }
                used += cost;
                for (int yy = Math.max(0, y - r); yy <= Math.min(h - 1, y + r); yy++) {
                    newLabels.set(yy * w + Math.max(0, x - r), yy * w + Math.min(w - 1, x + r) + 1);
                }
                for (int yy = Math.max(0, y - suppress); yy <= Math.min(h - 1, y + suppress); yy++) {
                    newExcluded.set(yy * w + Math.max(0, x - suppress), yy * w + Math.min(w - 1, x + suppress) + 1);
                }
                selection.add(new AcquisitionResult.Selection(id, mode.granularity(), pick, x, y, r, cost));
            }
            newLabels.andNot(labelled);
            state.labelPixels(id, newLabels);
            state.exclude(id, newExcluded);
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("k", k);
        params.put("window", window);
        params.put("suppression_radius", suppress);
        params.put("entropy_eps", EPS);
        params.put("normalisation", mode.region() ? (request.compat() ? "ln 19" : "ln C") : "none");
        params.put("normaliser", norm);
        params.put("classes", classes);
        params.put("score", mode.region() ? "impurity * mean window entropy" : "pixel entropy * impurity");
        params.put("mc_samples", "mean probabilities over T");
        params.put("tie_order", "smallest x, then smallest y");
        params.put("frame_score", "mean score over the frame");
        params.put("budget", budget.isFraction()
                ? (mode.region() ? "ceil(H*W*f/(2k+1)^2) windows per frame, f=" : "ceil(H*W*f) pixels per frame, f=")
                        + budget.fraction()
                : budget.pixels() + " pixels split equally over " + pool.size() + " frames");
        if (framesFull > 0) {
            params.put(AcquisitionResult.BUDGET_NOTE, "each pick suppresses the pixels within " + suppress
                    + " of it, which left nothing to pick in " + framesFull + " of " + pool.size() + " frames after at most "
                    + mostPicks + " picks per frame; a smaller k (--param k=N, now " + k + ") leaves room for more");
        }
        return new AcquisitionResult(mode.name(), request.compat(), params, frames, selection);
    }

    /**
     * Entropy and argmax of the frame's mean probabilities: a single sample is scored as it is; T > 1
     * samples are averaged as they stream in (in double, rounded to float once) and the mean is scored,
     * so the whole (T, C, P) tensor is never needed.
     */
    private static void meanEntropyArgmax(RegionOps ops, String frameId, SampleStream samples, double norm,
                                          float[] entropy, int[] argmax) throws IOException {
        int t = samples.samples();
        int c = samples.classes();
        int p = samples.pixels();
        if (t < 1) {
            throw new IllegalArgumentException("frame " + frameId + ": probabilities [" + t + ", " + c + ", " + p
                    + "] have no samples");
        }
        if (t == 1) {
            ops.meanEntropyArgmax(samples.next().reshape(1, c, p), EPS, norm, entropy, argmax);
            return;
        }
        try (FloatTensor mean = FloatTensor.of(SampleStream.mean(samples), 1, c, p)) {
            ops.meanEntropyArgmax(mean, EPS, norm, entropy, argmax);
        }
    }

}
