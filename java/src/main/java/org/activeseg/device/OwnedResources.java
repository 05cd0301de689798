package org.activeseg.device;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Native resources one owner holds (a GPU layer's descriptors and buffers, a device scene's
 * memory), closed together in reverse order of acquisition: every one is closed even when some fail (the first failure is thrown, later ones
 * are suppressed into it). A constructor that fails half-way hands its exception to
 * {@link #closeAfter} so nothing it already made leaks.
 */
public final class OwnedResources implements AutoCloseable {
    private final List<AutoCloseable> items = new ArrayList<>();
    private boolean closed;

    /** Takes ownership of {@code resource} and returns it. */
    public <T extends AutoCloseable> T add(T resource) {
        if (closed) {
            throw new IllegalStateException("resources already closed");
        }
        items.add(resource);
        return resource;
    }

    /** Closes everything after {@code failure}, adding close failures to it as suppressed. */
    public void closeAfter(RuntimeException failure) {
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
        List<AutoCloseable> reversed = new ArrayList<>(items);
        Collections.reverse(reversed);
        items.clear();
        closeAll(reversed);
    }

    /**
     * Closes every non-null resource in order, all of them even when some fail: the first failure is
     * thrown, later ones are suppressed into it.
     */
    public static void closeAll(Iterable<? extends AutoCloseable> resources) {
        RuntimeException first = null;
        for (AutoCloseable c : resources) {
            if (c == null) {
                continue;
            }
            try {
                c.close();
            } catch (Exception e) {
                RuntimeException r = e instanceof RuntimeException re ? re : new IllegalStateException(e);
                if (first == null) {
                    first = r;
                } else {
                    first.addSuppressed(r);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
