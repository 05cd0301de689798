package org.activeseg.device.cuda;

import jcuda.Pointer;

/** A JCuda Pointer to an off-heap host address (a native MemorySegment's), for cuMemcpy. */
final class HostPointer extends Pointer {
    HostPointer(long address) {
        super(address);
    }
}
