package org.activeseg.model.gpu;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Builds stand-ins for libcudnn.so.9 and libcublas.so.13 with gcc, so the Panama bindings (symbol
 * lookup, version checks, status and error-text paths) run on a machine without the real
 * libraries or a GPU. Every bound function is exported; unless overridden it takes no arguments
 * and returns 0, which is harmless on x86-64 System V whatever the caller passes (the caller
 * cleans up). Skips visibly when gcc is missing.
 */
final class StubLibrary {
    private StubLibrary() {}

    /**
     * A shared library exporting {@code functions} (minus {@code omitted}), each {@code int f(void)
     * { return 0; }} unless {@code bodies} gives its full C definition.
     */
    static Path build(Path dir, String name, List<String> functions, Set<String> omitted, Map<String, String> bodies)
            throws IOException, InterruptedException {
        StringBuilder c = new StringBuilder("#include <stddef.h>\n#include <string.h>\n");
        for (String f : functions) {
            if (omitted.contains(f)) {
                continue;
            }
            String body = bodies.get(f);
            c.append(body != null ? body : "int " + f + "(void) { return 0; }").append('\n');
        }
        for (Map.Entry<String, String> e : bodies.entrySet()) {
            if (!functions.contains(e.getKey()) && !omitted.contains(e.getKey())) {
                c.append(e.getValue()).append('\n');
            }
        }
        Path source = Files.writeString(dir.resolve(name + ".c"), c);
        Path so = dir.resolve(name);
        Process gcc;
        try {
            gcc = new ProcessBuilder(List.of("gcc", "-shared", "-fPIC", "-o", so.toString(), source.toString()))
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            System.err.println("SKIPPED: gcc not available to build a stub library: " + e.getMessage());
            assumeTrue(false, "gcc not available: " + e.getMessage());
            throw e;
        }
        String output = new String(gcc.getInputStream().readAllBytes());
        assertTrue(gcc.waitFor(60, TimeUnit.SECONDS) && gcc.exitValue() == 0, "gcc failed: " + output);
        return so;
    }
}
