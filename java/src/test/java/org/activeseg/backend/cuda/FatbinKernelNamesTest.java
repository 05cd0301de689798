package org.activeseg.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.activeseg.testing.CudaRequirement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The kernels JCuda looks up by name ({@link JCudaPixelKernels#KERNELS}) are entry points of the
 * built activeseg.fatbin, read from its ELF images (and cross-checked with cuobjdump where the
 * toolkit has it); the kernel JCuda launches is the pixel statistic kernel, not a copy of it. No
 * GPU needed; skips visibly without an nvcc build (fails under -Dactiveseg.test.requireCuda=true).
 */
class FatbinKernelNamesTest {

    @RegisterExtension
    static final CudaRequirement<Path> FATBIN = CudaRequirement.fatbin();

    @Test
    void everyKernelJCudaLooksUpIsInTheFatbin() throws IOException {
        Path fatbin = FATBIN.get();
        Set<String> kernels = FatbinKernelNames.of(Files.readAllBytes(fatbin));
        assertFalse(kernels.isEmpty(), fatbin + " holds no uncompressed ELF image with kernels");
        for (String name : JCudaPixelKernels.KERNELS) {
            assertTrue(kernels.contains(name), name + " is not a kernel of " + fatbin + "; it has " + kernels);
        }
        assertTrue(kernels.contains("as_pixel_statistic_f16_kernel"), kernels.toString());
        assertFalse(kernels.contains("as_pixel_entropy_kernel"), "the float-accumulating entropy kernel is gone: " + kernels);
    }

    @Test
    void cuobjdumpAgreesWhereTheToolkitHasIt() throws IOException, InterruptedException {
        Path fatbin = FATBIN.get();
        Path cuobjdump = Path.of("/usr/local/cuda/bin/cuobjdump");
        String tool = Files.isExecutable(cuobjdump) ? cuobjdump.toString() : "cuobjdump";
        Process p;
        try {
            p = new ProcessBuilder(tool, "-symbols", fatbin.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            System.err.println("SKIPPED FatbinKernelNamesTest cuobjdump check: " + e.getMessage());
            assumeTrue(false, "cuobjdump not on this machine: " + e.getMessage());
            return;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "cuobjdump did not finish");
        assertEquals(0, p.exitValue(), out);
        for (String name : JCudaPixelKernels.KERNELS) {
            assertTrue(out.contains(name), name + " missing from cuobjdump -symbols " + fatbin + ":\n" + out);
        }
    }
}
