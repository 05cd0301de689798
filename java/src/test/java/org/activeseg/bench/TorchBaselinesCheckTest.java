package org.activeseg.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.activeseg.testing.NumpyScript;
import org.junit.jupiter.api.Test;

/**
 * Runs benchmarks/python/check_torch_baselines.py on the CPU: the PyTorch baselines that the GPU
 * comparison times must compute what the numpy re-statements compute (values within 1e-4,
 * selections identical), or their timings compare different work. Skips, printing why, where
 * python3 cannot import torch (CI has no torch); the probe is one short python3 call.
 */
class TorchBaselinesCheckTest {

    @Test
    void torchBaselinesAgreeWithTheNumpyRestatements() throws IOException, InterruptedException {
        NumpyScript.requireNumpy("TorchBaselinesCheckTest");
        String missing = torchMissing();
        if (missing != null) {
            System.out.println("SKIPPED TorchBaselinesCheckTest: " + missing);
        }
        assumeTrue(missing == null, missing);
        String out = NumpyScript.output("check_torch_baselines.py", "--devices", "cpu");
        assertTrue(out.contains("all torch baselines agree with the numpy re-statements"), out);
        assertTrue(out.lines().filter(l -> l.startsWith("ok cpu ")).count() > 50,
                () -> "fewer checks ran than expected:\n" + out);
    }

    /** Why python3 cannot import torch, or null when it can. */
    private static String torchMissing() throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("python3", "-c", "import torch").redirectErrorStream(true).start();
        } catch (IOException e) {
            return "python3 not runnable: " + e.getMessage();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "python3 -c 'import torch' did not finish in 60 s";
        }
        if (p.exitValue() != 0) {
            String[] lines = out.strip().split("\n");
            return "python3 -c 'import torch' failed: " + lines[lines.length - 1];
        }
        return null;
    }
}
