package org.activeseg.backend.cuda;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The device buffers an operations object keeps across calls, by name: a buffer is reused while it
 * is large enough and reallocated (contents lost) when a call needs more, so steady-state calls
 * allocate nothing. {@link #close()} frees them all. Not thread-safe: its owner serialises calls.
 */
final class StagingBuffers implements AutoCloseable {
    private final CudaContext context;
    private final String owner;
    private final Map<String, DeviceBuffer> buffers = new LinkedHashMap<>();
    private boolean closed;

    /** @param owner how errors name the owner, e.g. "CUDA region operations" */
    StagingBuffers(CudaContext context, String owner) {
        this.context = context;
        this.owner = owner;
    }

    /** The buffer {@code name} with at least {@code bytes}; throws once closed. */
    DeviceBuffer get(String name, long bytes) {
        if (closed) {
            throw new IllegalStateException(owner + " are closed");
        }
        DeviceBuffer b = buffers.get(name);
        if (b != null && b.byteSize() >= bytes) {
            return b;
        }
        if (b != null) {
            buffers.remove(name);
            b.close();
        }
        DeviceBuffer fresh = context.allocate(bytes);
        buffers.put(name, fresh);
        return fresh;
    }

    /** Device bytes held. */
    long totalBytes() {
        long total = 0;
        for (DeviceBuffer b : buffers.values()) {
            total += b.byteSize();
        }
        return total;
    }

    boolean isClosed() {
        return closed;
    }

    /** Frees every buffer (all of them even if one fails; the first failure is rethrown, later ones suppressed). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException first = null;
        for (DeviceBuffer b : buffers.values()) {
            try {
                b.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        buffers.clear();
        if (first != null) {
            throw first;
        }
    }
}
