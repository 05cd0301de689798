package org.activeseg.acquisition.coreset;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.activeseg.acquisition.AcquisitionMethod;
import org.activeseg.acquisition.AcquisitionRequest;
import org.activeseg.acquisition.AcquisitionResult;
import org.activeseg.acquisition.Granularity;
import org.activeseg.acquisition.LabelState;
import org.activeseg.acquisition.SampleStream;
import org.activeseg.data.Frame;
import org.activeseg.tensor.FloatTensor;

/**
 * Core-set selection of whole frames (ALGORITHMS.md 2.1 CSET; google/active-learning kcenter_greedy):
 * k-center greedy in Euclidean distance with the labelled frames as initial centres, picking frames
 * until the pixel budget is reached (a frame costs its unlabelled pixels; the last pick may pass it).
 *
 * <p>Embedding: the reference uses the decoder's pooled features, which need the network; until the
 * network exists this method stands in the frame's MC-mean probability map average-pooled over a
 * fixed grid ({@code grid_rows} x {@code grid_cols} cells, default 4 x 8; cell r spans rows
 * [r*H/rows, (r+1)*H/rows)), giving C x rows x cols dimensions (class-major). Naming another
 * embedding source in the {@code embeddings} parameter is an error until one exists.
 *
 * <p>Initial centres are the frames with any labelled pixel or superpixel: pool frames with partial
 * labels, and dataset frames outside the pool, whose probabilities the source must then supply.
 * Without any centre the first pick is drawn with the request's seed, as the reference draws it at
 * random. A frame's score is its distance to the nearest centre when it was picked, or at the end for
 * frames not picked.
 */
public final class CoresetMethod implements AcquisitionMethod {

    @Override
    public String name() {
        return "coreset";
    }

    @Override
    public Granularity granularity() {
        return Granularity.FRAME;
    }

    @Override
    public AcquisitionResult run(AcquisitionRequest request) throws IOException {
        request.requireKnownParameters(name(), java.util.Set.of("embeddings", "grid_rows", "grid_cols"));
        String source = request.parameters().getOrDefault("embeddings", "pooled-probabilities");
        if (!source.equals("pooled-probabilities")) {
            throw new IllegalArgumentException("coreset: embeddings source '" + source
                    + "' is not available yet; only 'pooled-probabilities' (the default) is");
        }
        int rows = request.intParameter("grid_rows", 4);
        int cols = request.intParameter("grid_cols", 8);
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("coreset: grid must be at least 1 x 1, got " + rows + " x " + cols);
        }
        LabelState state = request.labelled();
        Set<String> poolSet = new HashSet<>(request.pool());
        List<String> ids = new ArrayList<>();
        List<Integer> centres = new ArrayList<>();
        List<Integer> candidates = new ArrayList<>();
        Map<Integer, Long> cost = new HashMap<>();
        for (String id : request.dataset().frameIds()) {
            if (!poolSet.contains(id) && hasLabels(state, id)) {
                centres.add(ids.size());
                ids.add(id);
            }
        }
        int classes = request.probabilities().classes();
        int dims = classes * rows * cols;
        long poolPixels = 0;
        for (String id : request.pool()) {
            int index = ids.size();
            ids.add(id);
            if (hasLabels(state, id)) {
                centres.add(index);
            } else {
                candidates.add(index);
            }
        }
        boolean[] isCentre = new boolean[ids.size()];
        centres.forEach(c -> isCentre[c] = true);
        float[] embedding = new float[Math.multiplyExact(ids.size(), dims)];
        for (int i = 0; i < ids.size(); i++) {
            Frame frame = request.dataset().frame(ids.get(i));
            int pixels = frame.pixels();
            if (!isCentre[i]) {
                long unlabelled = pixels - state.labelledPixels(ids.get(i)).cardinality();
                cost.put(i, unlabelled);
                poolPixels += unlabelled;
            }
            try (SampleStream samples = request.probabilities().stream(ids.get(i))) {
                pool(samples, frame, rows, cols, embedding, i * dims);
            } catch (IOException e) {
                throw new IOException("coreset needs the probabilities of frame " + ids.get(i)
                        + (isCentre[i] ? " (a labelled frame, an initial centre)" : "") + ": " + e.getMessage(), e);
            }
        }
        long budget = request.budget().resolve(poolPixels);
        double[] frameScore = new double[ids.size()];
        Arrays.fill(frameScore, Double.NaN);
        List<AcquisitionResult.Selection> selection = new ArrayList<>();
        int[] initial = centres.stream().mapToInt(Integer::intValue).toArray();
        int first = candidates.isEmpty() ? -1 : candidates.get(new SplittableRandom(request.seed()).nextInt(candidates.size()));
        long[] used = {0};
        double[] finalMin;
        try (FloatTensor x = FloatTensor.of(embedding, ids.size(), dims)) {
            if (!candidates.isEmpty()) {
                request.backend().diversity().kCenterGreedy(x, initial, first, candidates.size(), (index, distance) -> {
                    frameScore[index] = distance;
                    long c = cost.get(index);
                    used[0] += c;
                    selection.add(new AcquisitionResult.Selection(ids.get(index), Granularity.FRAME, -1, -1, -1, 0, c));
                    return used[0] < budget;
                });
            }
            finalMin = new double[ids.size()];
            Arrays.fill(finalMin, Double.POSITIVE_INFINITY);
            for (int c : initial) {
                request.backend().diversity().updateMinDistances(x, c, finalMin);
            }
            for (int i : candidates) {
                if (!Double.isNaN(frameScore[i])) {
                    request.backend().diversity().updateMinDistances(x, i, finalMin);
                }
            }
        }
        List<AcquisitionResult.FrameScore> frames = new ArrayList<>();
        for (int i : candidates) {
            double score = Double.isNaN(frameScore[i]) ? finalMin[i] : frameScore[i];
            frames.add(new AcquisitionResult.FrameScore(ids.get(i), score, List.of()));
            if (!Double.isNaN(frameScore[i])) {
                state.labelPixels(ids.get(i), allPixels(cost.get(i) + state.labelledPixels(ids.get(i)).cardinality()));
            }
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("embeddings", source);
        params.put("grid_rows", rows);
        params.put("grid_cols", cols);
        params.put("dimensions", dims);
        params.put("distance", "euclidean");
        params.put("initial_centres", initial.length);
        params.put("first_pick", initial.length == 0 ? "random with seed " + request.seed() : "argmax min distance");
        params.put("tie_order", "lowest index (labelled non-pool frames in dataset order, then the pool)");
        params.put("budget_pixels", budget);
        return new AcquisitionResult(name(), request.compat(), params, frames, selection);
    }

    /** {@link #pool(SampleStream, Frame, int, int, float[], int)} of a loaded (T, C, H*W) tensor, which the caller closes. */
    static void pool(FloatTensor probs, Frame frame, int rows, int cols, float[] out, int offset) throws IOException {
        try (SampleStream samples = SampleStream.of(probs, frame.id())) {
            pool(samples, frame, rows, cols, out, offset);
        }
    }

    /**
     * Average-pools the MC-mean probabilities of a frame into C x rows x cols cells at {@code out[offset...]},
     * adding each sample into the cell sums (in double) as it streams in.
     */
    static void pool(SampleStream samples, Frame frame, int rows, int cols, float[] out, int offset) throws IOException {
        int w = frame.width();
        int h = frame.height();
        int t = samples.samples();
        int classes = samples.classes();
        if (samples.pixels() != (long) w * h) {
            throw new IllegalArgumentException("frame " + frame.id() + ": probabilities "
                    + Arrays.toString(new long[] {t, classes, samples.pixels()})
                    + " do not match (T, C, " + (w * h) + ") for " + w + "x" + h);
        }
        if (h < rows || w < cols) {
            throw new IllegalArgumentException("frame " + frame.id() + " (" + w + "x" + h + ") is smaller than the "
                    + rows + " x " + cols + " pooling grid");
        }
        double[] sums = new double[classes * rows * cols];
        for (int s = 0; s < t; s++) {
            FloatTensor sample = samples.next();
            for (int c = 0; c < classes; c++) {
                long plane = (long) c * w * h;
                for (int y = 0; y < h; y++) {
                    int cellRow = (int) ((long) y * rows / h);
                    for (int xx = 0; xx < w; xx++) {
                        int cellCol = (int) ((long) xx * cols / w);
                        sums[(c * rows + cellRow) * cols + cellCol] += sample.get(plane + (long) y * w + xx);
                    }
                }
            }
        }
        for (int c = 0; c < classes; c++) {
            for (int r = 0; r < rows; r++) {
                long cellH = (long) (r + 1) * h / rows - (long) r * h / rows;
                for (int q = 0; q < cols; q++) {
                    long cellW = (long) (q + 1) * w / cols - (long) q * w / cols;
                    int k = (c * rows + r) * cols + q;
                    out[offset + k] = (float) (sums[k] / ((double) t * cellH * cellW));
                }
            }
        }
    }

    private static java.util.BitSet allPixels(long pixels) {
        java.util.BitSet b = new java.util.BitSet();
        b.set(0, Math.toIntExact(pixels));
        return b;
    }

    private static boolean hasLabels(LabelState state, String id) {
        return !state.labelledPixels(id).isEmpty() || !state.labelledSuperpixels(id).isEmpty();
    }
}
