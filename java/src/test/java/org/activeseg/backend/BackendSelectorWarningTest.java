package org.activeseg.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `auto` on a machine without CUDA warns in one short line; the reasons stay in the choice (activeseg info). */
class BackendSelectorWarningTest {
    @TempDir
    Path tmp;

    @Test
    void autoWithoutCudaWarnsInOneShortLine() throws IOException {
        Path fake = Files.writeString(tmp.resolve("libactiveseg_cuda.so"), "not a library\n".repeat(20));
        BackendSelector selector = new BackendSelector(NativeLibraryLocator.explicit(fake, null));
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        BackendChoice choice;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            choice = selector.select("auto");
        } finally {
            System.setErr(saved);
        }
        try (choice) {
            List<String> lines = captured.toString(StandardCharsets.UTF_8).lines()
                    .filter(l -> l.contains("CUDA backend unavailable")).toList();
            assertEquals(1, lines.size(), captured.toString(StandardCharsets.UTF_8));
            String line = lines.getFirst();
            assertTrue(line.length() <= 160, line.length() + " characters: " + line);
            assertTrue(line.contains("using java; `activeseg info` says why"), line);
            assertTrue(!line.contains(tmp.toString()), "no paths in the short line: " + line);
            assertTrue(choice.describe().contains(fake.toString()), "the full reasons stay in the choice");
        }
    }

    @Test
    void theBriefReasonKeepsTheGistAndTheCudaErrorName() {
        String measured = "CUDA: no device: as_device_count: cudaErrorInsufficientDriver (35): CUDA driver version is"
                + " insufficient for CUDA runtime version [/root/.cache/activeseg/native/0e0a/libactiveseg_cuda.so]";
        assertEquals("CUDA: no device (cudaErrorInsufficientDriver)",
                BackendSelector.brief(List.of("native library loaded from /x/lib.so", measured)));
        assertEquals("no native library libactiveseg_cuda.so found",
                BackendSelector.brief(List.of("no native library libactiveseg_cuda.so found")));
    }
}
