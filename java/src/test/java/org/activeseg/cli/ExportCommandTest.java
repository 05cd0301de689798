package org.activeseg.cli;

import static org.activeseg.cli.RunCommandTest.args;
import static org.activeseg.cli.RunCommandTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.activeseg.cli.RunCommandTest.Result;
import org.activeseg.loop.state.LabelledRegion;
import org.activeseg.loop.state.RunDatabase;
import org.activeseg.loop.state.Track;
import org.activeseg.report.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code activeseg export}: a round's selection as masks and as Label Studio tasks, equal to what the oracle labelled. */
@Timeout(300)
class ExportCommandTest {
    @TempDir
    static Path tmp;
    static Path run;

    @BeforeAll
    static void tinyRun() {
        List<String> a = new ArrayList<>(RunCommandTest.TINY);
        a.set(a.indexOf("random,entropy,ripu-ra"), "ripu-ra,viewal,entropy");
        a.set(a.indexOf("--rounds") + 1, "1");
        a.add("--no-full");
        run = tmp.resolve("run");
        Result r = cli(args("--out", run, a));
        assertEquals(0, r.exit(), r.err());
    }

    /** Pixels labelled in round 1 per frame, from the database (the round's regions add only new pixels). */
    private static Map<String, Long> roundOnePixels(String strategy) {
        Map<String, Long> m = new HashMap<>();
        try (RunDatabase db = RunDatabase.open(run)) {
            for (LabelledRegion r : db.track(new Track(strategy, 0)).regions()) {
                if (r.round() == 1) {
                    m.merge(r.frame(), r.pixels(), Long::sum);
                }
            }
        }
        return m;
    }

    private static BitSet mask(Path png) throws Exception {
        BufferedImage img = ImageIO.read(png.toFile());
        BitSet m = new BitSet();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int v = img.getRaster().getSample(x, y, 0);
                assertTrue(v == 0 || v == 255, "mask values are 0 or 255");
                if (v == 255) {
                    m.set(y * img.getWidth() + x);
                }
            }
        }
        return m;
    }

    @Test
    void masksAreExactlyTheRoundsNewPixels() throws Exception {
        for (String s : List.of("ripu-ra", "viewal", "entropy")) {
            Path out = tmp.resolve("masks-" + s);
            Result r = cli("export", run.toString(), "--format", "masks", "--strategy", s, "--out", out.toString());
            assertEquals(0, r.exit(), r.err());
            Map<String, Long> expected = roundOnePixels(s);
            List<String> csv = Files.readAllLines(out.resolve("queue.csv"));
            assertEquals("frame,image,mask,regions,pixels_to_label", csv.getFirst());
            assertEquals(expected.size() + 1, csv.size(), s + ": a line per frame: " + csv);
            for (String line : csv.subList(1, csv.size())) {
                String[] f = line.split(",");
                assertTrue(Files.exists(run.resolve("dataset").resolve(f[1])), f[1]);
                assertEquals(expected.get(f[0]).longValue(), mask(out.resolve(f[2])).cardinality(), s + " " + f[0]);
                assertEquals(expected.get(f[0]).longValue(), Long.parseLong(f[4]));
            }
            assertTrue(r.out().contains(s + " seed 0 round 1: " + expected.size() + " frames"), r.out());
        }
    }

    @Test
    void labelStudioTasksDrawTheSameRegions() throws Exception {
        Path masks = tmp.resolve("ls-masks");
        assertEquals(0, cli("export", run.toString(), "--format", "masks", "--strategy", "viewal", "--out",
                masks.toString()).exit());
        for (String s : List.of("viewal", "ripu-ra")) {
            Path out = tmp.resolve("ls-" + s);
            Path m = tmp.resolve("lsm-" + s);
            assertEquals(0, cli("export", run.toString(), "--format", "masks", "--strategy", s, "--out", m.toString()).exit());
            Result r = cli("export", run.toString(), "--format", "labelstudio", "--strategy", s, "--out", out.toString());
            assertEquals(0, r.exit(), r.err());
            assertTrue(Files.readString(out.resolve("labelstudio-config.xml")).contains("<PolygonLabels name=\"queue_polygon\""));
            List<?> tasks = (List<?>) Json.parse(Files.readString(out.resolve("tasks.json")));
            assertEquals(roundOnePixels(s).size(), tasks.size());
            for (Object t : tasks) {
                Map<?, ?> task = (Map<?, ?>) t;
                Map<?, ?> data = (Map<?, ?>) task.get("data");
                String frame = (String) data.get("frame");
                assertTrue(((String) data.get("image")).startsWith("/data/local-files/?d=color/" + frame), data.toString());
                Map<?, ?> prediction = (Map<?, ?>) ((List<?>) task.get("predictions")).getFirst();
                List<?> result = (List<?>) prediction.get("result");
                BitSet drawn = draw(result);
                assertEquals(mask(m.resolve("masks").resolve(frame + ".png")), drawn, s + " " + frame);
                String type = (String) ((Map<?, ?>) result.getFirst()).get("type");
                assertEquals(s.equals("viewal") ? "polygonlabels" : "rectanglelabels", type);
            }
        }
    }

    /** Rasterises rectangles and (even-odd, per prediction) polygons at pixel centres. */
    private static BitSet draw(List<?> result) {
        BitSet out = new BitSet();
        List<double[][]> polygons = new ArrayList<>();
        int w = 0;
        int h = 0;
        for (Object o : result) {
            Map<?, ?> item = (Map<?, ?>) o;
            w = ((Number) item.get("original_width")).intValue();
            h = ((Number) item.get("original_height")).intValue();
            Map<?, ?> v = (Map<?, ?>) item.get("value");
            if ("rectanglelabels".equals(item.get("type"))) {
                double x0 = num(v, "x") * w / 100;
                double y0 = num(v, "y") * h / 100;
                double x1 = x0 + num(v, "width") * w / 100;
                double y1 = y0 + num(v, "height") * h / 100;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        if (x + 0.5 > x0 && x + 0.5 < x1 && y + 0.5 > y0 && y + 0.5 < y1) {
                            out.set(y * w + x);
                        }
                    }
                }
            } else {
                List<?> pts = (List<?>) v.get("points");
                double[][] poly = new double[pts.size()][];
                for (int i = 0; i < poly.length; i++) {
                    List<?> p = (List<?>) pts.get(i);
                    poly[i] = new double[] {((Number) p.get(0)).doubleValue() * w / 100, ((Number) p.get(1)).doubleValue() * h / 100};
                }
                polygons.add(poly);
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int crossings = 0;
                for (double[][] poly : polygons) {
                    for (int i = 0; i < poly.length; i++) {
                        double[] a = poly[i];
                        double[] b = poly[(i + 1) % poly.length];
                        double cy = y + 0.5;
                        if ((a[1] > cy) != (b[1] > cy) && a[0] + (cy - a[1]) * (b[0] - a[0]) / (b[1] - a[1]) > x + 0.5) {
                            crossings++;
                        }
                    }
                }
                if (crossings % 2 == 1) {
                    out.set(y * w + x);
                }
            }
        }
        return out;
    }

    private static double num(Map<?, ?> v, String k) {
        return ((Number) v.get(k)).doubleValue();
    }

    @Test
    void aBadRequestIsOneLineAndWritesNothing() {
        Result round = cli("export", run.toString(), "--format", "masks", "--round", "7");
        assertEquals(1, round.exit());
        assertTrue(round.err().contains("ripu-ra seed 0 selected nothing in round 7 (its rounds are 0..1)"), round.err());
        Result strategy = cli("export", run.toString(), "--format", "masks", "--strategy", "margin");
        assertEquals(1, strategy.exit());
        assertTrue(strategy.err().contains("has no track margin seed 0; it has [entropy seed 0, ripu-ra seed 0,"
                + " viewal seed 0]"), strategy.err());
        Result format = cli("export", run.toString(), "--format", "coco");
        assertEquals(2, format.exit(), "picocli's usage error");
        assertFalse(Files.exists(run.resolve("export")), "a failed export leaves nothing");
        Result noRun = cli("export", tmp.toString(), "--format", "masks");
        assertEquals(1, noRun.exit());
        assertTrue(noRun.err().contains("holds no run"), noRun.err());
    }
}
