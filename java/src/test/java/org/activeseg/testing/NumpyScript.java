package org.activeseg.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a numpy re-statement from benchmarks/python with python3, for the tests that cross-check the
 * Java against it. One place decides how: {@link #requireNumpy} skips the calling test (printing
 * "SKIPPED test: reason") where python3 cannot import numpy, {@link #script} fails when the script
 * is missing from the repository, and the run methods fail with the command and its output when
 * python3 exits non-zero or hangs.
 */
public final class NumpyScript {
    private static final long TIMEOUT_SECONDS = 120;
    private static String unavailable;
    private static boolean probed;
    private static String torchUnavailable;
    private static boolean torchProbed;

    private NumpyScript() {
    }

    /** The script's path in benchmarks/python; fails when it is not in the repository. */
    public static Path script(String name) {
        Path repo = Path.of(System.getProperty("user.dir")).getParent();
        Path p = repo.resolve("benchmarks/python").resolve(name);
        assertTrue(Files.isRegularFile(p), "numpy cross-check script missing: " + p);
        return p;
    }

    /** Skips the calling test, printing why, unless python3 can import numpy (probed once). */
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

    /**
     * As {@link #requireNumpy}, and then skips the calling test, printing why, unless python3 can
     * also import torch (probed once; CI machines have no torch).
     */
    public static synchronized void requireTorch(String testName) {
        requireNumpy(testName);
        if (!torchProbed) {
            torchProbed = true;
            try {
                Process p = new ProcessBuilder("python3", "-c", "import torch").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    torchUnavailable = "python3 -c 'import torch' did not finish in 60 s";
                } else if (p.exitValue() != 0) {
                    String[] lines = out.split("\\R");
                    torchUnavailable = "python3 -c 'import torch' failed: " + lines[lines.length - 1];
                }
            } catch (IOException e) {
                torchUnavailable = "python3 not runnable: " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                torchUnavailable = "interrupted";
            }
        }
        if (torchUnavailable != null) {
            System.out.println("SKIPPED " + testName + ": " + torchUnavailable);
        }
        assumeTrue(torchUnavailable == null, () -> torchUnavailable);
    }

    /** Runs {@code python3 script args...} and fails with its output when it exits non-zero. */
    public static void run(String script, Object... args) throws IOException, InterruptedException {
        execute(null, script, args);
    }

    /** As {@link #run}, returning what the script printed on stdout (stderr goes to failure messages only). */
    public static String output(String script, Object... args) throws IOException, InterruptedException {
        return execute(null, script, args);
    }

    /** As {@link #output}, with {@code workDir} as python3's working directory. */
    public static String runIn(Path workDir, String script, Object... args) throws IOException, InterruptedException {
        return execute(workDir, script, args);
    }

    private static String execute(Path workDir, String script, Object[] args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("python3", script(script).toString()));
        for (Object a : args) {
            cmd.add(String.valueOf(a));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        Process p = pb.start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
        String out = drain(p.getInputStream());
        boolean done = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String log = String.join(" ", cmd) + (workDir == null ? "" : " (in " + workDir + ")");
        assertTrue(done, () -> "python3 timed out after " + TIMEOUT_SECONDS + " s: " + log);
        String stderr = err.join();
        assertEquals(0, p.exitValue(), () -> log + " failed:\n" + out + stderr);
        return out;
    }

    private static String drain(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
