package org.activeseg.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Locating and selecting without a GPU: each strategy of {@link NativeLibraryLocator}, the reasons
 * it leaves, and {@link BackendSelector}'s auto / java / cuda behaviour when CUDA cannot run.
 */
class NativeLibraryLocatorTest {

    @TempDir
    Path tmp;

    private static boolean anyContains(List<String> reasons, String text) {
        return reasons.stream().anyMatch(r -> r.contains(text));
    }

    @Test
    void explicitMissingFileIsTheOnlyCandidateAndNamesThePath() {
        Path missing = tmp.resolve("nowhere/libactiveseg_cuda.so");
        LocatedLibraries located = NativeLibraryLocator.explicit(missing, null).locate();
        assertTrue(located.candidates().isEmpty());
        assertTrue(anyContains(located.reasons(), missing.toString()), located.reasons().toString());
        assertTrue(anyContains(located.reasons(), "no such file"), located.reasons().toString());
    }

    @Test
    void explicitFatbinDefaultsToTheFileNextToTheLibrary() throws IOException {
        Path lib = Files.writeString(tmp.resolve("libx.so"), "x");
        NativeLibraryCandidate c = NativeLibraryLocator.explicit(lib, null).locate().candidates().getFirst();
        assertEquals(tmp.resolve("activeseg.fatbin"), c.fatbin());
        Path other = tmp.resolve("k.fatbin");
        assertEquals(other, NativeLibraryLocator.explicit(lib, other).locate().candidates().getFirst().fatbin());
    }

    @Test
    void fileThatIsNotALibraryCarriesTheLoaderErrorText() throws IOException {
        Path fake = tmp.resolve("libactiveseg_cuda.so");
        Files.writeString(fake, "this is not a shared library\n".repeat(20));
        BackendSelector selector = new BackendSelector(NativeLibraryLocator.explicit(fake, null));
        BackendProbe probe = selector.probeCuda();
        assertFalse(probe.isAvailable());
        // dlerror's own words, recovered although Panama only says "Cannot open library"
        assertTrue(anyContains(probe.reasons(), "invalid ELF header"), probe.reasons().toString());
        assertTrue(anyContains(probe.reasons(), fake.toString()), probe.reasons().toString());
    }

    @Test
    void packagedCopyIsExtractedIntoAContentAddressedCacheDir() throws IOException {
        Path res = tmp.resolve("classpath/" + NativeLibraryLocator.RESOURCE_DIR);
        Files.createDirectories(res);
        byte[] lib = "fake library bytes".getBytes(StandardCharsets.US_ASCII);
        byte[] fatbin = "fake fatbin".getBytes(StandardCharsets.US_ASCII);
        Files.write(res.resolve(NativeLibraryLocator.LIBRARY_NAME), lib);
        Files.write(res.resolve(NativeLibraryLocator.FATBIN_NAME), fatbin);
        Path cache = tmp.resolve("cache");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {tmp.resolve("classpath").toUri().toURL()}, null)) {
            NativeLibraryLocator locator = new NativeLibraryLocator(null, null, null, loader, cache, null);
            NativeLibraryCandidate first = locator.locate().candidates().getFirst();
            assertTrue(first.library().startsWith(cache), first.toString());
            assertTrue(first.origin().contains("packaged"), first.origin());
            assertArrayEquals(lib, Files.readAllBytes(first.library()));
            assertArrayEquals(fatbin, Files.readAllBytes(first.fatbin()));
            assertEquals(first.library().getParent(), first.fatbin().getParent());
            // same content, same folder; no temporary files left behind
            assertEquals(first, locator.locate().candidates().getFirst());
            try (var files = Files.list(first.library().getParent())) {
                assertEquals(2, files.count());
            }
        }
    }

    @Test
    void missingPackagedCopyAndDevBuildLeaveReasons() throws IOException {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            Path work = Files.createDirectories(tmp.resolve("a/b/c"));
            LocatedLibraries located = new NativeLibraryLocator(null, null, null, empty, tmp.resolve("cache"), work).locate();
            assertTrue(located.candidates().isEmpty());
            assertTrue(anyContains(located.reasons(), "classpath resource native/linux-x86_64/libactiveseg_cuda.so not found"),
                    located.reasons().toString());
            assertTrue(anyContains(located.reasons(), "build/native/libactiveseg_cuda.so not found under " + work),
                    located.reasons().toString());
        }
    }

    @Test
    void devBuildIsFoundInAParentOfTheWorkingDir() throws IOException {
        Path lib = Files.createDirectories(tmp.resolve("build/native")).resolve(NativeLibraryLocator.LIBRARY_NAME);
        Files.writeString(lib, "x");
        Path work = Files.createDirectories(tmp.resolve("java"));
        LocatedLibraries located = new NativeLibraryLocator(null, null, null, null, null, work).locate();
        assertEquals(lib, located.candidates().getFirst().library());
        assertTrue(located.candidates().getFirst().origin().contains("dev build"));
    }

    @Test
    void explicitCudaThatCannotLoadThrowsWithEveryReason() {
        Path missing = tmp.resolve("libactiveseg_cuda.so");
        BackendSelector selector = new BackendSelector(NativeLibraryLocator.explicit(missing, null));
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> selector.select("cuda"));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(e.reasons().size() >= 2, e.reasons().toString());
        for (String reason : e.reasons()) {
            assertTrue(e.getMessage().contains(reason), "message lacks reason: " + reason);
        }
    }

    @Test
    void autoFallsBackToJavaWithTheReasons() {
        Path missing = tmp.resolve("libactiveseg_cuda.so");
        try (BackendChoice choice = new BackendSelector(NativeLibraryLocator.explicit(missing, null)).select("AUTO")) {
            assertEquals("java", choice.backend().name());
            assertEquals("auto", choice.requested());
            assertTrue(anyContains(choice.reasons(), missing.toString()), choice.reasons().toString());
            assertTrue(choice.describe().contains("backend: java (requested auto via argument)"), choice.describe());
        }
    }

    @Test
    void providerClassThatCannotLoadIsAReason() throws IOException {
        Path lib = Files.writeString(tmp.resolve("libx.so"), "x");
        BackendSelector selector = new BackendSelector(NativeLibraryLocator.explicit(lib, null), "org.activeseg.NoSuchProvider");
        BackendProbe probe = selector.probeCuda();
        assertFalse(probe.isAvailable());
        assertTrue(anyContains(probe.reasons(), "org.activeseg.NoSuchProvider could not be loaded"), probe.reasons().toString());
    }

    @Test
    void javaIsChosenWithoutProbingAndUnknownChoicesAreRejected() {
        BackendSelector selector = new BackendSelector(NativeLibraryLocator.explicit(tmp.resolve("none.so"), null));
        try (BackendChoice choice = selector.select("java")) {
            assertEquals("java", choice.backend().name());
            assertTrue(choice.facts().isEmpty());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> selector.select("opencl"));
        assertTrue(e.getMessage().contains("opencl") && e.getMessage().contains("auto, java or cuda"), e.getMessage());
    }

    @Test
    void autoOnThisMachineSaysWhy() {
        BackendSelector selector = BackendSelector.fromEnvironment();
        BackendProbe probe = selector.probeCuda();
        probe.backend().ifPresent(ScoringBackend::close);
        try (BackendChoice choice = selector.select("auto")) {
            System.out.println("auto selection on this machine:\n" + choice.describe());
            if (probe.isAvailable()) {
                assertEquals("cuda", choice.backend().name());
                return;
            }
            assertEquals("java", choice.backend().name());
            boolean libraryLoaded = anyContains(choice.reasons(), "native library loaded from");
            if (libraryLoaded) {
                // the library loads on a CPU machine; the driver or device is what is missing
                assertTrue(anyContains(choice.reasons(), "CUDA: no device") || anyContains(choice.reasons(), "JCuda"),
                        choice.reasons().toString());
                assertEquals(String.valueOf(org.activeseg.device.cuda.ActivesegNative.ABI_VERSION),
                        choice.facts().get("ABI version"));
                assertTrue(choice.facts().containsKey("JCuda"), choice.facts().toString());
            } else {
                assertTrue(anyContains(choice.reasons(), "not found") || anyContains(choice.reasons(), "unusable"),
                        choice.reasons().toString());
            }
        }
    }
}
