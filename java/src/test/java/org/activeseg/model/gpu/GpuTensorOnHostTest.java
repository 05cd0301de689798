package org.activeseg.model.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.activeseg.device.HostDevice;
import org.activeseg.model.Tensor4;
import org.activeseg.tensor.FloatTensor;
import org.junit.jupiter.api.Test;

/**
 * A network activation is the project's DeviceTensor: GpuTensor's copies and its tensor() view, on
 * the host stand-in (the cuDNN layers themselves need the GPU machine: GpuLayersParityIT).
 */
class GpuTensorOnHostTest {

    @Test
    void anActivationIsADeviceTensorOfItsShape() {
        HostDevice device = new HostDevice();
        Tensor4 x = new Tensor4(2, 3, 4, 5);
        for (int i = 0; i < x.data().length; i++) {
            x.data()[i] = i - 7.25f;
        }
        try (GpuTensor g = GpuTensor.upload(device, x)) {
            assertArrayEquals(new long[] {2, 3, 4, 5}, g.tensor().shape());
            assertEquals(g.address(), g.tensor().address(), "the same memory, no copy");
            assertArrayEquals(x.data(), g.download().data());
            try (FloatTensor viaTensor = g.tensor().download()) {
                assertArrayEquals(x.data(), viaTensor.toArray());
            }
            assertThrows(IllegalArgumentException.class, () -> g.copyFrom(new Tensor4(2, 3, 5, 4)));
        }
        assertEquals(0, device.liveAllocations());
    }
}
