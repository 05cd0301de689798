package org.activeseg.cli;

import java.io.Console;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar for one task of a long command (scene generation, training epochs, scoring, rounds),
 * drawn by me.tongfei:progressbar on standard error, never on standard output (which carries JSON for
 * some commands).
 *
 * <p>When bars are drawn: {@code -Dactiveseg.progress=false} turns them off and {@code =true} forces
 * them on; otherwise they are drawn only when the JVM has an interactive terminal
 * ({@link Console#isTerminal()}: since JDK 22 {@link System#console()} is non-null even when the
 * output is redirected, so its nullness alone no longer tells). Without bars nothing at all is
 * printed, not even a closing line: logs and CI output stay clean, and the results a command reports
 * go through its own logging or output. The count is kept either way ({@link #current()}).
 *
 * <pre>{@code
 * try (Progress p = Progress.start("training", epochs)) {
 *     for (int e = 0; e < epochs; e++) { ...; p.extraMessage("loss " + loss).step(); }
 * }
 * }</pre>
 * Thread-safe: workers may step one instance concurrently.
 */
public final class Progress implements AutoCloseable {

    /** System property that turns bars off ({@code false}) or forces them on ({@code true}). */
    public static final String PROPERTY = "activeseg.progress";

    private final String task;
    private final ProgressBar bar;
    private final AtomicLong count = new AtomicLong();
    private volatile boolean closed;

    private Progress(String task, ProgressBar bar) {
        this.task = task;
        this.bar = bar;
    }

    /**
     * Starts a task of {@code total} steps (a negative total: unknown, the bar then shows only the count).
     */
    public static Progress start(String task, long total) {
        Objects.requireNonNull(task, "task");
        // the library's own console consumer: standard error, redrawn in place when the terminal can
        return new Progress(task, drawBars() ? builder(task, total).build() : null);
    }

    /** Starts a task whose bar is drawn on {@code out} regardless of the terminal (for tests), at width 100. */
    static Progress startOn(String task, long total, PrintStream out) {
        return new Progress(task, builder(task, total).setConsumer(new ConsoleProgressBarConsumer(out, 100)).build());
    }

    private static ProgressBarBuilder builder(String task, long total) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(total < 0 ? -1 : total)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250);
    }

    /** Whether {@link #start} draws bars in this JVM (see the class comment). */
    public static boolean drawBars() {
        String p = System.getProperty(PROPERTY);
        if (p != null && !p.isBlank()) {
            return Boolean.parseBoolean(p.strip().toLowerCase(Locale.ROOT));
        }
        Console c = System.console();
        return c != null && c.isTerminal();
    }

    public Progress step() {
        return stepBy(1);
    }

    public Progress stepBy(long n) {
        if (n < 0) {
            throw new IllegalArgumentException(task + ": cannot step back by " + n);
        }
        count.addAndGet(n);
        if (bar != null) {
            bar.stepBy(n);
        }
        return this;
    }

    /** A short text shown after the bar (the current loss, the frame being scored ...). */
    public Progress extraMessage(String message) {
        if (bar != null) {
            bar.setExtraMessage(message == null ? "" : message);
        }
        return this;
    }

    /** The steps taken so far. */
    public long current() {
        return count.get();
    }

    /** Whether this task draws a bar. */
    public boolean shown() {
        return bar != null;
    }

    public String task() {
        return task;
    }

    /** Time since the bar started; zero when no bar is drawn. */
    public Duration elapsed() {
        return bar == null ? Duration.ZERO : bar.getTotalElapsed();
    }

    /** Draws the final state and ends the line; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (bar != null) {
            bar.close();
        }
    }
}
