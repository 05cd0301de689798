package org.activeseg.acquisition;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The acquisition methods by CLI name (ALGORITHMS.md), in the order `score --help` lists them. */
public final class AcquisitionMethods {
    private AcquisitionMethods() {}

    private static final Map<String, Supplier<AcquisitionMethod>> METHODS = new LinkedHashMap<>();

    static {
    }

    /** The CLI names, in listing order. */
    public static List<String> names() {
        return List.copyOf(METHODS.keySet());
    }

    /** A new method by name; an unknown name is an error listing the known ones. */
    public static AcquisitionMethod create(String name) {
        Supplier<AcquisitionMethod> s = METHODS.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown method '" + name + "'; known methods: " + String.join(", ", names()));
        }
        return s.get();
    }
}
