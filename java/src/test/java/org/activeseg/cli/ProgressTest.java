package org.activeseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private PrintStream savedOut;
    private PrintStream savedErr;
    private String savedProperty;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void captureStandardStreams() {
        savedOut = System.out;
        savedErr = System.err;
        savedProperty = System.getProperty(Progress.PROPERTY);
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
        if (savedProperty == null) {
            System.clearProperty(Progress.PROPERTY);
        } else {
            System.setProperty(Progress.PROPERTY, savedProperty);
        }
    }

    @Test
    void switchedOffItCountsButPrintsNothingAnywhere() {
        System.setProperty(Progress.PROPERTY, "false");
        try (Progress p = Progress.start("scoring", 10)) {
            assertFalse(p.shown());
            p.step().step().stepBy(5).extraMessage("frame 7");
            assertEquals(7, p.current());
        }
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void withoutATerminalItIsQuietUnlessForced() {
        System.clearProperty(Progress.PROPERTY);
        boolean terminal = System.console() != null && System.console().isTerminal();
        assertEquals(terminal, Progress.drawBars());
        System.setProperty(Progress.PROPERTY, "FALSE");
        assertFalse(Progress.drawBars());
        System.setProperty(Progress.PROPERTY, "true");
        assertTrue(Progress.drawBars());
        if (!terminal) {
            System.clearProperty(Progress.PROPERTY);
            try (Progress p = Progress.start("training", 3)) {
                p.step();
                assertFalse(p.shown(), "a bar without a terminal");
            }
            assertEquals("", out.toString(StandardCharsets.UTF_8));
            assertEquals("", err.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aDrawnBarShowsTaskCountAndMessageOnItsStreamAndNothingOnStdout() {
        ByteArrayOutputStream bar = new ByteArrayOutputStream();
        try (Progress p = Progress.startOn("rounds", 4, new PrintStream(bar, true, StandardCharsets.UTF_8))) {
            assertTrue(p.shown());
            p.stepBy(3).extraMessage("mIoU 0.41").step();
            assertEquals(4, p.current());
        }
        String text = bar.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("rounds"), text);
        assertTrue(text.contains("4/4"), text);
        assertTrue(text.contains("mIoU 0.41"), text);
        assertEquals("", out.toString(StandardCharsets.UTF_8), "progress on stdout");
    }

    @Test
    void unknownTotalsAndRepeatedCloseAreFine() {
        ByteArrayOutputStream bar = new ByteArrayOutputStream();
        Progress p = Progress.startOn("generation", -1, new PrintStream(bar, true, StandardCharsets.UTF_8));
        p.stepBy(12);
        p.close();
        p.close();
        String text = bar.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("generation") && text.contains("12"), text);
        assertThrows(IllegalArgumentException.class, () -> p.stepBy(-1));
    }
}
