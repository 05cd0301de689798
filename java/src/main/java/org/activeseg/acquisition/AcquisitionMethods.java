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
        METHODS.put("entropy", org.activeseg.acquisition.pixel.EntropyMethod::new);
        METHODS.put("least-confidence", org.activeseg.acquisition.pixel.LeastConfidenceMethod::new);
        METHODS.put("margin", org.activeseg.acquisition.pixel.MarginMethod::new);
        METHODS.put("mc-entropy", org.activeseg.acquisition.pixel.McEntropyMethod::new);
        METHODS.put("vote-entropy", org.activeseg.acquisition.pixel.VoteEntropyMethod::new);
        METHODS.put("bald", org.activeseg.acquisition.pixel.BaldMethod::new);
        METHODS.put("viewal", org.activeseg.acquisition.viewal.ViewAlMethod::new);
        METHODS.put("ripu-ra", org.activeseg.acquisition.ripu.RipuRegionMethod::new);
        METHODS.put("ripu-pa", org.activeseg.acquisition.ripu.RipuPixelMethod::new);
        METHODS.put("coreset", org.activeseg.acquisition.coreset.CoresetMethod::new);
        METHODS.put("learning-loss", org.activeseg.acquisition.learningloss.LearningLossMethod::new);
        METHODS.put("random", org.activeseg.acquisition.pixel.RandomMethod::new);
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
