package org.activeseg.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLongArray;
import org.activeseg.geometry.Reprojection;

/**
 * What `activeseg inspect` reports about a dataset: frames and scenes, the class histogram of the
 * labelled pixels, depth validity and range, superpixel counts, and how much the views of each
 * scene overlap (the share of a frame's valid pixels that reproject into another frame of the
 * scene and pass the world-distance visibility test of ViewAL, {@link Reprojection}).
 *
 * <p>Overlap is measured on frame pairs within a scene: all ordered pairs when there are at most
 * {@code maxPairsPerScene}, else that many pairs drawn with a fixed seed, which keeps inspection of
 * large exports to seconds.
 */
public final class DatasetInspection {

    /** Overlap statistics of one scene. */
    public record SceneOverlap(String sceneId, int frames, int pairs, double meanOverlap,
                               double minBestOverlap, int framesWithPartnerAbove10Percent) {}

    /** The whole report. */
    public record Report(int frames, int scenes, int width, int height, int numClasses, long labelledPixels,
                         long totalPixels, long[] classHistogram, long validDepthPixels, double minDepth,
                         double maxDepth, int framesWithSuperpixels, double meanSuperpixels,
                         List<SceneOverlap> overlaps, Splits splits) {}

    private final double visibilityThreshold;
    private final int maxPairsPerScene;

    public DatasetInspection(double visibilityThreshold, int maxPairsPerScene) {
        if (!(visibilityThreshold > 0) || maxPairsPerScene < 1) {
            throw new IllegalArgumentException("visibility threshold must be > 0 and max pairs >= 1: "
                    + visibilityThreshold + ", " + maxPairsPerScene);
        }
        this.visibilityThreshold = visibilityThreshold;
        this.maxPairsPerScene = maxPairsPerScene;
    }

    public Report inspect(Dataset dataset) throws IOException {
        int c = dataset.numClasses();
        AtomicLongArray hist = new AtomicLongArray(c);
        long labelled = 0, total = 0, validDepth = 0, spxFrames = 0, spxSum = 0;
        double minD = Double.POSITIVE_INFINITY, maxD = 0;
        int width = -1, height = -1;
        List<SceneOverlap> overlaps = new ArrayList<>();
        for (Scene scene : dataset.scenes()) {
            List<Frame> frames = dataset.frames(scene);
            for (Frame f : frames) {
                if (width < 0) {
                    width = f.width();
                    height = f.height();
                } else if (width != f.width() || height != f.height()) {
                    width = 0; // mixed sizes: reported as 0x0
                    height = 0;
                }
                total += f.pixels();
                for (int i = 0; i < f.pixels(); i++) {
                    float d = f.depth()[i];
                    if (d > 0) {
                        validDepth++;
                        minD = Math.min(minD, d);
                        maxD = Math.max(maxD, d);
                    }
                    if (f.hasLabels()) {
                        int l = f.label(i);
                        if (l != Frame.IGNORE) {
                            labelled++;
                            if (l < c) {
                                hist.incrementAndGet(l);
                            }
                        }
                    }
                }
                if (f.hasSuperpixels()) {
                    spxFrames++;
                    spxSum += java.util.Arrays.stream(f.superpixels()).distinct().count();
                }
            }
            overlaps.add(overlapOf(scene, frames));
        }
        long[] h = new long[c];
        for (int i = 0; i < c; i++) {
            h[i] = hist.get(i);
        }
        return new Report(dataset.frameCount(), dataset.scenes().size(), Math.max(width, 0), Math.max(height, 0), c,
                labelled, total, h, validDepth, validDepth == 0 ? 0 : minD, maxD, (int) spxFrames,
                spxFrames == 0 ? 0 : (double) spxSum / spxFrames, overlaps, dataset.splits());
    }

    private SceneOverlap overlapOf(Scene scene, List<Frame> frames) {
        int n = frames.size();
        if (n < 2) {
            return new SceneOverlap(scene.id(), n, 0, 0, 0, 0);
        }
        List<int[]> pairs = new ArrayList<>();
        long all = (long) n * (n - 1);
        if (all <= maxPairsPerScene) {
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    if (a != b) {
                        pairs.add(new int[] {a, b});
                    }
                }
            }
        } else {
            SplittableRandom rnd = new SplittableRandom(scene.id().hashCode());
            for (int k = 0; k < maxPairsPerScene; k++) {
                int a = rnd.nextInt(n), b = rnd.nextInt(n - 1);
                pairs.add(new int[] {a, b >= a ? b + 1 : b});
            }
        }
        double[] overlap = pairs.parallelStream().mapToDouble(p -> overlap(frames.get(p[0]), frames.get(p[1]))).toArray();
        double[] best = new double[n];
        double sum = 0;
        for (int k = 0; k < pairs.size(); k++) {
            sum += overlap[k];
            int a = pairs.get(k)[0];
            best[a] = Math.max(best[a], overlap[k]);
        }
        double minBest = Double.POSITIVE_INFINITY;
        int above = 0;
        for (double b : best) {
            minBest = Math.min(minBest, b);
            if (b >= 0.10) {
                above++;
            }
        }
        return new SceneOverlap(scene.id(), n, pairs.size(), sum / pairs.size(), minBest, above);
    }

    /** Share of a's valid-depth pixels that are visible in b. */
    double overlap(Frame a, Frame b) {
        int[] map = Reprojection.correspondences(a.camera(), a.depth(), b.camera(), b.depth(), visibilityThreshold, false);
        long valid = 0, hit = 0;
        for (int i = 0; i < map.length; i++) {
            if (a.depth()[i] > 0) {
                valid++;
                if (map[i] >= 0) {
                    hit++;
                }
            }
        }
        return valid == 0 ? 0 : (double) hit / valid;
    }
}
