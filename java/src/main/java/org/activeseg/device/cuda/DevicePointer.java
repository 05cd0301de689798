package org.activeseg.device.cuda;

import jcuda.driver.CUdeviceptr;

/** A CUdeviceptr whose raw device address can be read, to pass it to Panama downcalls. */
public final class DevicePointer extends CUdeviceptr {
    long address() {
        return getNativePointer();
    }
}
