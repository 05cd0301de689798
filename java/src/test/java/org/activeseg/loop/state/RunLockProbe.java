package org.activeseg.loop.state;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A second process for RunLockTest. {@code try DIR}: tries to lock DIR, prints {@code ACQUIRED} or
 * {@code IN_USE <message>}, and exits. {@code hold DIR}: locks DIR, prints {@code HELD <pid>}, and
 * keeps the lock until its standard input closes or it is killed.
 */
public final class RunLockProbe {
    private RunLockProbe() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[1]);
        try (RunLock lock = RunLock.acquire(dir)) {
            if (args[0].equals("hold")) {
                System.out.println("HELD " + lock.pid());
                System.out.flush();
                while (System.in.read() >= 0) {
                    // wait for the parent
                }
            } else {
                System.out.println("ACQUIRED");
            }
        } catch (RunDirectoryInUseException e) {
            System.out.println("IN_USE " + e.getMessage());
        }
    }
}
