package org.activeseg.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal JSON emitter for the files activeseg writes (no JSON library is needed for that), and
 * a strict reader for reading them back ({@link #parse}).
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

    /**
     * Parses one JSON value strictly (RFC 8259 grammar; duplicate keys, raw control characters, bad
     * escapes and trailing text are errors naming the offset): objects as LinkedHashMap, arrays as
     * List, integers without fraction or exponent that fit a long as Long, other numbers as Double.
     */
    public static Object parse(String json) {
        Reader r = new Reader(json);
        Object v = r.value();
        r.skip();
        if (r.i != json.length()) {
            throw r.error("trailing text");
        }
        return v;
    }

    /** {@link #parse} of a document that must be one object; {@code what} names it in errors. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String json, String what) {
        Object v;
        try {
            v = parse(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
        if (!(v instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(what + " is not one JSON object");
        }
        return (Map<String, Object>) v;
    }

    private static final class Reader {
        private final String s;
        private int i;

        Reader(String s) {
            this.s = s;
        }

        Object value() {
            skip();
            return switch (peek()) {
                case '{' -> object();
                case '[' -> array();
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> number();
            };
        }

        private Map<String, Object> object() {
            Map<String, Object> m = new LinkedHashMap<>();
            i++;
            skip();
            if (peek() == '}') {
                i++;
                return m;
            }
            while (true) {
                skip();
                String k = string();
                skip();
                expect(':');
                if (m.containsKey(k)) {
                    throw error("duplicate key " + k);
                }
                m.put(k, value());
                skip();
                if (peek() == ',') {
                    i++;
                } else {
                    expect('}');
                    return m;
                }
            }
        }

        private List<Object> array() {
            List<Object> a = new ArrayList<>();
            i++;
            skip();
            if (peek() == ']') {
                i++;
                return a;
            }
            while (true) {
                a.add(value());
                skip();
                if (peek() == ',') {
                    i++;
                } else {
                    expect(']');
                    return a;
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (peek() != '"') {
                char c = s.charAt(i++);
                if (c < 0x20) {
                    throw error("raw control character");
                }
                if (c == '\\') {
                    char e = peek();
                    i++;
                    switch (e) {
                        case '"', '\\', '/' -> b.append(e);
                        case 'n' -> b.append('\n');
                        case 'r' -> b.append('\r');
                        case 't' -> b.append('\t');
                        case 'b' -> b.append('\b');
                        case 'f' -> b.append('\f');
                        case 'u' -> {
                            if (i + 4 > s.length() || !s.substring(i, i + 4).matches("[0-9a-fA-F]{4}")) {
                                throw error("bad \\u escape");
                            }
                            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> throw error("bad escape \\" + e);
                    }
                } else {
                    b.append(c);
                }
            }
            i++;
            return b.toString();
        }

        private Object number() {
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            String t = s.substring(start, i);
            if (!t.matches("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?")) {
                throw error(t.isEmpty() ? "unexpected character '" + s.charAt(start) + "'" : "bad number '" + t + "'");
            }
            if (t.matches("-?\\d+")) {
                try {
                    return Long.valueOf(t);
                } catch (NumberFormatException beyondLong) {
                    return Double.valueOf(t);
                }
            }
            return Double.valueOf(t);
        }

        private Object literal(String word, Object v) {
            if (!s.startsWith(word, i)) {
                throw error("bad literal");
            }
            i += word.length();
            return v;
        }

        private char peek() {
            if (i >= s.length()) {
                throw error("unexpected end");
            }
            return s.charAt(i);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            i++;
        }

        void skip() {
            while (i < s.length() && " \t\n\r".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException("JSON: " + what + " at offset " + i + " near '"
                    + s.substring(Math.max(0, i - 30), Math.min(s.length(), i + 30)) + "'");
        }
    }
}
