package org.activeseg.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.activeseg.tensor.FloatTensor;
import org.junit.jupiter.api.Test;

/** DeviceTensor on the host stand-in: copies in and out, shapes checked, memory owned and freed. */
class DeviceTensorTest {

    @Test
    void uploadAndDownloadRoundTripWithOneCopyEachWay() {
        HostDevice device = new HostDevice();
        float[] values = new float[2 * 3 * 5];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.5f - 3;
        }
        try (FloatTensor host = FloatTensor.of(values, 2, 3, 5);
             DeviceTensor t = DeviceTensor.upload(device, host);
             FloatTensor back = t.download()) {
            assertArrayEquals(new long[] {2, 3, 5}, t.shape());
            assertEquals(30, t.size());
            assertEquals(120, t.byteSize());
            assertArrayEquals(values, back.toArray());
            assertEquals(120, device.bytesToDevice());
            assertEquals(120, device.bytesToHost());
        }
        assertEquals(0, device.liveAllocations(), "closing the tensor frees its memory");
    }

    @Test
    void shapesMustMatchAndClosedTensorsAreRefused() {
        HostDevice device = new HostDevice();
        DeviceTensor t = DeviceTensor.allocate(device, 4, 6);
        try (FloatTensor other = FloatTensor.allocate(6, 4)) {
            var e = assertThrows(IllegalArgumentException.class, () -> t.copyFrom(other));
            assertTrue(e.getMessage().contains("[6, 4]") && e.getMessage().contains("[4, 6]"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> t.copyTo(other));
            assertEquals(0, device.bytesToDevice());
        }
        t.close();
        assertThrows(IllegalStateException.class, t::address);
        assertThrows(IllegalArgumentException.class, () -> DeviceTensor.allocate(device, 3, -1));
        assertEquals(0, device.liveAllocations());
    }
}
