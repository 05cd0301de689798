package org.activeseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.activeseg.data.Dataset;
import org.activeseg.data.scannet.ScanNetReader;
import org.activeseg.data.synthetic.SyntheticConfig;
import org.activeseg.data.synthetic.SyntheticDatasetWriter;
import org.activeseg.tensor.Npy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `activeseg score` end to end on a small synthetic dataset: output schema, maps, and bad input. */
class ScoreCommandTest {
    static final int W = 48, H = 36, C = 6;

    @TempDir
    static Path tmp;
    static Path data, probs;
    static List<String> pool = new ArrayList<>();

    @BeforeAll
    static void setUp() throws IOException {
        data = tmp.resolve("ds");
        new SyntheticDatasetWriter(SyntheticConfig.defaults().withScenes(3, 4).withSize(W, H), 100).write(data);
        Dataset ds = ScanNetReader.open(data);
        probs = Files.createDirectories(tmp.resolve("probs"));
        SplittableRandom r = new SplittableRandom(9);
        for (String id : ds.splits().train()) {
            // The seed frames get probabilities too: core-set starts from them.
            if (!ds.splits().seed().contains(id)) {
                pool.add(id);
            }
            float[] v = new float[3 * C * W * H];
            for (int d = 0; d < 3; d++) {
                for (int i = 0; i < W * H; i++) {
                    double s = 0;
                    for (int k = 0; k < C; k++) {
                        s += v[(d * C + k) * W * H + i] = (float) r.nextDouble(0.01, 1);
                    }
                    for (int k = 0; k < C; k++) {
                        v[(d * C + k) * W * H + i] /= (float) s;
                    }
                }
            }
            Npy.write(probs.resolve(id + ".npy"), v, 3, C, H, W);
        }
    }

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    @Test
    void entropyWritesTheDocumentedJsonAndMaps() throws IOException {
        Path out = tmp.resolve("entropy.json");
        Path maps = tmp.resolve("maps");
        Run r = run("score", "--dataset", data.toString(), "--probs", probs.toString(), "--method", "entropy",
                "--budget-pixels", String.valueOf(W * H), "--maps", maps.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        String json = Files.readString(out);
        assertTrue(json.contains("\"method\": \"entropy\"") && json.contains("\"compat\": false")
                && json.contains("\"frames\": [") && json.contains("\"selection\": [") && json.contains("\"parameters\""), json);
        for (String id : pool) {
            assertTrue(json.contains("\"id\": \"" + id + "\""), id);
        }
        assertTrue(Files.exists(maps.resolve(pool.get(0) + ".entropy.npy")), "entropy map written");
        try (var a = Npy.read(maps.resolve(pool.get(0) + ".entropy.npy"))) {
            assertEquals(List.of((long) H, (long) W), java.util.Arrays.stream(a.shape()).boxed().toList());
        }
    }

    @Test
    void learningLossRanksByPredictedLoss() throws IOException {
        Path losses = tmp.resolve("losses.txt");
        StringBuilder sb = new StringBuilder("# frame predicted-loss\n");
        for (int i = 0; i < pool.size(); i++) {
            sb.append(pool.get(i)).append(' ').append(i == 1 ? 9.5 : i * 0.1).append('\n');
        }
        Files.writeString(losses, sb.toString());
        Path out = tmp.resolve("ll.json");
        Run r = run("score", "--dataset", data.toString(), "--probs", probs.toString(), "--method", "learning-loss",
                "--param", "predicted_losses=" + losses, "--budget-pixels", "1", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        String json = Files.readString(out);
        int sel = json.indexOf("\"selection\"");
        assertTrue(json.indexOf("\"frame\": \"" + pool.get(1) + "\"", sel) > sel, "the highest predicted loss is picked: " + json);
        assertEquals(1, json.substring(sel).split("\"frame\"").length - 1, "a one-pixel budget takes one frame");

        Files.writeString(losses, pool.get(0) + " 1.0\n");
        Run missing = run("score", "--dataset", data.toString(), "--probs", probs.toString(), "--method", "learning-loss",
                "--param", "predicted_losses=" + losses, "--out", out.toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("no predicted loss for pool frame " + pool.get(1)), missing.err());
    }

    @Test
    void everyMethodRunsThroughTheCli() throws IOException {
        for (String m : org.activeseg.acquisition.AcquisitionMethods.names()) {
            if (m.equals("learning-loss")) {
                continue; // needs predicted losses: learningLossRanksByPredictedLoss
            }
            Path out = tmp.resolve(m + ".json");
            String[] extra = m.equals("viewal") ? new String[] {"--param", "overlap_threshold=0.25"} : new String[0];
            String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("score", "--dataset", data.toString(),
                    "--probs", probs.toString(), "--method", m, "--budget-fraction", "0.1", "--out", out.toString()),
                    java.util.Arrays.stream(extra)).toArray(String[]::new);
            Run r = run(args);
            assertEquals(0, r.code(), m + ": " + r.err());
            String json = Files.readString(out);
            assertTrue(json.contains("\"method\": \"" + m + "\""), json);
            assertFalse(json.contains("\"selection\": []"), m + " selected nothing: " + json);
        }
    }

    @Test
    void badInputLeavesTheOutputUntouched() throws IOException {
        Path out = tmp.resolve("keep.json");
        Files.writeString(out, "previous");
        Run unknown = run("score", "--dataset", data.toString(), "--probs", probs.toString(), "--method", "magic",
                "--out", out.toString());
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("magic") && unknown.err().contains("entropy"), unknown.err());

        for (String m : org.activeseg.acquisition.AcquisitionMethods.names()) {
            Run typo = run("score", "--dataset", data.toString(), "--probs", probs.toString(), "--method", m,
                    "--param", "radus=3", "--out", out.toString());
            assertEquals(1, typo.code(), m + " must refuse an unknown parameter");
            assertTrue(typo.err().contains("'radus'"), m + ": " + typo.err());
        }

        Run tooBig = run("score", "--dataset", data.toString(), "--probs", probs.toString(), "--method", "entropy",
                "--budget-pixels", String.valueOf(10L * W * H * pool.size()), "--out", out.toString());
        assertEquals(1, tooBig.code());
        assertTrue(tooBig.err().contains("larger than the pool"), tooBig.err());

        Path broken = Files.createDirectories(tmp.resolve("broken"));
        for (String id : pool) {
            Files.copy(probs.resolve(id + ".npy"), broken.resolve(id + ".npy"));
        }
        float[] nan = new float[C * W * H];
        java.util.Arrays.fill(nan, 1f / C);
        nan[3] = Float.NaN;
        Npy.write(broken.resolve(pool.get(1) + ".npy"), nan, C, H, W);
        Run bad = run("score", "--dataset", data.toString(), "--probs", broken.toString(), "--method", "entropy",
                "--out", out.toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains(pool.get(1)) && bad.err().contains("NaN"), bad.err());

        Files.delete(broken.resolve(pool.get(0) + ".npy"));
        Run missing = run("score", "--dataset", data.toString(), "--probs", broken.toString(), "--method", "entropy",
                "--out", out.toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains(pool.get(0)), missing.err());
        assertEquals("previous", Files.readString(out), "the output file is not touched on bad input");
        assertFalse(Files.list(tmp).anyMatch(p -> p.getFileName().toString().contains(".tmp")), "no temporaries left");
    }

    @Test
    void coresetStartsFromTheSeedFramesAsItsInitialCentres() throws IOException {
        Path out = tmp.resolve("coreset.json");
        Run r = run("score", "--dataset", data.toString(), "--probs", probs.toString(), "--method", "coreset",
                "--budget-pixels", "1", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        String json = Files.readString(out);
        assertTrue(json.contains("\"initial_centres\": 1"), "the one seed frame is the initial centre: " + json);
    }

    @Test
    void theScoreSummaryExplainsABudgetSpentOverOrUnder() {
        Path out = tmp.resolve("notes.json");
        Run over = run("score", "--dataset", data.toString(), "--probs", probs.toString(), "--method", "entropy",
                "--budget-pixels", "100", "--out", out.toString());
        assertEquals(0, over.code(), over.err());
        assertTrue(over.out().contains(W * H + " of 100 budget pixels"), over.out());
        assertTrue(over.out().contains("note: entropy selects whole frames and stops at the first that reaches the budget"),
                over.out());

        // RIPU-PA with its default k = 32 on a 48x36 frame: one pick suppresses almost the whole frame.
        Run under = run("score", "--dataset", data.toString(), "--probs", probs.toString(), "--method", "ripu-pa",
                "--out", out.toString());
        assertEquals(0, under.code(), under.err());
        assertTrue(under.out().contains("budget pixels spent: each pick suppresses the pixels within 32 of it, which"
                + " left nothing to pick in 3 of 3 frames"), under.out());
        assertTrue(under.out().contains("--param k=N, now 32"), under.out());
    }

    @Test
    void aPoolFileIsCheckedLineByLine() throws IOException {
        Path out = tmp.resolve("pool.json");
        Path missing = tmp.resolve("no-such-pool.txt");
        Run none = run("score", "--dataset", data.toString(), "--probs", probs.toString(), "--method", "entropy",
                "--pool", missing.toString(), "--out", out.toString());
        assertEquals(1, none.code());
        assertTrue(none.err().contains("--pool " + missing + ": no such file"), none.err());

        Path twice = Files.writeString(tmp.resolve("twice.txt"), pool.get(0) + "\n" + pool.get(1) + "\n" + pool.get(0) + "\n");
        Run dup = run("score", "--dataset", data.toString(), "--probs", probs.toString(), "--method", "entropy",
                "--pool", twice.toString(), "--out", out.toString());
        assertEquals(1, dup.code());
        assertTrue(dup.err().contains(twice + ": line 3: frame '" + pool.get(0) + "' is listed twice (first on line 1)"),
                dup.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void withoutSplitFilesScoreScoresEveryFrameAndRunSaysWhichSplitItUses() throws IOException {
        Path one = tmp.resolve("one-scene");
        new SyntheticDatasetWriter(SyntheticConfig.defaults().withScenes(1, 7).withSize(W, H), 100).write(one);
        try (var files = Files.list(one.resolve("splits"))) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(one.resolve("splits"));
        Dataset ds = ScanNetReader.open(one);
        Path p = Files.createDirectories(tmp.resolve("one-probs"));
        float[] uniform = new float[C * W * H];
        java.util.Arrays.fill(uniform, 1f / C);
        for (String id : ds.frameIds()) {
            Npy.write(p.resolve(id + ".npy"), uniform, C, H, W);
        }
        Path out = tmp.resolve("all.json");
        Run r = run("score", "--dataset", one.toString(), "--probs", p.toString(), "--method", "entropy",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("pool: all 7 frames (" + one.resolve("splits") + " has no split files)"), r.out());
        assertTrue(r.out().contains("entropy: scored 7 frames"), r.out());

        Run start = run("run", "--out", tmp.resolve("never").toString(), "--dataset", one.toString(), "--budget",
                "99999999", "--backend", "java");
        assertEquals(1, start.code());
        assertTrue(start.err().contains("dataset " + one + " has no split files: default split by frame position in each"
                + " of the 1 scene(s), 5 train / 1 val / 1 test frames"), start.err());
    }

    @Test
    void float64ProbabilitiesAreAcceptedConvertedAndSaidSo() throws IOException {
        // numpy's default dtype: the same probabilities as float64 give the same selection as float32.
        Path f64 = Files.createDirectories(tmp.resolve("probs-f64"));
        for (String id : pool) {
            try (var a = Npy.read(probs.resolve(id + ".npy"))) {
                float[] v = a.toFloatArray();
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 * v.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                for (float x : v) {
                    b.putDouble(x);
                }
                String header = "{'descr': '<f8', 'fortran_order': False, 'shape': (3, " + C + ", " + H + ", " + W + "), }";
                StringBuilder h = new StringBuilder(header);
                while ((10 + h.length() + 1) % 64 != 0) {
                    h.append(' ');
                }
                h.append('\n');
                java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
                file.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) h.length(), (byte) (h.length() >> 8)});
                file.write(h.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                file.write(b.array());
                Files.write(f64.resolve(id + ".npy"), file.toByteArray());
            }
        }
        Path a = tmp.resolve("f32.json");
        Path b = tmp.resolve("f64.json");
        Run r32 = run("score", "--dataset", data.toString(), "--probs", probs.toString(), "--method", "entropy", "--out",
                a.toString());
        Run r64 = run("score", "--dataset", data.toString(), "--probs", f64.toString(), "--method", "entropy", "--out",
                b.toString());
        assertEquals(0, r64.code(), r64.err());
        assertTrue(r64.out().contains("probabilities: " + pool.size() + " float64 file(s) converted to float32 on read"),
                r64.out());
        String sel32 = Files.readString(a).replaceAll("(?s).*\"selection\"", "");
        String sel64 = Files.readString(b).replaceAll("(?s).*\"selection\"", "");
        assertEquals(sel32, sel64);
        assertFalse(r32.out().contains("float64"), r32.out());
    }
}
