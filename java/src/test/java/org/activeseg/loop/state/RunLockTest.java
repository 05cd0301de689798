package org.activeseg.loop.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class RunLockTest {
    @TempDir
    Path runDir;

    private Process child;

    @AfterEach
    void killChild() throws InterruptedException {
        if (child != null && child.isAlive()) {
            child.destroyForcibly().waitFor();
        }
    }

    /** Starts RunLockProbe in a new JVM with this test's class path. */
    private Process probe(String mode) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow(
                () -> new AssertionError("cannot tell which java runs this test"));
        return new ProcessBuilder(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), RunLockProbe.class.getName(), mode, runDir.toString()))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    private static String firstLine(Process p) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null) {
            throw new AssertionError("the child JVM printed nothing (exit " + p.exitValue() + ")");
        }
        return line;
    }

    /** What a child JVM gets when it tries to lock the run directory. */
    private String childTry() throws Exception {
        Process p = probe("try");
        String line = firstLine(p);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return line;
    }

    @Test
    void aSecondLockInThisJvmIsRefusedAndTheFirstStaysHeld() throws Exception {
        long me = ProcessHandle.current().pid();
        RunLock first = RunLock.acquire(runDir);
        try (RunLock lock = first) {
            assertEquals(me, lock.pid());
            var e = assertThrows(RunDirectoryInUseException.class, () -> RunLock.acquire(runDir));
            assertTrue(e.getMessage().startsWith("run directory " + runDir.toRealPath() + " is in use by pid " + me
                    + " (this JVM) since " + lock.since()), e.getMessage());
            assertTrue(e.getMessage().contains("two runs cannot share a directory"), e.getMessage());
            assertEquals(me, e.pid().orElseThrow());
            // A refused attempt must not have dropped the OS lock (closing a second descriptor would).
            String other = childTry();
            assertTrue(other.startsWith("IN_USE run directory " + runDir.toRealPath() + " is in use by pid " + me
                    + " since " + lock.since()), other);
            assertTrue(other.contains("two runs cannot share a directory"), other);
        }
        // Read only now: opening the lock file in the holding JVM would drop the lock (see RunLock).
        assertEquals(List.of("pid=" + me, "since=" + first.since()), Files.readAllLines(runDir.resolve(".lock")));
        assertEquals("ACQUIRED", childTry());
        RunLock again = RunLock.acquire(runDir);
        again.close();
        again.close();
    }

    @Test
    void aLockHeldByAnotherJvmIsRefusedAndDiesWithIt() throws Exception {
        child = probe("hold");
        String held = firstLine(child);
        assertEquals("HELD " + child.pid(), held);

        var e = assertThrows(RunDirectoryInUseException.class, () -> RunLock.acquire(runDir));
        assertTrue(e.getMessage().startsWith("run directory " + runDir.toRealPath() + " is in use by pid "
                + child.pid() + " since "), e.getMessage());
        assertTrue(e.getMessage().contains("two runs cannot share a directory"), e.getMessage());
        assertEquals(child.pid(), e.pid().orElseThrow());
        assertTrue(e.since().isPresent());

        // kill -9: the lock file stays, but its OS lock is gone with the process.
        child.destroyForcibly();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertTrue(Files.readString(runDir.resolve(".lock")).contains("pid=" + child.pid()));
        try (RunLock lock = RunLock.acquire(runDir)) {
            assertTrue(childTry().startsWith("IN_USE run directory " + runDir.toRealPath() + " is in use by pid "
                    + lock.pid() + " since " + lock.since()));
        }
    }

    @Test
    void aLeftoverLockFileDoesNotBlock() throws Exception {
        Files.writeString(runDir.resolve(".lock"), "pid=999999\nsince=2020-01-01T00:00:00Z\nsome old text\n");
        RunLock lock = RunLock.acquire(runDir.resolve("."));
        lock.close();
        assertEquals(runDir.toRealPath(), lock.directory());
        assertEquals(List.of("pid=" + lock.pid(), "since=" + lock.since()), Files.readAllLines(runDir.resolve(".lock")));
    }

    @Test
    void discardRemovesOnlyALockFileItCreatedAndTheDirectoryCanBeLockedAgain() throws Exception {
        RunLock fresh = RunLock.acquire(runDir);
        fresh.discard();
        assertTrue(!Files.exists(runDir.resolve(".lock")), "a lock file this acquisition created is removed");
        fresh.close(); // idempotent

        Files.writeString(runDir.resolve(".lock"), "pid=1\n");
        RunLock existing = RunLock.acquire(runDir);
        existing.discard();
        assertTrue(Files.exists(runDir.resolve(".lock")), "an earlier run's lock file stays");

        // After a discard another process locks the directory (a new lock file), and this JVM is refused.
        Files.delete(runDir.resolve(".lock"));
        RunLock again = RunLock.acquire(runDir);
        again.discard();
        child = probe("hold");
        assertEquals("HELD " + child.pid(), firstLine(child));
        var e = assertThrows(RunDirectoryInUseException.class, () -> RunLock.acquire(runDir));
        assertEquals(child.pid(), e.pid().orElseThrow());
    }
}
