package org.activeseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The commands as a user runs them: exit codes, output, and one-line errors naming the problem. */
class CliTest {

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void generateThenInspect(@TempDir Path tmp) {
        Path dir = tmp.resolve("demo");
        Run g = run("generate", "--out", dir.toString(), "--scenes", "3", "--frames", "4", "--size", "80x60");
        assertEquals(0, g.code(), g.err());
        assertTrue(g.out().contains("wrote 12 frames in 3 scenes"), g.out());
        Run i = run("inspect", dir.toString());
        assertEquals(0, i.code(), i.err());
        assertTrue(i.out().contains("frames       12 in 3 scene(s), 80x60"), i.out());
        assertTrue(i.out().contains("100.0 % of pixels labelled"), i.out());
        assertTrue(i.out().contains("synth0000_00"), i.out());
    }

    @Test
    void badInputGivesOneClearLine(@TempDir Path tmp) throws Exception {
        Run missing = run("inspect", tmp.resolve("nope").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("nope"), missing.err());
        assertFalse(missing.err().contains("\tat "), "no stack trace without ACTIVESEG_DEBUG: " + missing.err());

        Run size = run("generate", "--out", tmp.resolve("x").toString(), "--size", "80by60");
        assertEquals(1, size.code());
        assertTrue(size.err().contains("--size") && size.err().contains("80by60"), size.err());

        Path busy = Files.createDirectories(tmp.resolve("busy"));
        Files.writeString(busy.resolve("a.txt"), "x");
        Run exists = run("generate", "--out", busy.toString(), "--scenes", "1", "--frames", "2", "--size", "32x24");
        assertEquals(1, exists.code());
        assertTrue(exists.err().contains(busy.toString()), exists.err());

        Run unknown = run("frobnicate");
        assertEquals(2, unknown.code(), "picocli's usage error code");
    }

    @Test
    void infoReportsTheBackendAndItsReasons() {
        Run r = run("info", "--backend", "java");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("backend: java"), r.out());
        assertTrue(r.out().contains("reasons:"), r.out());
        Run bad = run("info", "--backend", "tpu");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("tpu"), bad.err());
    }
}
