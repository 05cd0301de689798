package org.activeseg.device;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** The host-memory stand-in behaves as device memory does where the Java side can get it wrong. */
class HostDeviceTest {

    @Test
    void offsetsAreBytesAndUnwrittenMemoryIsGarbage() {
        HostDevice device = new HostDevice();
        try (DeviceMemory m = device.allocate(6 * Float.BYTES); Arena arena = Arena.ofConfined()) {
            MemorySegment two = arena.allocateFrom(JAVA_FLOAT, 1.5f, 2.5f);
            m.copyFromHost(two, 2 * Float.BYTES, two.byteSize());
            float[] back = new float[6];
            m.copyTo(back);
            assertTrue(Float.isNaN(back[0]) && Float.isNaN(back[1]) && Float.isNaN(back[4]), "unwritten floats read as NaN");
            assertEquals(1.5f, back[2]);
            assertEquals(2.5f, back[3]);
            MemorySegment one = arena.allocate(JAVA_FLOAT);
            m.copyToHost(3 * Float.BYTES, one, Float.BYTES);
            assertEquals(2.5f, one.get(JAVA_FLOAT, 0));
            m.fill(0, 4, (byte) 0);
            m.copyTo(back);
            assertEquals(0f, back[0]);
            assertEquals(2 * Float.BYTES, device.bytesToDevice());
            assertEquals(2 * 6 * Float.BYTES + Float.BYTES, device.bytesToHost());
        }
        assertEquals(0, device.liveAllocations());
        assertEquals(0, device.liveBytes());
    }

    @Test
    void copiesOutsideTheMemoryOrFromHeapSegmentsAreRefused() {
        HostDevice device = new HostDevice();
        try (DeviceMemory m = device.allocate(16); Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocate(JAVA_INT, 4);
            var e = assertThrows(IllegalArgumentException.class, () -> m.copyFromHost(host, 4, 16));
            assertTrue(e.getMessage().contains("[4, 20)") && e.getMessage().contains("16 bytes"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> m.copyToHost(-1, host, 4));
            assertThrows(IllegalArgumentException.class, () -> m.copyFromHost(host, 0, 17));
            assertThrows(IllegalArgumentException.class, () -> m.copyFromHost(MemorySegment.ofArray(new int[4]), 0, 16));
            assertThrows(IllegalArgumentException.class, () -> m.fill(12, 8, (byte) 1));
            m.copyFrom(new float[] {1, 2, 3, 4});
            float[] back = new float[4];
            m.copyTo(back);
            assertArrayEquals(new float[] {1, 2, 3, 4}, back);
        }
    }

    @Test
    void closedMemoryIsRefused() {
        HostDevice device = new HostDevice();
        DeviceMemory m = device.allocate(8);
        m.close();
        m.close();
        assertThrows(IllegalStateException.class, m::address);
        assertEquals(0, device.liveAllocations());
    }
}
