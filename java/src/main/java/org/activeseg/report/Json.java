package org.activeseg.report;

import java.util.Collection;
import java.util.Map;

/**
 * A minimal JSON emitter for the files activeseg writes (no JSON library is needed for that).
 * Values: null, Boolean, Number (non-finite doubles become null, as JSON has no NaN), CharSequence,
 * Map (keys as strings, insertion order kept for LinkedHashMap), Collection, arrays of
 * int/long/double, and {@link JsonValue} for pre-rendered values.
 */
public final class Json {
    private Json() {}

    /** Something that renders itself as JSON. */
    @FunctionalInterface
    public interface JsonValue {
        void appendTo(StringBuilder out, int indent);
    }

    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        append(sb, value, 0);
        return sb.append('\n').toString();
    }

    public static void append(StringBuilder sb, Object v, int indent) {
        switch (v) {
            case null -> sb.append("null");
            case Boolean b -> sb.append(b);
            case Double d -> number(sb, d);
            case Float f -> number(sb, f.doubleValue());
            case Number n -> sb.append(n);
            case CharSequence s -> string(sb, s);
            case JsonValue j -> j.appendTo(sb, indent);
            case Map<?, ?> m -> object(sb, m, indent);
            case Collection<?> c -> array(sb, c, indent);
            case int[] a -> {
                sb.append('[');
                for (int i = 0; i < a.length; i++) {
                    sb.append(i == 0 ? "" : ", ").append(a[i]);
                }
                sb.append(']');
            }
            case long[] a -> {
                sb.append('[');
                for (int i = 0; i < a.length; i++) {
                    sb.append(i == 0 ? "" : ", ").append(a[i]);
                }
                sb.append(']');
            }
            case double[] a -> {
                sb.append('[');
                for (int i = 0; i < a.length; i++) {
                    sb.append(i == 0 ? "" : ", ");
                    number(sb, a[i]);
                }
                sb.append(']');
            }
            case Enum<?> e -> string(sb, e.name().toLowerCase(java.util.Locale.ROOT));
            default -> string(sb, v.toString());
        }
    }

    private static void number(StringBuilder sb, double d) {
        if (!Double.isFinite(d)) {
            sb.append("null");
        } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            sb.append((long) d);
        } else {
            sb.append(d);
        }
    }

    private static void object(StringBuilder sb, Map<?, ?> m, int indent) {
        if (m.isEmpty()) {
            sb.append("{}");
            return;
        }
        boolean flat = m.size() <= 6 && m.values().stream().allMatch(x -> x == null || x instanceof Number
                || x instanceof CharSequence || x instanceof Boolean || x instanceof Enum<?>);
        sb.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!first) {
                sb.append(flat ? ", " : ",");
            }
            first = false;
            if (!flat) {
                newline(sb, indent + 1);
            }
            string(sb, String.valueOf(e.getKey()));
            sb.append(": ");
            append(sb, e.getValue(), indent + 1);
        }
        if (!flat) {
            newline(sb, indent);
        }
        sb.append('}');
    }

    private static void array(StringBuilder sb, Collection<?> c, int indent) {
        if (c.isEmpty()) {
            sb.append("[]");
            return;
        }
        sb.append('[');
        boolean first = true;
        for (Object o : c) {
            sb.append(first ? "" : ",");
            first = false;
            newline(sb, indent + 1);
            append(sb, o, indent + 1);
        }
        newline(sb, indent);
        sb.append(']');
    }

    private static void newline(StringBuilder sb, int indent) {
        sb.append('\n');
        sb.append("  ".repeat(indent));
    }

    private static void string(StringBuilder sb, CharSequence s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        sb.append('"');
    }
}
