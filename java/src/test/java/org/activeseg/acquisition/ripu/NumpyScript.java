package org.activeseg.acquisition.ripu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a numpy re-statement from benchmarks/python with python3; skips (printing why) where python3
 * with numpy is not importable, and fails clearly when the script is missing from the repository.
 */
public final class NumpyScript {
    private static String unavailable;
    private static boolean probed;

    private NumpyScript() {
    }

    /** The script's path; fails when it is not in the repository. */
    public static Path script(String name) {
        Path repo = Path.of(System.getProperty("user.dir")).getParent();
        Path p = repo.resolve("benchmarks/python").resolve(name);
        assertTrue(Files.isRegularFile(p), "numpy cross-check script missing: " + p);
        return p;
    }

    /** Skips the calling test unless python3 can import numpy. */
    public static synchronized void requireNumpy(String testName) {
        if (!probed) {
            probed = true;
            try {
                Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    unavailable = "python3 -c 'import numpy' failed: " + out.strip();
                }
            } catch (IOException e) {
                unavailable = "python3 not runnable: " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                unavailable = "interrupted";
            }
        }
        if (unavailable != null) {
            System.out.println("SKIPPED " + testName + ": " + unavailable);
        }
        assumeTrue(unavailable == null, () -> unavailable);
    }

    /** Runs {@code python3 script args...} and fails with its output when it exits non-zero. */
    public static void run(String script, Object... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("python3", script(script).toString()));
        for (Object a : args) {
            cmd.add(String.valueOf(a));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python3 timed out: " + cmd);
        assertEquals(0, p.exitValue(), () -> String.join(" ", cmd) + " failed:\n" + out);
    }
}
