package org.activeseg.stream.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.grpc.Detachable;
import io.grpc.HasByteBuffer;
import io.grpc.KnownLength;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.activeseg.stream.FrameRejectedException;
import org.activeseg.stream.grpc.FrameRequest;
import org.junit.jupiter.api.Test;

/**
 * The service's frame decoding: transport buffers split anywhere, never joined into one large array,
 * copied before the transport stream is closed.
 */
class FrameMessagesPiecewiseTest {
    /** Buffer sizes, cycled; above protobuf's 128-byte limit for joining small pieces by copying. */
    private static final int[] SPLITS = {129, 131, 257, 130, 135, 134, 211, 166};

    /** {@code bytes} as direct buffers of the sizes in SPLITS, cycled: boundaries fall inside values. */
    private static List<ByteBuffer> split(byte[] bytes) {
        List<ByteBuffer> parts = new ArrayList<>();
        int at = 0;
        for (int k = 0; at < bytes.length; k++) {
            int n = Math.min(SPLITS[k % SPLITS.length], bytes.length - at);
            ByteBuffer b = ByteBuffer.allocateDirect(n);
            b.put(bytes, at, n).flip();
            parts.add(b);
            at += n;
        }
        return parts;
    }

    private static float[] distinct(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (i * 0.37 - 5.5 + 1.0 / (i + 3));
        }
        return v;
    }

    private static byte[] littleEndian(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    @Test
    void floatsSplitAcrossBuffersReadBackExactly() {
        float[] want = distinct(1001);
        List<ByteString> parts = new ArrayList<>();
        for (ByteBuffer b : split(littleEndian(want))) {
            parts.add(UnsafeByteOperations.unsafeWrap(b));
        }
        ByteString rope = ByteString.copyFrom(parts);
        assertTrue(rope.asReadOnlyByteBufferList().size() > 10, "the value spans many buffers");
        assertArrayEquals(want, FrameMessages.floats("f1", "probabilities", rope, null));
        FloatArrayPool pool = new FloatArrayPool(2, 2);
        float[] reused = pool.take(1001);
        pool.give(reused);
        float[] got = FrameMessages.floats("f1", "probabilities", rope, pool);
        assertSame(reused, got, "the pooled array is filled");
        assertArrayEquals(want, got);
        FrameRejectedException e = assertThrows(FrameRejectedException.class,
                () -> FrameMessages.floats("f7", "depth", rope.substring(0, 13), null));
        assertTrue(e.getMessage().contains("f7") && e.getMessage().contains("13 bytes"), e.getMessage());
    }

    /** A transport stream as grpc-netty hands it over: known length, its buffers readable in place, detachable. */
    private static final class TransportStream extends InputStream implements KnownLength, HasByteBuffer, Detachable {
        private final List<ByteBuffer> parts;
        private int part;
        boolean closed;

        TransportStream(List<ByteBuffer> parts) {
            this.parts = parts;
        }

        private void skipEmpty() {
            while (part < parts.size() && !parts.get(part).hasRemaining()) {
                part++;
            }
        }

        @Override
        public int read() {
            skipEmpty();
            return part == parts.size() ? -1 : parts.get(part).get() & 0xff;
        }

        @Override
        public int available() {
            return parts.stream().skip(part).mapToInt(ByteBuffer::remaining).sum();
        }

        @Override
        public long skip(long n) {
            long done = 0;
            while (done < n) {
                skipEmpty();
                if (part == parts.size()) {
                    break;
                }
                ByteBuffer b = parts.get(part);
                int k = (int) Math.min(n - done, b.remaining());
                b.position(b.position() + k);
                done += k;
            }
            return done;
        }

        @Override
        public boolean byteBufferSupported() {
            return true;
        }

        @Override
        public ByteBuffer getByteBuffer() {
            skipEmpty();
            return parts.get(part).asReadOnlyBuffer();
        }

        @Override
        public InputStream detach() {
            return this;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static FrameRequest frame(String id, float[] probabilities) {
        return FrameRequest.newBuilder().setScene("s").setId(id).setWidth(3).setHeight(2).setClasses(2).setSamples(1)
                .setProbabilities(ByteString.copyFrom(littleEndian(probabilities)))
                .setDepth(ByteString.copyFrom(littleEndian(distinct(6)))).addIntrinsics(1).addIntrinsics(2)
                .build();
    }

    @Test
    void aDetachableStreamIsParsedInPiecesCopiedAndClosed() {
        FrameRequestMarshaller m = new FrameRequestMarshaller();
        float[] probs = distinct(600);
        FrameRequest sent = frame("f3", probs);
        List<ByteBuffer> buffers = split(sent.toByteArray());
        TransportStream s = new TransportStream(buffers);
        FrameRequest got = m.parse(s);
        assertTrue(s.closed, "the transport stream is closed once the message is parsed");
        assertArrayEquals(new long[] {1, 0}, m.parsed());
        assertEquals(sent, got);
        List<ByteBuffer> pieces = got.getProbabilities().asReadOnlyByteBufferList();
        assertTrue(pieces.size() > 5 && pieces.stream().allMatch(p -> p.remaining() <= 257),
                "the probabilities are kept in pieces no larger than the transport's buffers, never one array: "
                        + pieces.size() + " pieces");
        for (ByteBuffer b : buffers) {
            for (int i = 0; i < b.limit(); i++) {
                b.put(i, (byte) 0);
            }
        }
        assertArrayEquals(probs, FrameMessages.floats("f3", "probabilities", got.getProbabilities(), null),
                "the pieces are copies: the transport may reuse its buffers once the stream is closed");
    }

    @Test
    void arrayFieldsInAnyOrderRepeatedOrMistypedParseAsProtobufDoes() throws Exception {
        FrameRequest a = frame("f6", distinct(300));
        FrameRequest b = FrameRequest.newBuilder().setProbabilities(ByteString.copyFrom(littleEndian(distinct(40))))
                .setRgb(ByteString.copyFrom(new byte[] {1, 2, 3})).setSamples(3).build();
        // two messages back to back: protobuf merges them, the last occurrence of a singular field winning
        ByteString wire = b.toByteString().concat(a.toByteString()).concat(b.toByteString());
        FrameRequest want = FrameRequest.parseFrom(wire);
        assertEquals(want, FrameRequestMarshaller.parsePiecewise(wire));
        // an unknown field survives as protobuf keeps it
        ByteString unknown = ByteString.copyFrom(new byte[] {(byte) (15 << 3), 7});
        assertEquals(FrameRequest.parseFrom(a.toByteString().concat(unknown)),
                FrameRequestMarshaller.parsePiecewise(a.toByteString().concat(unknown)));
        // field 9 (probabilities) sent as a varint: an unknown field to protobuf, and here too
        ByteString mistyped = a.toByteString().concat(ByteString.copyFrom(new byte[] {(byte) (9 << 3), 5}));
        assertEquals(FrameRequest.parseFrom(mistyped), FrameRequestMarshaller.parsePiecewise(mistyped));
        // a length beyond the message
        ByteString overlong = ByteString.copyFrom(new byte[] {(byte) (9 << 3 | 2), 100, 1, 2});
        assertThrows(com.google.protobuf.InvalidProtocolBufferException.class,
                () -> FrameRequestMarshaller.parsePiecewise(overlong));
    }

    @Test
    void aCorruptMessageIsRefusedAndItsBuffersReleased() {
        FrameRequestMarshaller m = new FrameRequestMarshaller();
        byte[] whole = frame("f4", distinct(600)).toByteArray();
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 9);
        TransportStream s = new TransportStream(split(cut));
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> m.parse(s));
        assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
        assertTrue(s.closed, "the transport buffers of a refused message are released");
    }

    @Test
    void aPlainStreamIsParsedByCopying() {
        FrameRequestMarshaller m = new FrameRequestMarshaller();
        FrameRequest sent = frame("f5", distinct(12));
        assertEquals(sent, m.parse(new java.io.ByteArrayInputStream(sent.toByteArray())));
        assertArrayEquals(new long[] {0, 1}, m.parsed());
        assertEquals(sent, m.parse(m.stream(sent)), "what it writes it reads back");
    }

    @Test
    void thePoolKeepsAFewArraysOfAFewLengths() {
        FloatArrayPool pool = new FloatArrayPool(2, 2);
        float[] a = pool.take(10), b = pool.take(10), c = pool.take(10);
        assertNotSame(a, b);
        pool.give(a);
        pool.give(b);
        pool.give(c);
        assertEquals(2, pool.held(), "at most two of a length");
        pool.give(new float[20]);
        pool.give(new float[30]);
        assertEquals(2, pool.held(), "at most two lengths: the least recently given length is dropped");
        assertEquals(30, pool.take(30).length);
        assertEquals(20, pool.take(20).length);
        assertEquals(0, pool.held());
        pool.give(null);
        assertThrows(IllegalArgumentException.class, () -> new FloatArrayPool(1, 0));
    }
}
