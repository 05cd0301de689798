package org.activeseg.cli;

import java.util.Locale;

/** Sizes on command lines: a count of bytes, or with a binary suffix k, m, g (KiB, MiB, GiB; "kib", "mb" too). */
final class ByteSize {
    private ByteSize() {
    }

    /** The bytes {@code text} names; an error naming {@code option} and the text when it is not a size. */
    static long parse(String option, String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        long unit = 1;
        int end = t.length();
        while (end > 0 && Character.isLetter(t.charAt(end - 1))) {
            end--;
        }
        String suffix = t.substring(end);
        switch (suffix) {
            case "", "b" -> unit = 1;
            case "k", "kb", "kib" -> unit = 1L << 10;
            case "m", "mb", "mib" -> unit = 1L << 20;
            case "g", "gb", "gib" -> unit = 1L << 30;
            default -> throw new IllegalArgumentException(option + ": unknown unit '" + suffix + "' in '" + text
                    + "' (use bytes, or k, m, g)");
        }
        String number = t.substring(0, end).strip();
        try {
            double v = Double.parseDouble(number);
            if (!(v >= 0) || Double.isInfinite(v) || v * unit > Long.MAX_VALUE || number.isEmpty()) {
                throw new NumberFormatException();
            }
            return Math.round(v * unit);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + text + "' is not a size (bytes, or with k, m, g)");
        }
    }
}
