package org.activeseg.model.gpu;

/**
 * The GPU execution of one CPU {@link org.activeseg.model.Layer}, with the same contract on device
 * tensors: {@link #forward} returns a new tensor that the caller owns (and closes); {@link #backward}
 * takes dL/d(output) and returns dL/d(input), a new tensor the caller owns, and ADDS the parameter
 * gradients into the CPU layer's {@link org.activeseg.model.Parameter#grad()} so the CPU optimisers
 * apply unchanged. The layer keeps a reference to (not ownership of) its forward input, which must
 * stay open until {@link #backward}. Parameters are read from the CPU layer at every forward (and
 * batch-norm running statistics written back), so CPU and GPU executions of one layer can be mixed.
 * Closing frees the layer's descriptors and device buffers.
 */
public interface GpuLayer extends AutoCloseable {

    /** @param training batch-norm uses and updates batch statistics when true */
    GpuTensor forward(GpuTensor input, boolean training);

    GpuTensor backward(GpuTensor gradOutput);

    @Override
    void close();
}
