package org.activeseg.model.gpu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds a vendor library (cuDNN, cuBLAS) by explicit, ordered strategies, keeping a reason for
 * each strategy that yields nothing (cuvs-java style):
 * <ol>
 *   <li>an explicit value: system property (e.g. {@code -Dactiveseg.cudnn.lib}) or environment
 *       variable (e.g. {@code ACTIVESEG_CUDNN_LIB}); a value with a '/' is a file path, anything
 *       else a soname for the loader. When set, it is the only candidate: a wrong explicit value
 *       is reported, never replaced by another copy;</li>
 *   <li>the soname ({@code libcudnn.so.9}, {@code libcublas.so.13}) through the dynamic loader's
 *       search path;</li>
 *   <li>the same file name in the CUDA toolkit's library folders ($CUDA_HOME/lib64,
 *       $CUDA_PATH/lib64, /usr/local/cuda/lib64, /usr/local/cuda/targets/x86_64-linux/lib), where
 *       cuBLAS lives when the toolkit is not on the loader path.</li>
 * </ol>
 * This class only lists candidates; opening them (and the OS error text) is
 * {@link LibraryCandidate#open()}, binding and the version check the library classes'.
 */
public final class VendorLibraryLocator {
    private final String library;
    private final String explicitValue;
    private final String explicitSource;
    private final String soname;
    private final List<Path> toolkitDirectories;

    /**
     * @param library            display name, e.g. "cuDNN"
     * @param explicitValue      strategy 1's value, or null / blank when unset
     * @param explicitSource     where that value came from, e.g. "-Dactiveseg.cudnn.lib"
     * @param soname             strategy 2, e.g. "libcudnn.so.9"
     * @param toolkitDirectories strategy 3's folders, in order (missing ones are skipped)
     */
    public VendorLibraryLocator(String library, String explicitValue, String explicitSource, String soname,
                                List<Path> toolkitDirectories) {
        this.library = library;
        this.explicitValue = explicitValue == null || explicitValue.isBlank() ? null : explicitValue.trim();
        this.explicitSource = explicitSource == null ? "explicit value" : explicitSource;
        this.soname = soname;
        this.toolkitDirectories = List.copyOf(toolkitDirectories);
    }

    /** The strategies configured from {@code -D<property>}, then {@code $<env>}, then the soname and toolkit. */
    public static VendorLibraryLocator fromEnvironment(String library, String property, String env, String soname) {
        String value = System.getProperty(property);
        String source = "-D" + property;
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
            source = "$" + env;
        }
        return new VendorLibraryLocator(library, value, source, soname, defaultToolkitDirectories());
    }

    /** $CUDA_HOME/lib64, $CUDA_PATH/lib64, /usr/local/cuda/lib64, /usr/local/cuda/targets/x86_64-linux/lib. */
    public static List<Path> defaultToolkitDirectories() {
        Set<Path> dirs = new LinkedHashSet<>();
        for (String env : List.of("CUDA_HOME", "CUDA_PATH")) {
            String home = System.getenv(env);
            if (home != null && !home.isBlank()) {
                dirs.add(Path.of(home, "lib64"));
            }
        }
        dirs.add(Path.of("/usr/local/cuda/lib64"));
        dirs.add(Path.of("/usr/local/cuda/targets/x86_64-linux/lib"));
        return List.copyOf(dirs);
    }

    public String library() {
        return library;
    }

    public String soname() {
        return soname;
    }

    /** The candidates to try, in order, and a reason for every strategy that yields none. */
    public Located locate() {
        List<LibraryCandidate> found = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        if (explicitValue != null) {
            boolean byPath = explicitValue.contains("/");
            String target = byPath ? Path.of(explicitValue).toAbsolutePath().normalize().toString() : explicitValue;
            found.add(new LibraryCandidate(target, byPath, "explicit " + (byPath ? "path" : "name") + " from "
                    + explicitSource + " (the other locations are not searched when it is set)"));
            return new Located(found, reasons);
        }
        found.add(new LibraryCandidate(soname, false, "the dynamic loader's search path"));
        List<String> searched = new ArrayList<>();
        for (Path dir : toolkitDirectories) {
            Path file = dir.resolve(soname);
            searched.add(dir.toString());
            if (Files.isRegularFile(file)) {
                found.add(new LibraryCandidate(file.toAbsolutePath().normalize().toString(), true,
                        "CUDA toolkit folder " + dir));
            }
        }
        if (found.size() == 1) {
            reasons.add(library + ": " + soname + " is in none of the CUDA toolkit folders " + searched);
        }
        return new Located(found, reasons);
    }

    /** What {@link #locate()} found. */
    public record Located(List<LibraryCandidate> candidates, List<String> reasons) {
        public Located {
            candidates = List.copyOf(candidates);
            reasons = List.copyOf(reasons);
        }
    }
}
