package org.activeseg.acquisition;

import java.util.List;
import java.util.Map;
import org.activeseg.backend.ScoringBackend;
import org.activeseg.data.Dataset;

/**
 * Everything a method needs for one round.
 *
 * @param dataset       frames (depth, poses, superpixels; GT labels only in compat modes that read them)
 * @param pool          the unlabelled candidate frame ids, in dataset order
 * @param probabilities per-frame probabilities of the pool frames
 * @param budget        how much to label
 * @param compat        reproduce the reference code's behaviour (ALGORITHMS.md, top section)
 * @param parameters    method parameters by name (strings from the CLI); absent means default
 * @param labelled      what is labelled or excluded already (never selected again)
 * @param backend       where primitive operations run
 * @param maps          receives per-pixel maps, or {@link MapSink#NONE}
 * @param seed          for methods with randomness (random)
 */
public record AcquisitionRequest(Dataset dataset, List<String> pool, ProbabilitySource probabilities, Budget budget,
                                 boolean compat, Map<String, String> parameters, LabelState labelled,
                                 ScoringBackend backend, MapSink maps, long seed) {
    public AcquisitionRequest {
        pool = List.copyOf(pool);
        parameters = Map.copyOf(parameters);
    }

    /**
     * Checks that every given parameter is one {@code method} knows, so a misspelt name is an error
     * naming it and the known ones rather than a silently ignored setting.
     */
    public void requireKnownParameters(String method, java.util.Set<String> known) {
        for (String name : parameters.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException(method + " has no parameter '" + name + "'; "
                        + (known.isEmpty() ? "it takes none" : "it takes " + new java.util.TreeSet<>(known)));
            }
        }
    }

    /** A parameter as an int, or {@code fallback}; a malformed or fractional value names the parameter. */
    public int intParameter(String name, int fallback) {
        double v = parameter(name, fallback);
        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("parameter " + name + " must be an integer, got " + parameters.get(name));
        }
        return (int) v;
    }

    /** A parameter as a double, or {@code fallback}; a malformed value names the parameter. */
    public double parameter(String name, double fallback) {
        String v = parameters.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter " + name + " must be a number, got '" + v + "'");
        }
    }
}
