package org.activeseg.model.semi;

import java.util.List;

/** The semi-supervised training modes {@code activeseg run --semi} takes, by name. */
public final class SemiModes {
    private SemiModes() {}

    /** Supervised training only. */
    public static final String NONE = "none";

    /** Every mode, {@value #NONE} first. */
    public static List<String> names() {
        return List.of(NONE, "ripu");
    }

    /** Why {@code name} is refused, or null when it is a mode. */
    public static String refusal(String name) {
        if (names().contains(name)) {
            return null;
        }
        String known = String.join(", ", names());
        return "u2pl".equals(name)
                ? "--semi u2pl is not available yet (U2PL's teacher, pseudo-labels and contrastive loss are still to come); known modes: " + known
                : "unknown --semi mode '" + name + "'; known modes: " + known;
    }

    /** The mode's training terms; null for {@value #NONE}. */
    public static SemiSupervision create(String name) {
        String why = refusal(name);
        if (why != null) {
            throw new IllegalArgumentException(why);
        }
        return switch (name) {
            case "ripu" -> new RipuSemiSupervision();
            default -> null;
        };
    }
}
