package org.activeseg.model.gpu;

import java.util.ArrayList;
import java.util.List;

/**
 * The descriptors and device buffers one GPU layer owns, closed together in reverse order of
 * acquisition: every one is closed even when some fail (the first failure is thrown, later ones
 * are suppressed into it). A constructor that fails half-way hands its exception to
 * {@link #closeAfter} so nothing it already made leaks.
 */
final class OwnedResources implements AutoCloseable {
    private final List<AutoCloseable> items = new ArrayList<>();
    private boolean closed;

    /** Takes ownership of {@code resource} and returns it. */
    <T extends AutoCloseable> T add(T resource) {
        if (closed) {
            throw new IllegalStateException("resources already closed");
        }
        items.add(resource);
        return resource;
    }

    /** Closes everything after {@code failure}, adding close failures to it as suppressed. */
    void closeAfter(RuntimeException failure) {
        try {
            close();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException first = null;
        for (int i = items.size() - 1; i >= 0; i--) {
            try {
                items.get(i).close();
            } catch (Exception e) {
                RuntimeException r = e instanceof RuntimeException re ? re : new IllegalStateException(e);
                if (first == null) {
                    first = r;
                } else {
                    first.addSuppressed(r);
                }
            }
        }
        items.clear();
        if (first != null) {
            throw first;
        }
    }
}
