package org.activeseg.cli;

import static org.activeseg.cli.RunCommandTest.args;
import static org.activeseg.cli.RunCommandTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html of a tiny run rendered by a real browser (headless Chromium): the DOM the
 * browser built holds every section, the selection figures with ground truth, prediction and
 * uncertainty, and the tables; the images the browser decoded are real PNGs; and the page paints
 * more than a blank sheet. Skips visibly when no Chromium is installed (.ci/run installs Debian's).
 */
@Timeout(300)
class ReportInBrowserTest {
    @TempDir
    Path tmp;

    static Path chromium() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    private static String browser(Path chromium, Path workDir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + workDir.resolve("profile")));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(workDir.resolve("chromium.err").toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not finish");
        assertEquals(0, p.exitValue(), "chromium " + String.join(" ", args) + ": "
                + Files.readString(workDir.resolve("chromium.err")));
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void aBrowserRendersEveryPartOfTheReport() throws Exception {
        Path chromium = chromium();
        if (chromium == null) {
            System.err.println("SKIPPED: no chromium on PATH, report.html was not rendered in a browser");
        }
        assumeTrue(chromium != null, "no chromium on PATH (apt-get install chromium)");
        List<String> run = new ArrayList<>(RunCommandTest.TINY);
        run.set(run.indexOf("random,entropy,ripu-ra"), "random,ripu-ra");
        Path dir = tmp.resolve("run");
        RunCommandTest.Result r = cli(args("--out", dir, run));
        assertEquals(0, r.exit(), r.err());
        String url = dir.resolve("report.html").toUri().toString();

        String dom = browser(chromium, tmp, "--dump-dom", url);
        for (String part : List.of("<h2>Learning curves</h2>", "<h2>Results</h2>", "<h2>Rounds</h2>",
                "<h2>mIoU against each annotation cost</h2>", "<h2>Per-class IoU</h2>", "<h2>Selected regions</h2>",
                "<h2>Provenance</h2>", "<h2>Configuration</h2>", "fully supervised (every training pixel)")) {
            assertTrue(dom.contains(part), "the rendered report lacks " + part);
        }
        assertTrue(dom.contains("<svg"), "the learning curves are inline SVG");
        for (String alt : List.of("ground truth of frame", "prediction of the round 0 model on frame",
                "uncertainty of the round 1 model on frame")) {
            assertTrue(dom.contains("alt=\"" + alt), "the rendered report lacks an image '" + alt + "'");
        }
        Matcher images = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(dom);
        int decoded = 0;
        while (images.find()) {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(
                    Base64.getDecoder().decode(images.group(1))));
            assertTrue(img != null && img.getWidth() > 0 && img.getHeight() > 0, "an embedded image is not a PNG");
            decoded++;
        }
        assertTrue(decoded >= 12, "4 rounds x 3 views of embedded images expected, found " + decoded);

        Path shot = tmp.resolve("report.png");
        browser(chromium, tmp, "--window-size=1200,3000", "--screenshot=" + shot, url);
        BufferedImage page = ImageIO.read(shot.toFile());
        assertTrue(page != null, "no screenshot");
        long colours = IntStream.range(0, page.getHeight() / 8)
                .flatMap(y -> IntStream.range(0, page.getWidth() / 8).map(x -> page.getRGB(x * 8, y * 8)))
                .distinct().count();
        assertTrue(colours > 50, "the page paints " + colours + " colours: blank or nearly so");
    }
}
