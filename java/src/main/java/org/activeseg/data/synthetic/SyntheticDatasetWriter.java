package org.activeseg.data.synthetic;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.activeseg.data.Frame;
import org.activeseg.data.Scene;
import org.activeseg.data.scannet.DatasetWriter;
import org.activeseg.data.scannet.SceneInfo;
import org.activeseg.superpixel.SeedsSuperpixels;
import org.activeseg.superpixel.SuperpixelMap;

/**
 * Renders the synthetic dataset, adds SEEDS superpixels and writes it in the ScanNet layout
 * (lossless PNG colour, 16-bit PGM depth in millimetres, NYU40 label PNGs, 16-bit superpixel
 * PNGs, pose text, _info.txt per scene, split lists), so {@code ScanNetReader} reads it back
 * exactly as generated. The whole directory appears at once (written to a temporary sibling and
 * renamed) or not at all.
 */
public final class SyntheticDatasetWriter {

    /** What was written, with the time of each stage (seconds). */
    public record Summary(int scenes, int frames, double meanSuperpixels, double renderSeconds,
                          double superpixelSeconds, double writeSeconds) {}

    private final SyntheticConfig config;
    private final int superpixelsPer320x240;

    /**
     * @param superpixelsPer320x240 SEEDS superpixels requested per 320x240 frame (scaled with the
     *                              frame area); -1 for SEEDS' default, 0 for no superpixels
     */
    public SyntheticDatasetWriter(SyntheticConfig config, int superpixelsPer320x240) {
        if (superpixelsPer320x240 < -1) {
            throw new IllegalArgumentException("superpixels must be -1 (default), 0 (none) or positive, got "
                    + superpixelsPer320x240);
        }
        this.config = config;
        this.superpixelsPer320x240 = superpixelsPer320x240;
    }

    public Summary write(Path target) throws IOException {
        long t0 = System.nanoTime();
        SyntheticDataset data = new SyntheticGenerator(config).generate();
        long t1 = System.nanoTime();
        List<Frame> frames = withSuperpixels(data.frames());
        long t2 = System.nanoTime();
        DatasetWriter.writeAtomically(target, w -> {
            w.colorFormat(DatasetWriter.ColorFormat.PNG);
            for (Scene s : data.scenes()) {
                w.writeSceneInfo(s.id(), SceneInfo.of(config.width(), config.height(), data.intrinsics(),
                        data.depthShift(), s.frameIds().size()));
            }
            for (Frame f : frames) {
                w.writeFrame(f);
            }
            w.writeSplits(data.splits());
        });
        long t3 = System.nanoTime();
        double meanSpx = frames.stream().filter(Frame::hasSuperpixels)
                .mapToInt(f -> (int) java.util.Arrays.stream(f.superpixels()).distinct().count()).average().orElse(0);
        return new Summary(data.scenes().size(), frames.size(), meanSpx, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
    }

    private List<Frame> withSuperpixels(List<Frame> frames) {
        if (superpixelsPer320x240 == 0) {
            return frames;
        }
        SeedsSuperpixels.Config d = SeedsSuperpixels.Config.defaults();
        SeedsSuperpixels.Config c = superpixelsPer320x240 < 0 ? d
                : new SeedsSuperpixels.Config(superpixelsPer320x240, d.levels(), d.prior(), d.histogramBins(),
                        d.doubleStep(), d.iterations());
        try (SeedsSuperpixels seeds = new SeedsSuperpixels(c)) {
            return frames.parallelStream().map(f -> {
                SuperpixelMap m = seeds.segment(f.rgb(), f.width(), f.height());
                return f.withSuperpixels(m.ids());
            }).toList();
        }
    }
}
