package org.activeseg.data.synthetic;

import java.lang.management.ManagementFactory;

/**
 * Prints how long the synthetic generator takes (wall and process CPU time), cold and warm, for
 * the default dataset and at 320x240. A manual measurement, not a test: run with
 * {@code java -cp java/target/classes:java/target/test-classes org.activeseg.data.synthetic.SyntheticGenerationTiming}.
 */
public final class SyntheticGenerationTiming {
    private SyntheticGenerationTiming() {}

    public static void main(String[] args) {
        System.out.println("cores: " + Runtime.getRuntime().availableProcessors());
        measure("default 4 x 20 at 160x120", SyntheticConfig.defaults());
        measure("4 x 20 at 320x240", SyntheticConfig.defaults().withSize(320, 240));
        measure("4 x 20 at 160x120, kinect-like noise", SyntheticConfig.defaults().withNoise(SensorNoise.kinectLike()));
    }

    private static void measure(String name, SyntheticConfig config) {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int run = 0; run < 4; run++) {
            long cpu0 = os.getProcessCpuTime(), t0 = System.nanoTime();
            SyntheticDataset d = new SyntheticGenerator(config).generate();
            long t1 = System.nanoTime(), cpu1 = os.getProcessCpuTime();
            System.out.printf("%-40s run %d: %d frames in %.3f s wall, %.3f s CPU%n", name, run, d.frames().size(),
                    (t1 - t0) / 1e9, (cpu1 - cpu0) / 1e9);
        }
    }
}
