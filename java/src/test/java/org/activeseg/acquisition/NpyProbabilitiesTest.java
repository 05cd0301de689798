package org.activeseg.acquisition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.activeseg.data.Dataset;
import org.activeseg.data.scannet.ScanNetReader;
import org.activeseg.data.synthetic.SyntheticConfig;
import org.activeseg.data.synthetic.SyntheticDatasetWriter;
import org.activeseg.tensor.FloatTensor;
import org.activeseg.tensor.Npy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyProbabilitiesTest {
    static final int W = 32, H = 24, C = 5;

    @TempDir
    static Path tmp;
    static Dataset dataset;
    static String frame;

    @BeforeAll
    static void data() throws IOException {
        Path dir = tmp.resolve("ds");
        new SyntheticDatasetWriter(SyntheticConfig.defaults().withScenes(1, 2).withSize(W, H), 0).write(dir);
        dataset = ScanNetReader.open(dir);
        frame = dataset.frameIds().get(0);
    }

    /** Random probabilities (T, C, H, W) normalised per pixel and sample. */
    static float[] randomProbs(int t, int c, int p, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[t * c * p];
        for (int d = 0; d < t; d++) {
            for (int i = 0; i < p; i++) {
                double s = 0;
                for (int k = 0; k < c; k++) {
                    s += v[(d * c + k) * p + i] = (float) r.nextDouble(0.01, 1);
                }
                for (int k = 0; k < c; k++) {
                    v[(d * c + k) * p + i] /= (float) s;
                }
            }
        }
        return v;
    }

    private NpyProbabilities source(String name, float[] values, long... shape) throws IOException {
        Path dir = java.nio.file.Files.createDirectories(tmp.resolve(name));
        Npy.write(dir.resolve(frame + ".npy"), values, shape);
        return new NpyProbabilities(dir, dataset);
    }

    @Test
    void readsCHWAndTCHW() throws IOException {
        float[] one = randomProbs(1, C, W * H, 1);
        try (FloatTensor t = source("chw", one, C, H, W).load(frame)) {
            assertEquals(3, t.rank());
            assertEquals(1, t.dim(0));
            assertEquals(C, t.dim(1));
            assertEquals(W * H, t.dim(2));
            assertEquals(one[7], t.get(7));
        }
        NpyProbabilities four = source("tchw", randomProbs(3, C, W * H, 2), 3, C, H, W);
        try (FloatTensor t = four.load(frame)) {
            assertEquals(3, t.dim(0));
        }
        assertEquals(C, four.classes());
    }

    @Test
    void badProbabilitiesNameFramePixelAndValue() throws IOException {
        float[] v = randomProbs(1, C, W * H, 3);
        v[2 * W * H + 5 * W + 4] = Float.NaN;
        var nan = assertThrows(IOException.class, () -> source("nan", v, C, H, W).load(frame));
        assertTrue(nan.getMessage().contains(frame) && nan.getMessage().contains("x=4, y=5") && nan.getMessage().contains("NaN"),
                nan.getMessage());

        float[] neg = randomProbs(1, C, W * H, 4);
        neg[10] = -0.1f;
        assertTrue(assertThrows(IOException.class, () -> source("neg", neg, C, H, W).load(frame)).getMessage().contains("-0.1"));

        float[] sum = randomProbs(1, C, W * H, 5);
        sum[W + 1] += 0.2f;
        var s = assertThrows(IOException.class, () -> source("sum", sum, C, H, W).load(frame));
        assertTrue(s.getMessage().contains("x=1, y=1") && s.getMessage().contains("not 1"), s.getMessage());

        var shape = assertThrows(IOException.class, () -> source("shape", randomProbs(1, C, W * H, 6), C, W, H).load(frame));
        assertTrue(shape.getMessage().contains("24x32") && shape.getMessage().contains(W + "x" + H), shape.getMessage());

        var missing = assertThrows(IOException.class, () -> source("miss", randomProbs(1, C, W * H, 7), C, H, W)
                .load(dataset.frameIds().get(1)));
        assertTrue(missing.getMessage().contains(dataset.frameIds().get(1)), missing.getMessage());
    }
}
