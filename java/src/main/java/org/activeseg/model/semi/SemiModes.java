package org.activeseg.model.semi;

import java.util.List;

/** The semi-supervised training modes {@code activeseg run --semi} takes, by name. */
public final class SemiModes {
    private SemiModes() {}

    /** Supervised training only. */
    public static final String NONE = "none";

    /** Every mode, {@value #NONE} first. */
    public static List<String> names() {
        return List.of(NONE, "ripu", "u2pl");
    }

    /** Why {@code name} is refused, or null when it is a mode. */
    public static String refusal(String name) {
        if (names().contains(name)) {
            return null;
        }
        return "unknown --semi mode '" + name + "'; known modes: " + String.join(", ", names());
    }

    /** The mode's training terms with activeseg's defaults; null for {@value #NONE}. */
    public static SemiSupervision create(String name) {
        return create(name, false);
    }

    /**
     * The mode's training terms; null for {@value #NONE}. {@code compat} selects the reference code's
     * behaviour where a mode has a switch (U2PL: the code's negative masks and class indexing).
     */
    public static SemiSupervision create(String name, boolean compat) {
        String why = refusal(name);
        if (why != null) {
            throw new IllegalArgumentException(why);
        }
        return switch (name) {
            case "ripu" -> new RipuSemiSupervision();
            case "u2pl" -> new U2plTraining(U2plTraining.Settings.defaults(compat));
            default -> null;
        };
    }
}
