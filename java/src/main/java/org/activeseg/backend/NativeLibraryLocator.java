package org.activeseg.backend;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Finds libactiveseg_cuda.so and activeseg.fatbin by explicit, ordered strategies (cuvs-java
 * style), keeping a reason for each strategy that finds nothing:
 * <ol>
 *   <li>an explicit path: system property {@value #LIB_PROPERTY} or environment variable
 *       {@value #LIB_ENV} (the fatbin: {@value #FATBIN_PROPERTY} / {@value #FATBIN_ENV}, by
 *       default the file next to the library). When set, it is the only candidate: a wrong
 *       explicit path is reported, never replaced by another copy;</li>
 *   <li>the packaged copy: classpath resources under {@value #RESOURCE_DIR}, extracted atomically
 *       into {@code <cache>/activeseg/native/<sha256 prefix>/};</li>
 *   <li>a dev checkout: {@code build/native/} under the working directory or one of its two
 *       parents (Maven runs tests in the module folder).</li>
 * </ol>
 * Loading (and its OS error text) happens in the CUDA backend; this class only deals in paths.
 */
public final class NativeLibraryLocator {
    public static final String LIB_PROPERTY = "activeseg.native.lib";
    public static final String LIB_ENV = "ACTIVESEG_NATIVE_LIB";
    public static final String FATBIN_PROPERTY = "activeseg.native.fatbin";
    public static final String FATBIN_ENV = "ACTIVESEG_NATIVE_FATBIN";
    public static final String LIBRARY_NAME = "libactiveseg_cuda.so";
    public static final String FATBIN_NAME = "activeseg.fatbin";
    public static final String RESOURCE_DIR = "native/linux-x86_64/";

    private final Path explicitLibrary;
    private final Path explicitFatbin;
    private final String explicitSource;
    private final ClassLoader resources;
    private final Path cacheRoot;
    private final Path workingDir;

    /**
     * @param explicitLibrary strategy 1, or null
     * @param explicitFatbin  the fatbin for strategy 1, or null for the file next to the library
     * @param explicitSource  where the explicit path came from (for reasons)
     * @param resources       class loader holding the packaged copy, or null to skip strategy 2
     * @param cacheRoot       folder that receives extracted copies (one subfolder per content hash)
     * @param workingDir      start of the dev-checkout search, or null to skip strategy 3
     */
    public NativeLibraryLocator(Path explicitLibrary, Path explicitFatbin, String explicitSource,
                                ClassLoader resources, Path cacheRoot, Path workingDir) {
        this.explicitLibrary = explicitLibrary;
        this.explicitFatbin = explicitFatbin;
        this.explicitSource = explicitSource == null ? "explicit path" : explicitSource;
        this.resources = resources;
        this.cacheRoot = cacheRoot;
        this.workingDir = workingDir;
    }

    /** The strategies configured from system properties, environment, classpath and working dir. */
    public static NativeLibraryLocator fromEnvironment() {
        String lib = System.getProperty(LIB_PROPERTY);
        String source = "-D" + LIB_PROPERTY;
        if (lib == null || lib.isBlank()) {
            lib = System.getenv(LIB_ENV);
            source = LIB_ENV;
        }
        String fatbin = System.getProperty(FATBIN_PROPERTY);
        if (fatbin == null || fatbin.isBlank()) {
            fatbin = System.getenv(FATBIN_ENV);
        }
        return new NativeLibraryLocator(
                lib == null || lib.isBlank() ? null : Path.of(lib),
                fatbin == null || fatbin.isBlank() ? null : Path.of(fatbin),
                source,
                NativeLibraryLocator.class.getClassLoader(),
                defaultCacheRoot(),
                Path.of("").toAbsolutePath());
    }

    /** Only an explicit library path (and optionally fatbin); for tests and embedding. */
    public static NativeLibraryLocator explicit(Path library, Path fatbin) {
        return new NativeLibraryLocator(library, fatbin, "explicit path", null, null, null);
    }

    /** $XDG_CACHE_HOME/activeseg/native or ~/.cache/activeseg/native. */
    public static Path defaultCacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("activeseg").resolve("native");
    }

    /** Runs the strategies in order. */
    public LocatedLibraries locate() {
        List<NativeLibraryCandidate> found = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        if (explicitLibrary != null) {
            Path lib = explicitLibrary.toAbsolutePath().normalize();
            Path fatbin = explicitFatbin != null ? explicitFatbin.toAbsolutePath().normalize()
                    : lib.resolveSibling(FATBIN_NAME);
            if (!Files.isRegularFile(lib)) {
                reasons.add(explicitSource + "=" + lib + ": no such file (the other locations are not searched when an explicit path is set)");
            } else {
                found.add(new NativeLibraryCandidate(lib, fatbin, "explicit path from " + explicitSource));
            }
            return new LocatedLibraries(found, reasons);
        }
        String platform = platform();
        if (!platform.equals("linux-x86_64")) {
            reasons.add("no native build for " + platform + " (only linux-x86_64); set -D" + LIB_PROPERTY + " to a library built for it");
            return new LocatedLibraries(found, reasons);
        }
        packaged(found, reasons);
        devCheckout(found, reasons);
        return new LocatedLibraries(found, reasons);
    }

    private void packaged(List<NativeLibraryCandidate> found, List<String> reasons) {
        if (resources == null || cacheRoot == null) {
            return;
        }
        byte[] lib;
        byte[] fatbin;
        try {
            lib = readResource(RESOURCE_DIR + LIBRARY_NAME);
            fatbin = readResource(RESOURCE_DIR + FATBIN_NAME);
        } catch (IOException e) {
            reasons.add("packaged copy: reading classpath resource " + RESOURCE_DIR + " failed: " + e);
            return;
        }
        if (lib == null) {
            reasons.add("packaged copy: classpath resource " + RESOURCE_DIR + LIBRARY_NAME
                    + " not found (the jar was built without nvcc)");
            return;
        }
        Path dir = cacheRoot.resolve(contentHash(lib, fatbin));
        try {
            Files.createDirectories(dir);
            Path libPath = extract(lib, dir.resolve(LIBRARY_NAME));
            Path fatbinPath = dir.resolve(FATBIN_NAME);
            if (fatbin != null) {
                extract(fatbin, fatbinPath);
            }
            found.add(new NativeLibraryCandidate(libPath, fatbinPath,
                    "packaged copy (classpath " + RESOURCE_DIR + ") extracted to " + dir));
        } catch (IOException | RuntimeException e) {
            reasons.add("packaged copy: extracting to " + dir + " failed: " + e);
        }
    }

    private void devCheckout(List<NativeLibraryCandidate> found, List<String> reasons) {
        if (workingDir == null) {
            return;
        }
        Path dir = workingDir.toAbsolutePath().normalize();
        for (int up = 0; up <= 2 && dir != null; up++, dir = dir.getParent()) {
            Path lib = dir.resolve("build").resolve("native").resolve(LIBRARY_NAME);
            if (Files.isRegularFile(lib)) {
                found.add(new NativeLibraryCandidate(lib, lib.resolveSibling(FATBIN_NAME),
                        "dev build (build/native under " + dir + ")"));
                return;
            }
        }
        reasons.add("dev build: build/native/" + LIBRARY_NAME + " not found under " + workingDir.toAbsolutePath().normalize()
                + " or its two parents (build it with: cmake -S . -B build && cmake --build build -j)");
    }

    private byte[] readResource(String name) throws IOException {
        try (InputStream in = resources.getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    /** Writes bytes under a temporary name and renames it into place, unless an equal file is there. */
    private static Path extract(byte[] bytes, Path target) throws IOException {
        if (Files.isRegularFile(target) && Files.size(target) == bytes.length) {
            return target;
        }
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return target;
    }

    private static String contentHash(byte[] lib, byte[] fatbin) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(lib);
            if (fatbin != null) {
                sha.update(fatbin);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JDK", e);
        }
    }

    static String platform() {
        String os = System.getProperty("os.name", "?").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "?").toLowerCase(Locale.ROOT);
        String osName = os.startsWith("linux") ? "linux" : os.replace(' ', '_');
        String archName = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64" : arch;
        return osName + "-" + archName;
    }
}
