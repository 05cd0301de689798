package org.activeseg.model.gpu;

import java.lang.foreign.MemorySegment;

/**
 * One cuDNN descriptor (an opaque host-side handle such as cudnnTensorDescriptor_t), created by
 * {@link CudnnLibrary} and destroyed in {@link #close()}. The kind is checked wherever a
 * descriptor is passed, so a filter descriptor cannot be handed to a tensor argument.
 */
public final class CudnnDescriptor implements AutoCloseable {
    /** The descriptor types the bindings use, with their cuDNN create / destroy functions. */
    public enum Kind {
        TENSOR("cudnnCreateTensorDescriptor", "cudnnDestroyTensorDescriptor"),
        FILTER("cudnnCreateFilterDescriptor", "cudnnDestroyFilterDescriptor"),
        CONVOLUTION("cudnnCreateConvolutionDescriptor", "cudnnDestroyConvolutionDescriptor"),
        ACTIVATION("cudnnCreateActivationDescriptor", "cudnnDestroyActivationDescriptor"),
        OP_TENSOR("cudnnCreateOpTensorDescriptor", "cudnnDestroyOpTensorDescriptor");

        final String create;
        final String destroy;

        Kind(String create, String destroy) {
            this.create = create;
            this.destroy = destroy;
        }
    }

    private final CudnnLibrary cudnn;
    private final Kind kind;
    private final MemorySegment handle;
    private boolean closed;

    CudnnDescriptor(CudnnLibrary cudnn, Kind kind, MemorySegment handle) {
        this.cudnn = cudnn;
        this.kind = kind;
        this.handle = handle;
    }

    public Kind kind() {
        return kind;
    }

    /** The raw descriptor for a downcall; throws unless it is open and of kind {@code expected}. */
    MemorySegment segment(Kind expected) {
        if (closed) {
            throw new IllegalStateException("cuDNN " + kind + " descriptor is closed");
        }
        if (kind != expected) {
            throw new IllegalArgumentException("a cuDNN " + kind + " descriptor was passed where a " + expected
                    + " descriptor is needed");
        }
        return handle;
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        cudnn.destroyDescriptor(kind, handle);
    }
}
