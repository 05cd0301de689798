package org.activeseg.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The native files the jar packages (java/pom.xml's resource from {@code ${activeseg.native.dir}})
 * are exactly the ones {@link NativeLibraryLocator} reads from the jar, and CMake builds each of them,
 * so nothing is packaged that no build produces and nothing the locator needs is left out.
 */
class NativePackagingTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize(); // surefire runs in java/

    @Test
    void packagedNativeFilesAreTheLocatorsAndCMakeBuildsThem() throws IOException {
        String pom = Files.readString(ROOT.resolve("java/pom.xml"));
        Matcher resource = Pattern.compile(
                "<resource>\\s*<directory>\\$\\{activeseg\\.native\\.dir}</directory>(.*?)</resource>",
                Pattern.DOTALL).matcher(pom);
        assertTrue(resource.find(), "java/pom.xml has no resource from ${activeseg.native.dir}");
        Set<String> packaged = new TreeSet<>();
        Matcher include = Pattern.compile("<include>([^<]+)</include>").matcher(resource.group(1));
        while (include.find()) {
            packaged.add(include.group(1));
        }
        assertEquals(new TreeSet<>(Set.of(NativeLibraryLocator.LIBRARY_NAME, NativeLibraryLocator.FATBIN_NAME)),
                packaged, "java/pom.xml packages other native files than the locator reads");

        String cmake = Files.readString(ROOT.resolve("CMakeLists.txt"));
        for (String name : packaged) {
            Matcher lib = Pattern.compile("lib(\\w+)\\.so").matcher(name);
            boolean built = lib.matches()
                    ? cmake.contains("add_library(" + lib.group(1) + " SHARED")
                    : cmake.contains("OUTPUT \"${ACTIVESEG_NATIVE_DIR}/" + name + "\"");
            assertTrue(built, "java/pom.xml packages " + name + ", which CMakeLists.txt does not build");
        }
    }
}
