package org.activeseg.stream.service;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.WireFormat;
import io.grpc.Detachable;
import io.grpc.HasByteBuffer;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.activeseg.stream.grpc.FrameRequest;

/**
 * Parses incoming {@link FrameRequest}s without joining their large fields into one large array: gRPC's
 * own marshaller copies a frame above 4 MB into one new array, and the frame's probabilities into
 * another (a 320x240 frame with 40 classes: 12 MB each, humongous objects for G1, whose allocation
 * starts concurrent cycles that share a 2-core machine with the scorer). Where the transport hands its
 * received buffers over ({@link Detachable} and {@link HasByteBuffer}, as grpc-netty does), the message
 * is built from them piece by piece: protobuf 4 copies a direct buffer it wraps, so each piece is a
 * copy no larger than one transport buffer (short-lived young-generation garbage), and the transport
 * stream is closed before {@link #parse} returns. (FrameMessagesPiecewiseTest fails if a protobuf
 * upgrade makes the pieces alias the transport's buffers, which closing would then free under the
 * message.) Streams that cannot be detached are parsed by the default marshaller.
 */
final class FrameRequestMarshaller implements MethodDescriptor.PrototypeMarshaller<FrameRequest> {
    private final MethodDescriptor.Marshaller<FrameRequest> copying = ProtoUtils.marshaller(FrameRequest.getDefaultInstance());
    private final java.util.concurrent.atomic.AtomicLong piecewise = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong copied = new java.util.concurrent.atomic.AtomicLong();

    /** {@code definition} with its methods that take FrameRequests parsing them through {@code marshaller}. */
    @SuppressWarnings("unchecked")
    static ServerServiceDefinition withPiecewiseFrames(ServerServiceDefinition definition, FrameRequestMarshaller marshaller) {
        ServerServiceDefinition.Builder b = ServerServiceDefinition.builder(definition.getServiceDescriptor().getName());
        for (ServerMethodDefinition<?, ?> m : definition.getMethods()) {
            MethodDescriptor<?, ?> d = m.getMethodDescriptor();
            if (d.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<?> p
                    && p.getMessagePrototype() instanceof FrameRequest) {
                ServerMethodDefinition<FrameRequest, Object> frames = (ServerMethodDefinition<FrameRequest, Object>) m;
                b.addMethod(ServerMethodDefinition.create(
                        frames.getMethodDescriptor().toBuilder(marshaller, frames.getMethodDescriptor().getResponseMarshaller())
                                .build(),
                        frames.getServerCallHandler()));
            } else {
                b.addMethod(m);
            }
        }
        return b.build();
    }

    @Override
    public Class<FrameRequest> getMessageClass() {
        return FrameRequest.class;
    }

    @Override
    public FrameRequest getMessagePrototype() {
        return FrameRequest.getDefaultInstance();
    }

    @Override
    public InputStream stream(FrameRequest value) {
        return copying.stream(value);
    }

    @Override
    public FrameRequest parse(InputStream stream) {
        if (!(stream instanceof Detachable d) || !(stream instanceof HasByteBuffer h) || !h.byteBufferSupported()
                || !(stream instanceof KnownLength)) {
            copied.incrementAndGet();
            return copying.parse(stream);
        }
        try (InputStream detached = d.detach()) {
            List<ByteString> parts = new ArrayList<>();
            HasByteBuffer buffers = (HasByteBuffer) detached;
            while (detached.available() > 0) {
                ByteBuffer b = buffers.getByteBuffer();
                int n = b.remaining();
                if (n == 0) {
                    throw new IOException("the transport returned an empty buffer with " + detached.available()
                            + " bytes left");
                }
                parts.add(UnsafeByteOperations.unsafeWrap(b));
                long skipped = detached.skip(n);
                if (skipped != n) {
                    throw new IOException("skipped " + skipped + " of " + n + " bytes");
                }
            }
            FrameRequest message = parsePiecewise(ByteString.copyFrom(parts));
            piecewise.incrementAndGet();
            return message;
        } catch (InvalidProtocolBufferException e) {
            throw Status.INTERNAL.withDescription("invalid frame message: " + e.getMessage()).withCause(e).asRuntimeException();
        } catch (IOException e) {
            throw Status.INTERNAL.withDescription("reading a frame message: " + e.getMessage()).withCause(e).asRuntimeException();
        }
    }

    /**
     * The message in {@code wire}, its array fields (depth, probabilities, superpixels, RGB, labels) as
     * slices of {@code wire}, in its pieces: protobuf's own decoder copies a field that spans several
     * pieces into one new array, so those fields are located here, tag by tag, and
     * everything else (a few hundred bytes) is parsed by the generated parser. As in protobuf, the last
     * occurrence of a field wins; a field with an unexpected wire type goes to the generated parser,
     * which keeps it as an unknown field, as protobuf does.
     */
    static FrameRequest parsePiecewise(ByteString wire) throws IOException {
        CodedInputStream in = wire.newCodedInput();
        in.setSizeLimit(Integer.MAX_VALUE);
        List<ByteString> rest = new ArrayList<>();
        ByteString[] arrays = new ByteString[FrameRequest.LABELS_FIELD_NUMBER + 1];
        while (true) {
            int start = in.getTotalBytesRead();
            int tag = in.readTag();
            if (tag == 0) {
                break;
            }
            int field = WireFormat.getTagFieldNumber(tag);
            if (ARRAY_FIELD[Math.min(field, ARRAY_FIELD.length - 1)]
                    && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                int length = in.readRawVarint32();
                int at = in.getTotalBytesRead();
                if (length < 0 || length > wire.size() - at) {
                    throw new InvalidProtocolBufferException("field " + field + " claims " + length + " bytes, "
                            + (wire.size() - at) + " are left");
                }
                in.skipRawBytes(length);
                arrays[field] = wire.substring(at, at + length);
            } else {
                in.skipField(tag);
                rest.add(wire.substring(start, in.getTotalBytesRead()));
            }
        }
        FrameRequest.Builder b = FrameRequest.parseFrom(ByteString.copyFrom(rest)).toBuilder();
        if (arrays[FrameRequest.DEPTH_FIELD_NUMBER] != null) {
            b.setDepth(arrays[FrameRequest.DEPTH_FIELD_NUMBER]);
        }
        if (arrays[FrameRequest.PROBABILITIES_FIELD_NUMBER] != null) {
            b.setProbabilities(arrays[FrameRequest.PROBABILITIES_FIELD_NUMBER]);
        }
        if (arrays[FrameRequest.SUPERPIXELS_FIELD_NUMBER] != null) {
            b.setSuperpixels(arrays[FrameRequest.SUPERPIXELS_FIELD_NUMBER]);
        }
        if (arrays[FrameRequest.RGB_FIELD_NUMBER] != null) {
            b.setRgb(arrays[FrameRequest.RGB_FIELD_NUMBER]);
        }
        if (arrays[FrameRequest.LABELS_FIELD_NUMBER] != null) {
            b.setLabels(arrays[FrameRequest.LABELS_FIELD_NUMBER]);
        }
        return b.build();
    }

    /** Which field numbers are array (bytes) fields; the last entry stands for every larger number. */
    private static final boolean[] ARRAY_FIELD = new boolean[FrameRequest.LABELS_FIELD_NUMBER + 2];

    static {
        for (int f : new int[] {FrameRequest.DEPTH_FIELD_NUMBER, FrameRequest.PROBABILITIES_FIELD_NUMBER,
                FrameRequest.SUPERPIXELS_FIELD_NUMBER, FrameRequest.RGB_FIELD_NUMBER, FrameRequest.LABELS_FIELD_NUMBER}) {
            ARRAY_FIELD[f] = true;
        }
    }

    /** Messages parsed piece by piece from the transport's buffers, and messages parsed by the default marshaller. */
    long[] parsed() {
        return new long[] {piecewise.get(), copied.get()};
    }
}
