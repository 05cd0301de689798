package org.activeseg.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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
        NumpyScript.requireTorch("TorchBaselinesCheckTest");
        String out = NumpyScript.output("check_torch_baselines.py", "--devices", "cpu");
        assertTrue(out.contains("all torch baselines agree with the numpy re-statements"), out);
        assertTrue(out.lines().filter(l -> l.startsWith("ok cpu ")).count() > 50,
                () -> "fewer checks ran than expected:\n" + out);
    }
}
