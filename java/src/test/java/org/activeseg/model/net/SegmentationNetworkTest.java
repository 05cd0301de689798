package org.activeseg.model.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.activeseg.model.GradientCheck;
import org.activeseg.model.Parameter;
import org.activeseg.model.Tensor4;
import org.junit.jupiter.api.Test;

class SegmentationNetworkTest {

    private static NetworkConfig tiny(double dropout) {
        return new NetworkConfig(5, 4, new int[] {1, 1, 2, 1}, 2, new int[] {2}, dropout, 11L);
    }

    @Test
    void outputHasInputSizeForAwkwardExtents() {
        SegmentationNetwork net = new SegmentationNetwork(NetworkConfig.small(40, 1));
        for (int[] hw : new int[][] {{60, 80}, {37, 53}, {16, 16}}) {
            Tensor4 x = GradientCheck.random(new SplittableRandom(2), 2, 3, hw[0], hw[1], -1, 1);
            Tensor4 y = net.forward(x, true);
            assertEquals("[2, 40, " + hw[0] + ", " + hw[1] + "]", y.shapeString());
            for (float v : y.data()) {
                assertTrue(Float.isFinite(v));
            }
        }
    }

    @Test
    void parameterNamesAreUniqueAndStable() {
        SegmentationNetwork a = new SegmentationNetwork(NetworkConfig.small(40, 1));
        SegmentationNetwork b = new SegmentationNetwork(NetworkConfig.small(40, 1));
        List<String> names = a.parameters().stream().map(Parameter::name).toList();
        assertEquals(names.size(), new HashSet<>(names).size());
        assertEquals(names, b.parameters().stream().map(Parameter::name).toList());
        List<String> buffers = a.buffers().stream().map(Parameter::name).toList();
        assertEquals(buffers.size(), new HashSet<>(buffers).size());
        for (int i = 0; i < a.parameters().size(); i++) {
            assertArrayEquals(a.parameters().get(i).value(), b.parameters().get(i).value(), "same seed, same init");
        }
        assertTrue(a.parameterCount() > 10_000 && a.parameterCount() < 200_000, "small network: " + a.parameterCount());
    }

    @Test
    void headOnlyMcSamplesEqualFullForwardPasses() {
        SegmentationNetwork net = new SegmentationNetwork(tiny(0.25));
        Tensor4 x = GradientCheck.random(new SplittableRandom(9), 2, 3, 32, 24, -1, 1);
        net.mcDropout(true);
        net.reseedDropout(42);
        List<Tensor4> full = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            full.add(net.forward(x, false));
        }
        net.reseedDropout(42);
        SegmentationNetwork.Features f = net.encode(x, false);
        for (int t = 0; t < 4; t++) {
            assertArrayEquals(full.get(t).data(), net.decode(f, false).data(), "sample " + t);
        }
        assertFalse(java.util.Arrays.equals(full.get(0).data(), full.get(1).data()), "dropout varies between samples");
        net.mcDropout(false);
        assertArrayEquals(net.forward(x, false).data(), net.forward(x, false).data(), "eval without MC is deterministic");
    }

    @Test
    void configRoundTripsAndRejectsBadValues() {
        NetworkConfig c = NetworkConfig.small(40, 3);
        assertEquals(c, NetworkConfig.decode(c.encode()));
        assertThrows(IllegalArgumentException.class, () -> NetworkConfig.decode("arch=other;classes=3"));
        assertThrows(IllegalArgumentException.class, () -> NetworkConfig.decode(c.encode().replace("width=16", "width=x")));
        assertThrows(IllegalArgumentException.class, () -> new NetworkConfig(1, 16, new int[] {1, 1, 1, 1}, 4, new int[] {2}, 0.2, 0));
        assertThrows(IllegalArgumentException.class, () -> new NetworkConfig(4, 16, new int[] {1, 1, 1}, 4, new int[] {2}, 0.2, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SegmentationNetwork(c).forward(new Tensor4(1, 3, 8, 8), false));
        assertTrue(e.getMessage().contains("at least 16"), e.getMessage());
    }
}
