package org.activeseg.model.gpu;

/**
 * A vendor library candidate could not be used: the OS refused it (the message carries the
 * dynamic loader's text), a function is missing, or its version is not one the bindings accept.
 * Becomes one reason of an unavailable {@link LibraryProbe}.
 */
public final class LibraryLoadException extends Exception {
    private static final long serialVersionUID = 1L;

    public LibraryLoadException(String message) {
        super(message);
    }
}
