package org.activeseg.backend.cuda;

import java.util.LinkedHashMap;
import java.util.Map;
import org.activeseg.device.Device;
import org.activeseg.device.DeviceMemory;
import org.activeseg.device.OwnedResources;

/**
 * The device buffers an operations object keeps across calls, by name: a buffer is reused while it
 * is large enough and reallocated (contents lost) when a call needs more, so steady-state calls
 * allocate nothing. {@link #close()} frees them all. Not thread-safe: its owner serialises calls.
 */
final class StagingBuffers implements AutoCloseable {
    private final Device device;
    private final String owner;
    private final Map<String, DeviceMemory> buffers = new LinkedHashMap<>();
    private boolean closed;

    /** @param owner how errors name the owner, e.g. "CUDA region operations" */
    StagingBuffers(Device device, String owner) {
        this.device = device;
        this.owner = owner;
    }

    /** The buffer {@code name} with at least {@code bytes}; throws once closed. */
    DeviceMemory get(String name, long bytes) {
        if (closed) {
            throw new IllegalStateException(owner + " are closed");
        }
        DeviceMemory b = buffers.get(name);
        if (b != null && b.byteSize() >= bytes) {
            return b;
        }
        if (b != null) {
            buffers.remove(name);
            b.close();
        }
        DeviceMemory fresh = device.allocate(bytes);
        buffers.put(name, fresh);
        return fresh;
    }

    /** Device bytes held. */
    long totalBytes() {
        long total = 0;
        for (DeviceMemory b : buffers.values()) {
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
        try {
            OwnedResources.closeAll(buffers.values());
        } finally {
            buffers.clear();
        }
    }
}
