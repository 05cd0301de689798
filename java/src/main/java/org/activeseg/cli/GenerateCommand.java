package org.activeseg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.activeseg.data.synthetic.SensorNoise;
import org.activeseg.data.synthetic.SyntheticConfig;
import org.activeseg.data.synthetic.SyntheticDatasetWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `activeseg generate`: the built-in synthetic multi-view RGB-D dataset, written in the ScanNet layout. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate the built-in synthetic multi-view RGB-D dataset (rooms of NYU40 objects, exact depth, "
                + "poses and labels, SEEDS superpixels) in the ScanNet layout.")
final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (must not exist or be empty).")
    Path out;

    @Option(names = "--scenes", defaultValue = "4", description = "Number of rooms (default ${DEFAULT-VALUE}).")
    int scenes;

    @Option(names = "--frames", defaultValue = "20", description = "Frames per room (default ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--size", defaultValue = "160x120", paramLabel = "WxH", description = "Frame size (default ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--noise", description = "Add Kinect-like sensor noise: depth noise and holes, pose jitter, colour noise.")
    boolean noise;

    @Option(names = "--superpixels", defaultValue = "-1", paramLabel = "N",
            description = "SEEDS superpixels per frame (default: 42 per 320x240, scaled with the frame area; 0 = none).")
    int superpixels;

    @Override
    public Integer call() throws Exception {
        int[] wh = parseSize(size);
        SyntheticConfig config = SyntheticConfig.defaults().withScenes(scenes, frames).withSize(wh[0], wh[1])
                .withSeed(seed).withNoise(noise ? SensorNoise.kinectLike() : SensorNoise.NONE);
        long t0 = System.nanoTime();
        SyntheticDatasetWriter.Summary s = new SyntheticDatasetWriter(config, superpixels).write(out);
        PrintWriter pw = spec.commandLine().getOut();
        pw.printf("wrote %d frames in %d scenes (%dx%d, %s) to %s in %.1f s%n", s.frames(), s.scenes(), wh[0], wh[1],
                noise ? "with sensor noise" : "noise-free", out.toAbsolutePath(), (System.nanoTime() - t0) / 1e9);
        pw.printf("  rendering %.2f s, superpixels %.2f s (%.1f per frame), writing %.2f s%n", s.renderSeconds(),
                s.superpixelSeconds(), s.meanSuperpixels(), s.writeSeconds());
        pw.flush();
        return 0;
    }

    static int[] parseSize(String s) {
        String[] p = s.toLowerCase(java.util.Locale.ROOT).split("x");
        try {
            if (p.length == 2) {
                int w = Integer.parseInt(p[0].trim()), h = Integer.parseInt(p[1].trim());
                if (w > 0 && h > 0) {
                    return new int[] {w, h};
                }
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--size must be WIDTHxHEIGHT with positive integers, got '" + s + "'");
    }
}
