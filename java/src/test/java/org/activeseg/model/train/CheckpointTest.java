package org.activeseg.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

import org.activeseg.model.Parameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bit-exact round trip and every corruption or mismatch case, each named in the error. */
class CheckpointTest {

    @TempDir
    Path dir;

    private static List<Parameter> model(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Parameter> ps = List.of(new Parameter("conv.weight", true, 4, 3, 3, 3), new Parameter("conv.bias", false, 4),
                new Parameter("head.weight", true, 5, 4, 1, 1));
        for (Parameter p : ps) {
            for (int i = 0; i < p.size(); i++) {
                p.value()[i] = (float) rng.nextGaussian();
                p.grad()[i] = (float) rng.nextGaussian();
            }
        }
        return ps;
    }

    private static List<Parameter> buffers() {
        Parameter mean = new Parameter("bn.running_mean", false, 4);
        mean.value()[0] = Float.NaN;
        mean.value()[1] = -0.0f;
        mean.value()[2] = Float.MIN_VALUE;
        mean.value()[3] = Float.intBitsToFloat(0x7fc00123); // a NaN with payload survives bit-exactly
        return List.of(mean);
    }

    private Path written() throws IOException {
        List<Parameter> ps = model(1);
        Sgd sgd = new Sgd(List.of(ParamGroup.of(ps)), 0.9, 1e-4);
        sgd.step(0.01);
        Path f = dir.resolve("model.ckpt");
        Checkpoint.write(f, "deeplab-mini width=16 classes=40", 3, 1234, ps, buffers(), sgd);
        return f;
    }

    @Test
    void roundTripIsBitExact() throws IOException {
        List<Parameter> ps = model(1);
        Sgd sgd = new Sgd(List.of(ParamGroup.of(ps)), 0.9, 1e-4);
        sgd.step(0.01);
        Path f = dir.resolve("sub/model.ckpt");
        Checkpoint.write(f, "deeplab-mini width=16 classes=40 \u00e9", 3, 1234, ps, buffers(), sgd);
        Checkpoint c = Checkpoint.read(f);
        assertEquals("deeplab-mini width=16 classes=40 \u00e9", c.config());
        assertEquals(3, c.epoch());
        assertEquals(1234, c.iteration());
        List<Parameter> fresh = model(2);
        List<Parameter> freshBuffers = List.of(new Parameter("bn.running_mean", false, 4));
        c.restore(fresh);
        c.restore(freshBuffers);
        for (int i = 0; i < ps.size(); i++) {
            assertArrayEquals(bits(ps.get(i).value()), bits(fresh.get(i).value()), ps.get(i).name());
        }
        assertArrayEquals(bits(buffers().get(0).value()), bits(freshBuffers.get(0).value()));
        Sgd resumed = new Sgd(List.of(ParamGroup.of(fresh)), 0.9, 1e-4);
        c.restoreOptimizer(resumed);
        assertEquals(1, resumed.steps());
        assertEquals(sgd.state(), resumed.state());
        try (var files = Files.list(f.getParent())) {
            assertEquals(List.of("model.ckpt"), files.map(p -> p.getFileName().toString()).toList(), "no temporary left");
        }
        // overwriting replaces the file atomically
        Checkpoint.write(f, Map.of("config", "other"), List.of());
        assertEquals("other", Checkpoint.read(f).config());
    }

    private static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }

    private static void assertIo(Path f, String... words) {
        IOException e = assertThrows(IOException.class, () -> Checkpoint.read(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), "'" + w + "' not in: " + e.getMessage());
        }
    }

    @Test
    void flippedByteIsAChecksumError() throws IOException {
        Path f = written();
        byte[] b = Files.readAllBytes(f);
        b[b.length / 2] ^= 0x10;
        Files.write(f, b);
        assertIo(f, "checksum");
    }

    @Test
    void truncatedFileIsNamedTruncated() throws IOException {
        Path f = written();
        byte[] b = Files.readAllBytes(f);
        for (int len : new int[] {b.length - 1, b.length / 2, 15, 4}) {
            Files.write(f, Arrays.copyOf(b, len));
            assertIo(f, "truncated");
        }
        Files.write(f, Arrays.copyOf(b, b.length + 3));
        assertIo(f, "trailing");
    }

    @Test
    void wrongMagicAndUnsupportedVersion() throws IOException {
        Path f = written();
        byte[] b = Files.readAllBytes(f);
        byte[] magic = b.clone();
        magic[0] = 'P';
        Files.write(f, magic);
        assertIo(f, "magic");
        byte[] version = b.clone();
        ByteBuffer.wrap(version).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 99);
        Files.write(f, version);
        assertIo(f, "version 99");
    }

    @Test
    void validChecksumButMalformedStructure() throws IOException {
        Path f = written();
        byte[] b = Files.readAllBytes(f);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(20, 1_000_000); // header entry count
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 4);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length - 4, (int) crc.getValue());
        Files.write(f, b);
        assertIo(f, "malformed", "header entry count");
    }

    @Test
    void renamedTensorIsNamedOnRestore() throws IOException {
        Path f = dir.resolve("renamed.ckpt");
        List<Parameter> ps = model(1);
        Checkpoint.write(f, Map.of("config", "c"), List.of(NamedTensor.of(ps.get(0)),
                new NamedTensor("conv.bais", ps.get(1).shape(), ps.get(1).value().clone()), NamedTensor.of(ps.get(2))));
        List<Parameter> target = model(2);
        float[] before = target.get(0).value().clone();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(f).restore(target));
        assertTrue(e.getMessage().contains("conv.bias") && e.getMessage().contains("missing")
                && e.getMessage().contains(f.toString()), e.getMessage());
        assertArrayEquals(before, target.get(0).value(), "nothing restored on failure");
    }

    @Test
    void wrongShapeIsNamedOnRestore() throws IOException {
        Path f = dir.resolve("shape.ckpt");
        List<Parameter> ps = model(1);
        Checkpoint.write(f, Map.of("config", "c"), List.of(NamedTensor.of(ps.get(0)), NamedTensor.of(ps.get(1)),
                new NamedTensor("head.weight", new int[] {4, 5, 1, 1}, ps.get(2).value().clone())));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(f).restore(model(2)));
        assertTrue(e.getMessage().contains("head.weight") && e.getMessage().contains("[4, 5, 1, 1]")
                && e.getMessage().contains("[5, 4, 1, 1]"), e.getMessage());
    }

    @Test
    void optimizerStateMismatchNamesFileAndTensor() throws IOException {
        Path f = written();
        List<Parameter> other = List.of(new Parameter("conv.weight", true, 4, 3, 3, 3), new Parameter("extra.weight", true, 2));
        Sgd sgd = new Sgd(List.of(ParamGroup.of(other)), 0.9, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.read(f).restoreOptimizer(sgd));
        assertTrue(e.getMessage().contains("optim.momentum_buffer.extra.weight") && e.getMessage().contains(f.toString()),
                e.getMessage());
    }

    @Test
    void duplicateTensorNamesAreRejectedOnWrite() {
        NamedTensor t = new NamedTensor("a", new int[] {1}, new float[1]);
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.write(dir.resolve("d.ckpt"), Map.of(), List.of(t, t)));
        assertTrue(Files.notExists(dir.resolve("d.ckpt")));
    }
}
