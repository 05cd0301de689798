package org.activeseg.tensor;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The header of a .npy file (NumPy's format, versions 1.0, 2.0 and 3.0): magic
 * {@code \x93NUMPY}, version bytes, a little-endian header length (uint16 for 1.0, uint32
 * after), then a Python dict literal with exactly the keys {@code descr},
 * {@code fortran_order} and {@code shape}, padded with spaces and a final newline so that
 * the data starts on a 64-byte boundary. Version 3.0 only changes the header's encoding
 * from latin-1 to UTF-8.
 *
 * <p>{@link #format} reproduces numpy.save's bytes exactly (key order, spacing, the spare
 * spaces numpy leaves for growing the first axis, and version 1.0 unless the header needs
 * more than 65535 bytes).
 */
record NpyHeader(int major, int minor, NpyDtype dtype, ByteOrder order, long[] shape, long dataOffset) {

    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;
    /** numpy's GROWTH_AXIS_MAX_DIGITS: room left so the first extent can grow in place. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    /** Refuses header lengths beyond this (a corrupt length field would otherwise allocate gigabytes). */
    private static final int MAX_HEADER_BYTES = 1 << 20;

    long elementCount() {
        long n = 1;
        for (long d : shape) {
            n *= d; // checked when parsed
        }
        return n;
    }

    long byteCount() { return elementCount() * dtype.bytes(); }

    // ---------------------------------------------------------------- writing

    /** The complete header bytes numpy.save writes for a C-order array of this type and shape. */
    static byte[] format(NpyDtype dtype, ByteOrder order, long[] shape) {
        StringBuilder dict = new StringBuilder("{'descr': '").append(dtype.descr(order))
                .append("', 'fortran_order': False, 'shape': ").append(shapeRepr(shape)).append(", }");
        if (shape.length > 0) {
            dict.append(" ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - Long.toString(shape[0]).length())));
        }
        byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        int hlen = text.length + 1; // + '\n'
        int prefix = MAGIC.length + 2 + 2;
        int pad = ALIGN - (prefix + hlen) % ALIGN;
        int major = 1;
        if (hlen + pad > 0xFFFF) {
            major = 2;
            prefix = MAGIC.length + 2 + 4;
            pad = ALIGN - (prefix + hlen) % ALIGN;
        }
        int total = prefix + hlen + pad;
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            b.putShort((short) (hlen + pad));
        } else {
            b.putInt(hlen + pad);
        }
        b.put(text);
        for (int i = 0; i < pad; i++) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n');
        return b.array();
    }

    /** Python's repr of a shape tuple: {@code ()}, {@code (3,)}, {@code (2, 3)}. */
    static String shapeRepr(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            s.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return s.append(')').toString();
    }

    // ---------------------------------------------------------------- reading

    /** Reads and validates the header at the start of {@code ch}. */
    static NpyHeader read(FileChannel ch, Path file) throws IOException {
        long size = ch.size();
        ByteBuffer pre = ByteBuffer.allocate((int) Math.min(12, size)).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, pre, 0, file, "magic and version");
        if (size < MAGIC.length) {
            throw new IOException(file + ": not a .npy file (" + size + " bytes, shorter than the magic string)");
        }
        byte[] magic = new byte[MAGIC.length];
        pre.get(0, magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException(file + ": not a .npy file (bad magic " + hex(magic) + ", expected 93 4E 55 4D 50 59)");
        }
        if (size < 8) {
            throw new IOException(file + ": truncated .npy file (" + size + " bytes, no version)");
        }
        int major = pre.get(6) & 0xFF;
        int minor = pre.get(7) & 0xFF;
        int prefix = switch (major) {
            case 1 -> 10;
            case 2, 3 -> 12;
            default -> throw new IOException(file + ": unsupported .npy format version " + major + "." + minor
                    + " (1.0, 2.0 and 3.0 are read)");
        };
        if (size < prefix) {
            throw new IOException(file + ": truncated .npy file (" + size + " bytes, no header length)");
        }
        long hlen = major == 1 ? pre.getShort(8) & 0xFFFF : pre.getInt(8) & 0xFFFFFFFFL;
        if (hlen > MAX_HEADER_BYTES) {
            throw new IOException(file + ": .npy header length " + hlen + " is implausible (limit " + MAX_HEADER_BYTES + ")");
        }
        if (prefix + hlen > size) {
            throw new IOException(file + ": truncated .npy header: it declares " + hlen + " bytes but the file has "
                    + (size - prefix) + " after the " + prefix + "-byte prefix");
        }
        ByteBuffer hb = ByteBuffer.allocate((int) hlen);
        readFully(ch, hb, prefix, file, "header");
        String text = new String(hb.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);

        Object parsed = new PyLiteral(text, file).parseAll();
        if (!(parsed instanceof Map<?, ?> dict)) {
            throw new IOException(file + ": .npy header is not a dict: " + text.strip());
        }
        if (!dict.keySet().equals(java.util.Set.of("descr", "fortran_order", "shape"))) {
            throw new IOException(file + ": .npy header must have exactly the keys descr, fortran_order, shape; got "
                    + dict.keySet());
        }
        Object fortran = dict.get("fortran_order");
        if (!(fortran instanceof Boolean f)) {
            throw new IOException(file + ": .npy header fortran_order is not True/False: " + fortran);
        }
        if (f) {
            throw new IOException(file + ": fortran_order True (column-major) arrays are not supported; save it in C order");
        }
        Object descr = dict.get("descr");
        if (!(descr instanceof String d)) {
            throw new IOException(file + ": unsupported dtype " + PyLiteral.repr(descr)
                    + " (structured dtypes are not read; supported: <f4 <f2 <f8 |u1 <u2 <i4 and their > forms)");
        }
        NpyDtype dtype = d.length() == 3 ? NpyDtype.ofCode(d.substring(1)) : null;
        ByteOrder order = null;
        if (dtype != null) {
            char c = d.charAt(0);
            if (dtype.bytes() == 1) {
                order = (c == '|' || c == '<' || c == '>' || c == '=') ? ByteOrder.LITTLE_ENDIAN : null;
            } else {
                order = switch (c) {
                    case '<' -> ByteOrder.LITTLE_ENDIAN;
                    case '>' -> ByteOrder.BIG_ENDIAN;
                    case '=' -> ByteOrder.nativeOrder();
                    default -> null;
                };
            }
        }
        if (dtype == null || order == null) {
            throw new IOException(file + ": unsupported dtype '" + d + "' (supported: <f4 <f2 <f8 |u1 <u2 <i4 and their > forms)");
        }
        Object shapeObj = dict.get("shape");
        if (!(shapeObj instanceof PyLiteral.Tuple(List<Object> items))) {
            throw new IOException(file + ": .npy header shape is not a tuple: " + PyLiteral.repr(shapeObj));
        }
        long[] shape = new long[items.size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            if (!(items.get(i) instanceof BigInteger v)) {
                throw new IOException(file + ": .npy shape " + PyLiteral.repr(shapeObj) + " has a non-integer extent at axis " + i);
            }
            if (v.signum() < 0) {
                throw new IOException(file + ": .npy shape " + PyLiteral.repr(shapeObj) + " has a negative extent at axis " + i);
            }
            if (v.bitLength() > 62) {
                throw new IOException(file + ": .npy shape " + PyLiteral.repr(shapeObj) + " has an extent too large at axis " + i);
            }
            shape[i] = v.longValue();
            try {
                elements = Math.multiplyExact(elements, shape[i]);
                Math.multiplyExact(elements, (long) dtype.bytes());
            } catch (ArithmeticException e) {
                throw new IOException(file + ": .npy shape " + PyLiteral.repr(shapeObj) + " overflows a 64-bit byte count");
            }
        }
        return new NpyHeader(major, minor, dtype, order, shape, prefix + hlen);
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position, Path file, String what) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException(file + ": truncated .npy file: " + ch.size() + " bytes, too short for the " + what);
            }
            pos += n;
        }
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(s.isEmpty() ? "" : " ").append(String.format("%02X", x & 0xFF));
        }
        return s.toString();
    }

    /**
     * A parser for the Python literals a .npy header may contain: dicts, tuples, lists,
     * strings, integers (with an optional Python 2 {@code L}), True, False and None.
     */
    static final class PyLiteral {
        record Tuple(List<Object> items) {}

        private static final Object NONE = new Object() {
            @Override public String toString() { return "None"; }
        };

        private final String s;
        private final Path file;
        private int i;

        PyLiteral(String s, Path file) {
            this.s = s;
            this.file = file;
        }

        Object parseAll() throws IOException {
            Object v = value();
            skipSpace();
            if (i != s.length()) {
                throw error("unexpected text after the dict");
            }
            return v;
        }

        private Object value() throws IOException {
            skipSpace();
            if (i >= s.length()) {
                throw error("unexpected end");
            }
            char c = s.charAt(i);
            switch (c) {
                case '{': return dict();
                case '(': return tuple();
                case '[': return list();
                case '\'', '"': return string();
                default:
                    if (c == '-' || c == '+' || Character.isDigit(c)) {
                        return integer();
                    }
                    if (s.startsWith("True", i)) { i += 4; return Boolean.TRUE; }
                    if (s.startsWith("False", i)) { i += 5; return Boolean.FALSE; }
                    if (s.startsWith("None", i)) { i += 4; return NONE; }
                    throw error("unexpected character '" + c + "'");
            }
        }

        private Map<String, Object> dict() throws IOException {
            Map<String, Object> m = new LinkedHashMap<>();
            i++; // {
            while (true) {
                skipSpace();
                if (peek() == '}') {
                    i++;
                    return m;
                }
                Object key = value();
                if (!(key instanceof String k)) {
                    throw error("dict key is not a string: " + repr(key));
                }
                skipSpace();
                expect(':');
                Object v = value();
                if (m.put(k, v) != null) {
                    throw error("duplicate key '" + k + "'");
                }
                skipSpace();
                if (peek() == ',') {
                    i++;
                } else if (peek() != '}') {
                    throw error("expected ',' or '}'");
                }
            }
        }

        /** A parenthesised value: a tuple if it is empty or has a comma, else the value itself (Python's rule). */
        private Object tuple() throws IOException {
            i++; // (
            List<Object> items = new ArrayList<>();
            boolean comma = false;
            while (true) {
                skipSpace();
                if (peek() == ')') {
                    i++;
                    return items.size() == 1 && !comma ? items.get(0) : new Tuple(items);
                }
                items.add(value());
                skipSpace();
                if (peek() == ',') {
                    i++;
                    comma = true;
                } else if (peek() != ')') {
                    throw error("expected ',' or ')'");
                }
            }
        }

        private List<Object> list() throws IOException {
            i++; // [
            List<Object> items = new ArrayList<>();
            while (true) {
                skipSpace();
                if (peek() == ']') {
                    i++;
                    return items;
                }
                items.add(value());
                skipSpace();
                if (peek() == ',') {
                    i++;
                } else if (peek() != ']') {
                    throw error("expected ',' or ']'");
                }
            }
        }

        private String string() throws IOException {
            char quote = s.charAt(i++);
            StringBuilder b = new StringBuilder();
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == quote) {
                    return b.toString();
                }
                if (c == '\\' && i < s.length()) {
                    c = s.charAt(i++);
                }
                b.append(c);
            }
            throw error("unterminated string");
        }

        private BigInteger integer() throws IOException {
            int start = i;
            if (s.charAt(i) == '-' || s.charAt(i) == '+') {
                i++;
            }
            int digits = i;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            if (i == digits) {
                throw error("expected digits");
            }
            BigInteger v = new BigInteger(s.substring(start, i));
            if (i < s.length() && (s.charAt(i) == 'L' || s.charAt(i) == 'l')) {
                i++;
            }
            return v;
        }

        private char peek() throws IOException {
            if (i >= s.length()) {
                throw error("unexpected end");
            }
            return s.charAt(i);
        }

        private void expect(char c) throws IOException {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            i++;
        }

        private void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private IOException error(String what) {
            String shown = s.strip();
            if (shown.length() > 200) {
                shown = shown.substring(0, 200) + "...";
            }
            return new IOException(file + ": malformed .npy header dict at character " + i + ": " + what + " in " + shown);
        }

        static String repr(Object v) {
            if (v instanceof String str) {
                return "'" + str + "'";
            }
            if (v instanceof Tuple t) {
                StringBuilder b = new StringBuilder("(");
                for (int k = 0; k < t.items().size(); k++) {
                    b.append(k == 0 ? "" : ", ").append(repr(t.items().get(k)));
                }
                return b.append(t.items().size() == 1 ? ",)" : ")").toString();
            }
            if (v instanceof Boolean bool) {
                return bool ? "True" : "False";
            }
            return String.valueOf(v);
        }
    }
}
