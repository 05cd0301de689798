package org.activeseg.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates ../shared/data beside the checkout (surefire passes -Dactiveseg.shared.dir). Tests that
 * need the real ScanNet sample call {@link #scannetSample()}, which skips them with a visible reason
 * when the folder is absent; the data is never copied into the repository.
 */
public final class SharedData {
    private SharedData() {}

    public static Path sharedDir() {
        String prop = System.getProperty("activeseg.shared.dir");
        return prop != null ? Path.of(prop) : Path.of("..", "shared");
    }

    /** The 10-frame ScanNet sample, or a skipped test saying where it was looked for. */
    public static Path scannetSample() {
        Path p = sharedDir().resolve("data/scannet-sample").toAbsolutePath().normalize();
        boolean present = Files.isDirectory(p.resolve("color")) && Files.isDirectory(p.resolve("depth"));
        if (!present) {
            System.err.println("SKIPPED: ScanNet sample not found at " + p + " (tests that need real data did not run)");
        }
        assumeTrue(present, "ScanNet sample not found at " + p + "; set -Dactiveseg.shared.dir to the shared folder");
        return p;
    }
}
