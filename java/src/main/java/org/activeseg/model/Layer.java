package org.activeseg.model;

import java.util.List;

/**
 * One differentiable layer of the CPU engine. {@link #forward} keeps what {@link #backward}
 * needs (the input, masks, statistics) until the next forward; {@link #backward} takes dL/d(output)
 * and returns dL/d(input), ADDING parameter gradients into {@link Parameter#grad()} (so callers zero
 * them between steps). Layers with several inputs (concatenation) are composed by the network,
 * not through this interface.
 */
public interface Layer {

    /** @param training batch-norm uses batch statistics and dropout is active when true */
    Tensor4 forward(Tensor4 input, boolean training);

    Tensor4 backward(Tensor4 gradOutput);

    /** Trainable parameters, in a stable order. */
    List<Parameter> parameters();

    /** Non-trainable state saved in checkpoints (batch-norm running mean / variance); empty by default. */
    default List<Parameter> buffers() {
        return List.of();
    }
}
