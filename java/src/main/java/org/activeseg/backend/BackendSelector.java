package org.activeseg.backend;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the scoring backend: {@code auto | java | cuda} (DESIGN.md "Backends").
 * <ul>
 *   <li>{@code java}: the reference backend; nothing native is touched.</li>
 *   <li>{@code cuda}: the CUDA backend or a {@link BackendUnavailableException} with every reason.</li>
 *   <li>{@code auto}: CUDA when the library loads and a device answers, else java with ONE
 *       warning that carries the reasons.</li>
 * </ul>
 * The CUDA backend is reached only by class name ({@value #CUDA_PROVIDER}), so this class links
 * neither JCuda nor Panama and runs where they are missing.
 */
public final class BackendSelector {
    public static final String PROPERTY = "activeseg.backend";
    public static final String ENV = "ACTIVESEG_BACKEND";
    public static final String CUDA_PROVIDER = "org.activeseg.backend.cuda.CudaBackendProvider";
    private static final Logger LOG = LoggerFactory.getLogger(BackendSelector.class);

    private final NativeLibraryLocator locator;
    private final String providerClass;

    public BackendSelector(NativeLibraryLocator locator) {
        this(locator, CUDA_PROVIDER);
    }

    /** With another provider class name (tests use a missing one). */
    public BackendSelector(NativeLibraryLocator locator, String providerClass) {
        this.locator = locator;
        this.providerClass = providerClass;
    }

    /** Locating the library from system properties, environment, classpath and working dir. */
    public static BackendSelector fromEnvironment() {
        return new BackendSelector(NativeLibraryLocator.fromEnvironment());
    }

    /**
     * Opens the backend for {@code choice}; null means -D{@value #PROPERTY}, then ${@value #ENV},
     * then "auto".
     *
     * @throws IllegalArgumentException    for a choice other than auto, java or cuda
     * @throws BackendUnavailableException when "cuda" was asked for and cannot run here
     */
    public BackendChoice select(String choice) {
        String source = "argument";
        if (choice == null) {
            choice = System.getProperty(PROPERTY);
            source = "-D" + PROPERTY;
        }
        if (choice == null) {
            choice = System.getenv(ENV);
            source = ENV;
        }
        if (choice == null || choice.isBlank()) {
            choice = "auto";
            source = "default";
        }
        String normalized = choice.strip().toLowerCase(Locale.ROOT);
        switch (normalized) {
            case "java" -> {
                return new BackendChoice("java", source, new ReferenceScoringBackend(),
                        List.of("java requested: the CUDA backend was not probed"), Map.of());
            }
            case "cuda", "auto" -> {
                BackendProbe probe = probeCuda();
                if (probe.isAvailable()) {
                    return new BackendChoice(normalized, source, probe.backend().orElseThrow(), probe.reasons(), probe.facts());
                }
                if (normalized.equals("cuda")) {
                    throw new BackendUnavailableException("cuda", probe.reasons());
                }
                List<String> reasons = new ArrayList<>(probe.reasons());
                reasons.add("auto: using the java backend");
                // One short line on every CPU machine; every reason is in `activeseg info` and at debug level (--verbose).
                LOG.warn("CUDA backend unavailable ({}), using java; `activeseg info` says why",
                        brief(probe.reasons()));
                LOG.debug("CUDA backend unavailable: {}", String.join("; ", probe.reasons()));
                return new BackendChoice("auto", source, new ReferenceScoringBackend(), reasons, probe.facts());
            }
            default -> throw new IllegalArgumentException("unknown backend '" + choice + "' (from " + source
                    + "): expected auto, java or cuda");
        }
    }

    private static final Pattern CUDA_ERROR = Pattern.compile("cuda[A-Za-z]*Error[A-Za-z]+|CUDA_ERROR_[A-Z_]+");

    /**
     * The gist of why CUDA is unavailable, for a one-line warning: the last reason without file
     * paths and detail, e.g. "CUDA: no device (cudaErrorInsufficientDriver)".
     */
    static String brief(List<String> reasons) {
        if (reasons.isEmpty()) {
            return "no reason given";
        }
        String last = reasons.getLast().replaceAll("\\s*\\[[^\\]]*\\]", "").replaceAll("\\S*/\\S*", "")
                .replaceAll("\\s+", " ").replace(" :", ":").strip();
        String[] parts = last.split(": ");
        String text = parts.length > 1 ? parts[0] + ": " + parts[1] : parts[0];
        Matcher m = CUDA_ERROR.matcher(last);
        if (m.find() && !text.contains(m.group())) {
            text += " (" + m.group() + ")";
        }
        if (text.length() > 70) {
            int cut = text.lastIndexOf(' ', 67);
            text = text.substring(0, cut > 30 ? cut : 67) + "...";
        }
        return text;
    }

    /** Locates the native library and asks the CUDA provider to open it; never throws. */
    public BackendProbe probeCuda() {
        LocatedLibraries located = locator.locate();
        List<String> reasons = new ArrayList<>(located.reasons());
        Map<String, String> facts = new LinkedHashMap<>();
        if (located.candidates().isEmpty()) {
            reasons.add("no native library " + NativeLibraryLocator.LIBRARY_NAME + " found");
            return BackendProbe.unavailable(reasons, facts);
        }
        ScoringBackendProvider provider;
        try {
            provider = (ScoringBackendProvider) Class.forName(providerClass).getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            Throwable cause = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
            reasons.add("CUDA backend class " + providerClass + " could not be loaded: " + cause);
            return BackendProbe.unavailable(reasons, facts);
        }
        BackendProbe probe = provider.open(located);
        reasons.addAll(probe.reasons());
        facts.putAll(probe.facts());
        return probe.isAvailable()
                ? BackendProbe.available(probe.backend().orElseThrow(), reasons, facts)
                : BackendProbe.unavailable(reasons, facts);
    }
}
