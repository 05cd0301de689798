package org.activeseg.device.cuda;

/**
 * libactiveseg_cuda.so could not be used: the OS refused it (the message carries the dynamic
 * loader's own text), a symbol is missing, or its ABI version differs from the Java side's.
 */
public final class NativeLoadException extends Exception {
    private static final long serialVersionUID = 1L;

    public NativeLoadException(String message) {
        super(message);
    }
}
