package org.activeseg.device.cuda;

import jcuda.driver.CUstream;

/** A CUstream whose raw handle can be read: a CUstream is a cudaStream_t for the C ABI. */
public final class StreamHandle extends CUstream {
    long address() {
        return getNativePointer();
    }
}
