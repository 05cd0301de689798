package org.activeseg.backend.cuda;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.activeseg.backend.ViewOps.SceneGeometry;
import org.activeseg.device.DeviceMemory;
import org.activeseg.device.HostDevice;
import org.activeseg.geometry.Camera;
import org.activeseg.geometry.Intrinsics;
import org.activeseg.geometry.Pose;
import org.activeseg.tensor.FloatTensor;
import org.junit.jupiter.api.Test;

/**
 * Everything {@link DeviceScene} stages for the ViewAL kernels, read back element by element from the
 * {@link HostDevice} stand-in, with a different value at every (frame, pixel, class): cameras (N, 36),
 * depths (N, P), probabilities (N, C, P), dense superpixel ids (N, P) and offsets (N). Frame f's depth
 * at pixel i is f + i / 1000, so a frame written at the wrong offset (the depth-staging bug passed the
 * element index f * P as a byte offset, landing frame f at float f * P / 4) shows as a wrong value.
 */
class DeviceSceneTest {
    private static final int W = 4;  // P = 12: the buggy byte offsets stay aligned and silent, as at 320x240
    private static final int H = 3;
    private static final int P = W * H;
    private static final int N = 4;
    private static final int C = 3;

    private static SceneGeometry scene() {
        List<Camera> cameras = new ArrayList<>();
        List<float[]> depths = new ArrayList<>();
        for (int f = 0; f < N; f++) {
            double a = 0.3 * f;
            double[] rot = {Math.cos(a), -Math.sin(a), 0, Math.sin(a), Math.cos(a), 0, 0, 0, 1};
            cameras.add(new Camera(new Intrinsics(10 + f, 11 + f, 2 + 0.1 * f, 1 + 0.2 * f),
                    Pose.of(rot, f, -2 * f, 0.5 * f), W, H));
            float[] d = new float[P];
            for (int i = 0; i < P; i++) {
                d[i] = depthOf(f, i);
            }
            depths.add(d);
        }
        return new SceneGeometry(cameras, depths);
    }

    private static float depthOf(int f, int i) {
        return 1 + f + i / 1000f;
    }

    private static MemorySegment readBack(DeviceMemory m, Arena arena) {
        MemorySegment host = arena.allocate(m.byteSize());
        m.copyTo(host, m.byteSize());
        return host;
    }

    @Test
    void camerasAndDepthsLandAtTheirFrame() {
        SceneGeometry g = scene();
        HostDevice device = new HostDevice();
        try (DeviceScene s = DeviceScene.stage(device, g); Arena arena = Arena.ofConfined()) {
            assertEquals((long) N * P * Float.BYTES, s.depths().byteSize());
            MemorySegment depth = readBack(s.depths(), arena);
            for (int f = 0; f < N; f++) {
                for (int i = 0; i < P; i++) {
                    assertEquals(depthOf(f, i), depth.getAtIndex(JAVA_FLOAT, (long) f * P + i), "depth of frame " + f + " pixel " + i);
                }
            }
            MemorySegment cams = readBack(s.cameras(), arena);
            assertEquals((long) N * PackedCameras.STRIDE * Double.BYTES, cams.byteSize());
            for (int f = 0; f < N; f++) {
                Camera c = g.cameras().get(f);
                long row = (long) f * PackedCameras.STRIDE;
                double[] expected = new double[PackedCameras.STRIDE];
                expected[0] = c.intrinsics().fx();
                expected[1] = c.intrinsics().fy();
                expected[2] = c.intrinsics().cx();
                expected[3] = c.intrinsics().cy();
                System.arraycopy(c.pose().matrix(), 0, expected, 4, 16);
                System.arraycopy(c.pose().inverse(), 0, expected, 20, 16);
                for (int k = 0; k < PackedCameras.STRIDE; k++) {
                    assertEquals(expected[k], cams.getAtIndex(JAVA_DOUBLE, row + k), "camera " + f + " value " + k);
                }
            }
        }
        assertEquals(0, device.liveAllocations(), "closing the scene frees its memory");
    }

    @Test
    void probabilitiesAndSuperpixelsLandAtTheirFrame() {
        HostDevice device = new HostDevice();
        List<int[]> spx = new ArrayList<>();
        for (int f = 0; f < N; f++) {
            int[] ids = new int[P];
            for (int i = 0; i < P; i++) {
                ids[i] = 100 * f + 7 * (i % (f + 2));  // f + 2 superpixels in frame f, sparse ids
            }
            spx.add(ids);
        }
        try (DeviceScene s = DeviceScene.stage(device, scene());
             FloatTensor probs = FloatTensor.allocate(N, C, P); Arena arena = Arena.ofConfined()) {
            for (long e = 0; e < probs.size(); e++) {
                probs.set(e, e + 0.25f);
            }
            s.setProbabilities(probs);
            s.setSuperpixels(spx);
            assertEquals(C, s.classes());
            MemorySegment p = readBack(s.probabilities(), arena);
            for (int f = 0; f < N; f++) {
                for (int k = 0; k < C; k++) {
                    for (int i = 0; i < P; i++) {
                        long e = ((long) f * C + k) * P + i;
                        assertEquals(e + 0.25f, p.getAtIndex(JAVA_FLOAT, e), "probability of frame " + f + " class " + k + " pixel " + i);
                    }
                }
            }
            MemorySegment ids = readBack(s.superpixelIds(), arena);
            MemorySegment offsets = readBack(s.superpixelOffsets(), arena);
            long offset = 0;
            for (int f = 0; f < N; f++) {
                assertEquals(offset, offsets.getAtIndex(JAVA_LONG, f), "offset of frame " + f);
                for (int i = 0; i < P; i++) {
                    assertEquals(i % (f + 2), ids.getAtIndex(JAVA_INT, (long) f * P + i), "dense id of frame " + f + " pixel " + i);
                }
                offset += f + 2;
            }
            long before = device.bytesToDevice();
            s.setProbabilities(probs);
            assertEquals(before + probs.size() * Float.BYTES, device.bytesToDevice(), "restaging copies the probabilities once");
        }
    }

    @Test
    void wrongShapesNameTheShapeAndStageNothing() {
        HostDevice device = new HostDevice();
        try (DeviceScene s = DeviceScene.stage(device, scene()); FloatTensor bad = FloatTensor.allocate(N, C, P + 1)) {
            long before = device.bytesToDevice();
            var e = assertThrows(IllegalArgumentException.class, () -> s.setProbabilities(bad));
            assertTrue(e.getMessage().contains("[4, 3, 13]"), e.getMessage());
            assertEquals(before, device.bytesToDevice());
            assertThrows(IllegalStateException.class, s::probabilities);
        }
        var empty = assertThrows(IllegalArgumentException.class,
                () -> DeviceScene.stage(device, new SceneGeometry(List.of(), List.of())));
        assertTrue(empty.getMessage().contains("empty scene"), empty.getMessage());
    }
}
