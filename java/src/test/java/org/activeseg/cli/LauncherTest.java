package org.activeseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ./activeseg launcher, run on a copy of itself in a scratch project whose sources are newer than
 * the last build, with a stand-in `mvn` that only says it ran: the user is told that it builds, and
 * why, before the build starts.
 */
class LauncherTest {
    @TempDir
    Path tmp;

    @Test
    void aRebuildIsAnnouncedBeforeItStarts() throws Exception {
        Path launcher = Path.of("..", "activeseg").toAbsolutePath().normalize();
        assumeTrue(Files.isRegularFile(launcher), "skipped: the launcher " + launcher + " is not here");
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "skipped: no /bin/bash");
        Path root = Files.createDirectories(tmp.resolve("project"));
        Files.copy(launcher, root.resolve("activeseg"));
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        Files.createDirectories(root.resolve("java/src/main"));
        Files.writeString(root.resolve("java/pom.xml"), "<project/>");
        Path jar = Files.createDirectories(root.resolve("java/target")).resolve("activeseg.jar");
        Files.writeString(jar, "not a jar");
        Path stamp = Files.createDirectories(root.resolve("build")).resolve(".activeseg-built");
        Files.writeString(stamp, "");
        Files.setLastModifiedTime(stamp, FileTime.from(Instant.now().minusSeconds(3600)));
        Files.writeString(root.resolve("java/src/main/Changed.java"), "// newer than the stamp");

        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path mvn = Files.writeString(bin.resolve("mvn"), "#!/bin/bash\necho MAVEN-RAN >&2\n");
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));

        ProcessBuilder pb = new ProcessBuilder("/bin/bash", root.resolve("activeseg").toString(), "--help");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the launcher did not finish");
        List<String> lines = err.lines().toList();
        assertTrue(lines.size() >= 2, err);
        assertEquals("activeseg: sources changed since the last build: building first (about a minute;"
                + " `./activeseg build` does it ahead)", lines.getFirst(), err);
        assertTrue(err.indexOf("MAVEN-RAN") > err.indexOf("building first"), "announced before Maven runs: " + err);
    }
}
