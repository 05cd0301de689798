package org.activeseg.backend;

/** How a pixel map becomes one number (baal's {@code reduction='mean'|'sum'|'max'}). */
public enum Reduction {
    MEAN, SUM, MAX;

    /** Parses {@code mean}, {@code sum} or {@code max} (any case); anything else names the allowed values. */
    public static Reduction parse(String s) {
        for (Reduction r : values()) {
            if (r.name().equalsIgnoreCase(s)) {
                return r;
            }
        }
        throw new IllegalArgumentException("reduction must be one of mean, sum, max; got '" + s + "'");
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
