package org.activeseg.tensor;

import java.nio.ByteOrder;

/**
 * The NumPy element types that {@link Npy} reads and writes, with their type codes
 * ({@code descr} without the byte-order character).
 */
public enum NpyDtype {
    FLOAT32("f4", 4),
    FLOAT16("f2", 2),
    /** numpy's default float; read only, converted to float32. */
    FLOAT64("f8", 8),
    UINT8("u1", 1),
    UINT16("u2", 2),
    INT32("i4", 4);

    private final String code;
    private final int bytes;

    NpyDtype(String code, int bytes) {
        this.code = code;
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() { return bytes; }

    /** The type code without byte order, e.g. {@code f4}. */
    public String code() { return code; }

    /** The descr NumPy writes for this type in the given order: {@code |u1}, {@code <f4}, {@code >u2}, ... */
    public String descr(ByteOrder order) {
        if (bytes == 1) {
            return "|" + code;
        }
        return (order == ByteOrder.LITTLE_ENDIAN ? "<" : ">") + code;
    }

    public boolean isFloat() { return this == FLOAT32 || this == FLOAT16 || this == FLOAT64; }

    /** The type with this code ({@code f4}, {@code u2}, ...), or null if not supported. */
    static NpyDtype ofCode(String code) {
        for (NpyDtype t : values()) {
            if (t.code.equals(code)) {
                return t;
            }
        }
        return null;
    }
}
