package org.activeseg.acquisition.viewal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.activeseg.acquisition.AcquisitionMethod;
import org.activeseg.acquisition.AcquisitionRequest;
import org.activeseg.acquisition.AcquisitionResult;
import org.activeseg.acquisition.AcquisitionResult.FrameScore;
import org.activeseg.acquisition.AcquisitionResult.Selection;
import org.activeseg.acquisition.AcquisitionResult.SuperpixelScore;
import org.activeseg.acquisition.Granularity;
import org.activeseg.acquisition.ProbabilitySource;
import org.activeseg.acquisition.SampleStream;
import org.activeseg.acquisition.viewal.SuperpixelSelection.Superpixel;
import org.activeseg.backend.ViewOps;
import org.activeseg.backend.ViewOps.SceneGeometry;
import org.activeseg.backend.ViewOps.SuperpixelCoverage;
import org.activeseg.data.Dataset;
import org.activeseg.data.Frame;
import org.activeseg.data.Scene;
import org.activeseg.tensor.FloatTensor;

/**
 * ViewAL (Siddiqui et al., CVPR 2020; ALGORITHMS.md section 1): per scene of the pool, the MC-averaged
 * probabilities of every pool frame are reprojected into every other; view entropy (VE) and view
 * divergence (VD) are averaged over each superpixel (all its pixels, zeros included), and
 * {@link SuperpixelSelection} picks superpixels by VE with cross-view suppression and the max-VD pick.
 *
 * <p>Only pool frames are scored, and the coverage comes from the same frames. VE and VD come from one
 * set of MC samples in both modes (compat cannot redraw the reference's second set; recorded as
 * {@code shared_mc_samples}). Ground truth is read only when {@code mask_gt_ignore} (compat): VE and VD
 * are then zeroed where the label is 255. A frame's score is the largest VE score of its superpixels. A
 * frame into which no point landed (all depth invalid) keeps zero scores and is no candidate, as the
 * reference drops it. Maps: {@code view_entropy}, {@code view_divergence} and {@code score} (= VE).
 */
public final class ViewAlMethod implements AcquisitionMethod {

    @Override
    public String name() {
        return "viewal";
    }

    @Override
    public org.activeseg.acquisition.ModelOutput modelOutput() {
        return org.activeseg.acquisition.ModelOutput.MC_DROPOUT;
    }

    @Override
    public Granularity granularity() {
        return Granularity.SUPERPIXEL;
    }

    @Override
    public AcquisitionResult run(AcquisitionRequest request) throws IOException {
        ViewAlParameters params = ViewAlParameters.of(request);
        Dataset dataset = request.dataset();
        for (String id : request.pool()) {
            dataset.sceneOf(id);
        }
        Set<String> pool = new HashSet<>(request.pool());
        List<Superpixel> superpixels = new ArrayList<>();
        List<SuperpixelCoverage> coverages = new ArrayList<>();
        Map<String, FrameScore> scores = new LinkedHashMap<>();
        TreeSet<Integer> samples = new TreeSet<>();
        long poolPixels = 0;
        for (Scene scene : dataset.scenes()) {
            List<String> ids = scene.frameIds().stream().filter(pool::contains).toList();
            if (ids.isEmpty()) {
                continue;
            }
            List<Frame> frames = new ArrayList<>();
            for (String id : ids) {
                Frame f = dataset.frame(id);
                if (!f.hasSuperpixels()) {
                    throw new IllegalArgumentException("viewal needs superpixels, but frame " + id + " has none");
                }
                if (params.maskGtIgnore() && !f.hasLabels()) {
                    throw new IllegalArgumentException("mask_gt_ignore (compat) zeroes ground-truth ignore pixels, but frame "
                            + id + " has no labels; set mask_gt_ignore=false");
                }
                frames.add(f);
                poolPixels += f.pixels() - request.labelled().labelledPixels(id).cardinality();
            }
            int sceneIndex = coverages.size();
            coverages.add(scoreScene(request, params, frames, sceneIndex, superpixels, scores, samples));
        }
        long budget = request.budget().resolve(poolPixels);
        SuperpixelSelection selection = new SuperpixelSelection(params.overlapThreshold(), params.truncateVd(), !request.compat());
        List<Selection> picked = new ArrayList<>();
        for (Superpixel r : selection.select(superpixels, coverages, budget)) {
            picked.add(new Selection(r.frameId(), Granularity.SUPERPIXEL, r.superpixel(), -1, -1, 0, r.pixels()));
        }
        List<FrameScore> frames = request.pool().stream().map(scores::get).toList();
        return new AcquisitionResult(name(), request.compat(), recordedParameters(params, samples, request.compat(), budget),
                frames, picked);
    }

    /** The parameters a ViewAL result records: {@code params}, the MC sample counts seen, the mode's fixed choices, the budget. */
    public static Map<String, Object> recordedParameters(ViewAlParameters params, java.util.SortedSet<Integer> samples,
                                                         boolean compat, long budget) {
        Map<String, Object> recorded = params.asMap();
        recorded.put("mc_samples", samples.size() == 1 ? samples.first() : List.copyOf(samples));
        recorded.put("shared_mc_samples", true);
        recorded.put("suppress_around_winner", !compat);
        recorded.put("budget_pixels", budget);
        recorded.put("frame_score", "max superpixel view entropy");
        return recorded;
    }

    /** A frame's ViewAL score from its superpixel means: each superpixel scored by its VE, the frame by the largest. */
    public static FrameScore frameScore(String frameId, SuperpixelMeans means) {
        List<SuperpixelScore> spx = new ArrayList<>();
        double best = 0;
        for (int k = 0; k < means.ids().length; k++) {
            double e = means.first()[k];
            spx.add(new SuperpixelScore(means.ids()[k], e, means.second()[k], e));
            best = k == 0 ? e : Math.max(best, e);
        }
        return new FrameScore(frameId, best, spx);
    }

    /** Scores one scene's pool frames, adds their superpixels to {@code superpixels}; returns the scene's coverage. */
    private static SuperpixelCoverage scoreScene(AcquisitionRequest request, ViewAlParameters params, List<Frame> frames,
                                                 int sceneIndex, List<Superpixel> superpixels, Map<String, FrameScore> scores,
                                                 Set<Integer> samples) throws IOException {
        int n = frames.size();
        int p = frames.getFirst().pixels();
        ProbabilitySource source = request.probabilities();
        int c = source.classes();
        SceneGeometry geometry = new SceneGeometry(frames.stream().map(Frame::camera).toList(),
                frames.stream().map(Frame::depth).toList());
        ViewOps ops = request.backend().views();
        try (FloatTensor probs = FloatTensor.allocate(n, c, p);
             FloatTensor ve = FloatTensor.allocate(n, p);
             FloatTensor vd = FloatTensor.allocate(n, p)) {
            for (int f = 0; f < n; f++) {
                samples.add(averageSamples(source, frames.get(f), c, probs, f));
            }
            long[] landed = ops.viewStatistics(geometry, probs, ve, vd, params.visibility());
            SuperpixelCoverage coverage = ops.superpixelCoverage(geometry,
                    frames.stream().map(Frame::superpixels).toList(), params.visibility());
            float[] veMap = new float[p];
            float[] vdMap = new float[p];
            for (int f = 0; f < n; f++) {
                Frame frame = frames.get(f);
                ve.copyTo((long) f * p, veMap, 0, p);
                vd.copyTo((long) f * p, vdMap, 0, p);
                if (params.maskGtIgnore()) {
                    for (int i = 0; i < p; i++) {
                        if (frame.label(i) == Frame.IGNORE) {
                            veMap[i] = 0f;
                            vdMap[i] = 0f;
                        }
                    }
                }
                request.maps().put(frame.id(), "view_entropy", veMap, frame.width(), frame.height());
                request.maps().put(frame.id(), "view_divergence", vdMap, frame.width(), frame.height());
                request.maps().put(frame.id(), "score", veMap, frame.width(), frame.height());
                SuperpixelMeans means = SuperpixelMeans.of(frame.superpixels(), veMap, vdMap);
                if (landed[f] > 0) {
                    for (int k = 0; k < means.ids().length; k++) {
                        int id = means.ids()[k];
                        superpixels.add(new Superpixel(sceneIndex, f, frame.id(), id, means.first()[k], means.second()[k],
                                means.pixels()[k], request.labelled().isSuperpixelLabelled(frame.id(), id)));
                    }
                }
                scores.put(frame.id(), frameScore(frame.id(), means));
            }
            return coverage;
        }
    }

    /**
     * Averages the frame's T samples, streamed one at a time, into plane {@code f} of {@code out}
     * (N, C, P), in double; returns T. A shape that does not fit the frame names the frame and both shapes.
     */
    private static int averageSamples(ProbabilitySource source, Frame frame, int c, FloatTensor out, int f)
            throws IOException {
        int p = frame.pixels();
        try (SampleStream stream = source.stream(frame.id())) {
            long[] s = {stream.samples(), stream.classes(), stream.pixels()};
            if (s[0] < 1 || s[1] != c || s[2] != p) {
                throw new IllegalArgumentException("probabilities of frame " + frame.id() + " have shape "
                        + Arrays.toString(s) + ", expected [T >= 1, " + c + ", " + p + "] for a "
                        + frame.width() + "x" + frame.height() + " frame");
            }
            int plane = c * p;
            out.copyFrom(SampleStream.mean(stream), 0, (long) f * plane, plane);
            return stream.samples();
        }
    }

    /** Means of two maps over each superpixel (all its pixels), with superpixel ids ascending. */
    public record SuperpixelMeans(int[] ids, double[] first, double[] second, long[] pixels) {
        public static SuperpixelMeans of(int[] superpixels, float[] a, float[] b) {
            int[] ids = Arrays.stream(superpixels).distinct().sorted().toArray();
            double[] sa = new double[ids.length];
            double[] sb = new double[ids.length];
            long[] count = new long[ids.length];
            for (int i = 0; i < superpixels.length; i++) {
                int k = Arrays.binarySearch(ids, superpixels[i]);
                sa[k] += a[i];
                sb[k] += b[i];
                count[k]++;
            }
            for (int k = 0; k < ids.length; k++) {
                sa[k] /= count[k];
                sb[k] /= count[k];
            }
            return new SuperpixelMeans(ids, sa, sb, count);
        }
    }
}
