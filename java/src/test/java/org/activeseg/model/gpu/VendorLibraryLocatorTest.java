package org.activeseg.model.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order of the strategies and what each leaves as a candidate or a reason. */
class VendorLibraryLocatorTest {

    @TempDir
    Path tmp;

    @Test
    void explicitValueIsTheOnlyCandidatePathOrName() {
        VendorLibraryLocator.Located byPath = new VendorLibraryLocator("cuDNN", "lib/x.so", "-Dp", "libcudnn.so.9",
                List.of(tmp)).locate();
        assertEquals(1, byPath.candidates().size());
        assertTrue(byPath.candidates().getFirst().byPath());
        assertEquals(Path.of("lib/x.so").toAbsolutePath().normalize().toString(), byPath.candidates().getFirst().target());
        VendorLibraryLocator.Located byName = new VendorLibraryLocator("cuDNN", " libcudnn.so.9 ", "$E", "libcudnn.so.9",
                List.of(tmp)).locate();
        assertFalse(byName.candidates().getFirst().byPath());
        assertEquals("libcudnn.so.9", byName.candidates().getFirst().target());
        assertTrue(byName.candidates().getFirst().origin().contains("explicit name from $E"));
        assertTrue(byName.reasons().isEmpty());
    }

    @Test
    void loaderPathFirstThenToolkitFoldersThatHoldTheFile() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("a/lib64"));
        Path holding = Files.createDirectories(tmp.resolve("b/lib64"));
        Files.writeString(holding.resolve("libcublas.so.13"), "x");
        VendorLibraryLocator.Located located = new VendorLibraryLocator("cuBLAS", null, null, "libcublas.so.13",
                List.of(empty, tmp.resolve("missing"), holding)).locate();
        assertEquals(2, located.candidates().size());
        assertEquals("libcublas.so.13", located.candidates().get(0).target());
        assertFalse(located.candidates().get(0).byPath());
        assertEquals(holding.resolve("libcublas.so.13").toString(), located.candidates().get(1).target());
        assertTrue(located.reasons().isEmpty(), located.reasons().toString());

        VendorLibraryLocator.Located none = new VendorLibraryLocator("cuBLAS", "", null, "libcublas.so.13",
                List.of(empty)).locate();
        assertEquals(1, none.candidates().size());
        assertTrue(none.reasons().getFirst().contains("none of the CUDA toolkit folders [" + empty + "]"));
    }

    @Test
    void defaultToolkitFoldersIncludeUsrLocalCuda() {
        assertTrue(VendorLibraryLocator.defaultToolkitDirectories().contains(Path.of("/usr/local/cuda/lib64")));
    }
}
