package org.activeseg.model.train;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

import org.activeseg.model.Parameter;

/**
 * A training checkpoint: the model configuration, the position in training, and named float
 * tensors (parameters, buffers, optimiser state), in a versioned binary file whose corruption or
 * mismatch with the model is reported as an error rather than loaded.
 *
 * <h2>Format, version 1</h2>
 * All integers little-endian; a string is an int32 byte count followed by that many UTF-8 bytes.
 * <pre>
 *   offset  size  field
 *   0       8     magic, the ASCII bytes "ASEGCKPT"
 *   8       4     int32 format version (1)
 *   12      8     int64 total file length in bytes, this field and the checksum included
 *   20      4     int32 header entry count E
 *                 E x (string key, string value)      keys unique, in writing order
 *           4     int32 tensor count T
 *                 T x (string name,                   names unique
 *                      int32 rank r, r x int32 extent (each >= 0),
 *                      prod(extents) x float32)       raw IEEE-754 bits, row-major
 *   len-4   4     uint32 CRC-32 (java.util.zip.CRC32, as zlib) of every byte before it
 * </pre>
 * Reserved header keys: {@code config} (the model configuration string), {@code epoch},
 * {@code iteration} and {@code optim.steps} (decimal integers). Optimiser state tensors are named
 * as the optimiser exports them ({@code optim.*}). A file is checked in this order: magic, version,
 * length (shorter = truncated, longer = trailing bytes), checksum, then structure.
 * Writing goes to a temporary file in the target directory, is forced to disk and renamed over
 * the target atomically, so a crash leaves either the old or the new checkpoint.
 */
public record Checkpoint(Path file, Map<String, String> header, Map<String, NamedTensor> tensors) {

    public static final byte[] MAGIC = "ASEGCKPT".getBytes(StandardCharsets.US_ASCII);
    public static final int VERSION = 1;
    public static final String CONFIG = "config";
    public static final String EPOCH = "epoch";
    public static final String ITERATION = "iteration";
    public static final String OPTIMIZER_STEPS = "optim.steps";

    private static final int PREFIX = 8 + 4 + 8;

    public Checkpoint {
        header = Collections.unmodifiableMap(new LinkedHashMap<>(header));
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes the model's parameters and buffers and the optimiser's state (may be null) with the
     * configuration string and training position.
     */
    public static void write(Path file, String config, long epoch, long iteration, List<Parameter> parameters,
                             List<Parameter> buffers, Optimizer optimizer) throws IOException {
        Map<String, String> header = header(config, epoch, iteration);
        List<NamedTensor> tensors = tensors(parameters, buffers);
        if (optimizer != null) {
            header.put(OPTIMIZER_STEPS, Long.toString(optimizer.steps()));
            tensors.addAll(optimizer.state());
        }
        write(file, header, tensors);
    }

    /**
     * Writes the model's parameters and buffers followed by {@code extra} tensors (state a training mode
     * keeps beside the model, such as U2PL's teacher and memory bank; names must not collide).
     */
    public static void write(Path file, String config, long epoch, long iteration, List<Parameter> parameters,
                             List<Parameter> buffers, List<NamedTensor> extra) throws IOException {
        List<NamedTensor> tensors = tensors(parameters, buffers);
        tensors.addAll(extra);
        write(file, header(config, epoch, iteration), tensors);
    }

    private static Map<String, String> header(String config, long epoch, long iteration) {
        Map<String, String> header = new LinkedHashMap<>();
        header.put(CONFIG, config);
        header.put(EPOCH, Long.toString(epoch));
        header.put(ITERATION, Long.toString(iteration));
        return header;
    }

    private static List<NamedTensor> tensors(List<Parameter> parameters, List<Parameter> buffers) {
        List<NamedTensor> tensors = new ArrayList<>();
        parameters.forEach(p -> tensors.add(NamedTensor.of(p)));
        buffers.forEach(p -> tensors.add(NamedTensor.of(p)));
        return tensors;
    }

    /** Writes a header and tensors (names unique) atomically. */
    public static void write(Path file, Map<String, String> header, List<NamedTensor> tensors) throws IOException {
        List<byte[]> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        long length = PREFIX + 4;
        for (Map.Entry<String, String> e : header.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException("checkpoint " + file + ": header entries must not be null");
            }
            byte[] k = e.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] v = e.getValue().getBytes(StandardCharsets.UTF_8);
            keys.add(k);
            values.add(v);
            length += 8L + k.length + v.length;
        }
        length += 4;
        List<byte[]> names = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (NamedTensor t : tensors) {
            if (!seen.add(t.name())) {
                throw new IllegalArgumentException("checkpoint " + file + ": tensor " + t.name() + " occurs twice");
            }
            byte[] n = t.name().getBytes(StandardCharsets.UTF_8);
            names.add(n);
            length += 4L + n.length + 4L + 4L * t.shape().length + 4L * t.data().length;
        }
        length += 4;

        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString() + ".", ".tmp");
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                CRC32 crc = new CRC32();
                OutputStream out = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel), 1 << 16);
                LittleEndianSink sink = new LittleEndianSink(out, crc);
                sink.bytes(MAGIC);
                sink.int32(VERSION);
                sink.int64(length);
                sink.int32(keys.size());
                for (int i = 0; i < keys.size(); i++) {
                    sink.string(keys.get(i));
                    sink.string(values.get(i));
                }
                sink.int32(tensors.size());
                for (int i = 0; i < tensors.size(); i++) {
                    NamedTensor t = tensors.get(i);
                    sink.string(names.get(i));
                    int[] shape = t.shape();
                    sink.int32(shape.length);
                    for (int s : shape) {
                        sink.int32(s);
                    }
                    sink.floats(t.data());
                }
                sink.flushBuffer();
                long sum = crc.getValue();
                ByteBuffer tail = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) sum);
                out.write(tail.array());
                out.flush();
                if (channel.position() != length) {
                    throw new IllegalStateException("checkpoint " + file + ": wrote " + channel.position()
                            + " bytes, expected " + length);
                }
                channel.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** Little-endian writer that feeds a CRC with everything it writes. */
    private static final class LittleEndianSink {
        private final OutputStream out;
        private final CRC32 crc;
        private final ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

        LittleEndianSink(OutputStream out, CRC32 crc) {
            this.out = out;
            this.crc = crc;
        }

        private void room(int n) throws IOException {
            if (buf.remaining() < n) {
                flushBuffer();
            }
        }

        void flushBuffer() throws IOException {
            crc.update(buf.array(), 0, buf.position());
            out.write(buf.array(), 0, buf.position());
            buf.clear();
        }

        void int32(int v) throws IOException {
            room(4);
            buf.putInt(v);
        }

        void int64(long v) throws IOException {
            room(8);
            buf.putLong(v);
        }

        void bytes(byte[] b) throws IOException {
            int off = 0;
            while (off < b.length) {
                room(1);
                int n = Math.min(buf.remaining(), b.length - off);
                buf.put(b, off, n);
                off += n;
            }
        }

        void string(byte[] utf8) throws IOException {
            int32(utf8.length);
            bytes(utf8);
        }

        void floats(float[] data) throws IOException {
            for (float f : data) {
                room(4);
                buf.putInt(Float.floatToRawIntBits(f));
            }
        }
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads and verifies a checkpoint. Throws IOException naming the file and what is wrong: bad
     * magic, unsupported version, truncated, trailing bytes, checksum mismatch, or a malformed field.
     */
    public static Checkpoint read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > Integer.MAX_VALUE - 8) {
            throw new IOException("checkpoint " + file + ": " + size + " bytes is larger than this reader supports");
        }
        byte[] all = Files.readAllBytes(file);
        if (all.length < MAGIC.length || !Arrays.equals(all, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            if (all.length < MAGIC.length && Arrays.equals(all, 0, all.length, MAGIC, 0, all.length)) {
                throw new IOException("checkpoint " + file + ": truncated (" + all.length + " bytes, no complete magic)");
            }
            throw new IOException("checkpoint " + file + ": wrong magic, not an activeseg checkpoint (expected \"ASEGCKPT\")");
        }
        ByteBuffer in = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        if (all.length < PREFIX) {
            throw new IOException("checkpoint " + file + ": truncated (" + all.length + " bytes, header needs " + PREFIX + ")");
        }
        in.position(MAGIC.length);
        int version = in.getInt();
        if (version != VERSION) {
            throw new IOException("checkpoint " + file + ": unsupported format version " + version + " (this reader knows "
                    + VERSION + ")");
        }
        long length = in.getLong();
        if (all.length < length) {
            throw new IOException("checkpoint " + file + ": truncated, " + all.length + " bytes of " + length);
        }
        if (all.length > length) {
            throw new IOException("checkpoint " + file + ": " + (all.length - length) + " trailing bytes after the "
                    + length + " the header declares");
        }
        if (length < PREFIX + 12) {
            throw new IOException("checkpoint " + file + ": declared length " + length + " is too small");
        }
        int body = (int) length - 4;
        CRC32 crc = new CRC32();
        crc.update(all, 0, body);
        long stored = Integer.toUnsignedLong(in.getInt(body));
        if (stored != crc.getValue()) {
            throw new IOException("checkpoint " + file + ": checksum mismatch (stored CRC-32 " + Long.toHexString(stored)
                    + ", content " + Long.toHexString(crc.getValue()) + "): the file is corrupt");
        }
        in.limit(body);
        Map<String, String> header = new LinkedHashMap<>();
        Map<String, NamedTensor> tensors = new LinkedHashMap<>();
        String field = "header entry count";
        try {
            int entries = count(in, file, field);
            for (int i = 0; i < entries; i++) {
                field = "header entry " + i;
                String key = string(in, file, field);
                field = "header value of " + key;
                String value = string(in, file, field);
                if (header.put(key, value) != null) {
                    throw new IOException("checkpoint " + file + ": header key " + key + " occurs twice");
                }
            }
            field = "tensor count";
            int count = count(in, file, field);
            for (int i = 0; i < count; i++) {
                field = "name of tensor " + i;
                String name = string(in, file, field);
                field = "rank of tensor " + name;
                int rank = count(in, file, field);
                int[] shape = new int[rank];
                long n = 1;
                for (int d = 0; d < rank; d++) {
                    field = "shape of tensor " + name;
                    shape[d] = in.getInt();
                    if (shape[d] < 0) {
                        throw new IOException("checkpoint " + file + ": tensor " + name + " has negative extent " + shape[d]);
                    }
                    n *= shape[d];
                }
                field = "data of tensor " + name;
                if (n * 4 > in.remaining()) {
                    throw new IOException("checkpoint " + file + ": tensor " + name + " of shape " + Arrays.toString(shape)
                            + " needs " + n * 4 + " bytes, only " + in.remaining() + " remain");
                }
                float[] data = new float[(int) n];
                in.asFloatBuffer().get(data);
                in.position(in.position() + 4 * (int) n);
                if (tensors.put(name, new NamedTensor(name, shape, data)) != null) {
                    throw new IOException("checkpoint " + file + ": tensor " + name + " occurs twice");
                }
            }
        } catch (BufferUnderflowException e) {
            throw new IOException("checkpoint " + file + ": malformed, content ends inside the " + field, e);
        }
        if (in.remaining() != 0) {
            throw new IOException("checkpoint " + file + ": malformed, " + in.remaining() + " unread bytes after the last tensor");
        }
        return new Checkpoint(file, header, tensors);
    }

    private static int count(ByteBuffer in, Path file, String field) throws IOException {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) {
            throw new IOException("checkpoint " + file + ": malformed " + field + " " + n);
        }
        return n;
    }

    private static String string(ByteBuffer in, Path file, String field) throws IOException {
        int n = count(in, file, field + " length");
        String s = new String(in.array(), in.position(), n, StandardCharsets.UTF_8);
        in.position(in.position() + n);
        return s;
    }

    // ---------------------------------------------------------------- access and restore

    public String config() { return require(CONFIG); }

    public long epoch() { return longField(EPOCH); }

    public long iteration() { return longField(ITERATION); }

    private String require(String key) {
        String v = header.get(key);
        if (v == null) {
            throw new IllegalArgumentException("checkpoint " + file + ": header field " + key + " is missing");
        }
        return v;
    }

    private long longField(String key) {
        String v = require(key);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("checkpoint " + file + ": header field " + key + " is not an integer: " + v);
        }
    }

    /** The tensor of that name; throws naming the file if it is absent. */
    public NamedTensor tensor(String name) {
        NamedTensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("checkpoint " + file + ": tensor " + name + " is missing");
        }
        return t;
    }

    /**
     * Copies the saved values into each parameter (or buffer) of that name. Every one must be present
     * with the same shape; nothing is modified unless all are. Other tensors (optimiser state, a
     * different part of the model) are left alone.
     */
    public void restore(List<Parameter> into) {
        for (Parameter p : into) {
            NamedTensor t = tensor(p.name());
            if (!t.hasShape(p.shape())) {
                throw new IllegalArgumentException("checkpoint " + file + ": tensor " + p.name() + " has shape "
                        + t.shapeString() + " but the model's parameter has shape " + Arrays.toString(p.shape()));
            }
        }
        for (Parameter p : into) {
            float[] src = tensors.get(p.name()).data();
            System.arraycopy(src, 0, p.value(), 0, src.length);
        }
    }

    /** Restores the optimiser's step count and state; errors name the file and the tensor. */
    public void restoreOptimizer(Optimizer optimizer) {
        long steps = longField(OPTIMIZER_STEPS);
        try {
            optimizer.loadState(steps, tensors);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("checkpoint " + file + ": " + e.getMessage(), e);
        }
    }
}
