package org.activeseg.model.train;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.activeseg.model.Parameter;

/**
 * A first-order optimiser over parameter groups. {@link #step} reads {@link Parameter#grad()}
 * and updates {@link Parameter#value()} in place; the caller supplies the scheduled base learning
 * rate, which each group multiplies by its own factor. The state (step count, moment buffers) is
 * exported as named tensors so that checkpoints can save and restore it exactly.
 */
public interface Optimizer {

    /** One update of every parameter with base learning rate {@code lr}. */
    void step(double lr);

    /** Number of {@link #step} calls so far (restored from checkpoints). */
    long steps();

    List<ParamGroup> groups();

    /** The optimiser state as named tensors (copies), e.g. {@code optim.exp_avg.<param>}. */
    List<NamedTensor> state();

    /**
     * Replaces the state with a saved one: {@code steps} and every tensor {@link #state()} would
     * name for this optimiser's parameters. Throws IllegalArgumentException naming a missing tensor
     * or one whose shape does not match its parameter.
     */
    void loadState(long steps, Map<String, NamedTensor> tensors);

    /** Zeroes the gradients of every parameter of every group. */
    default void zeroGrad() {
        for (ParamGroup g : groups()) {
            for (Parameter p : g.params()) {
                p.zeroGrad();
            }
        }
    }

    /** All parameters in group order; throws if a name occurs twice (state is keyed by name). */
    static List<Parameter> flatten(List<ParamGroup> groups) {
        List<Parameter> all = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ParamGroup g : groups) {
            for (Parameter p : g.params()) {
                if (!names.add(p.name())) {
                    throw new IllegalArgumentException("parameter " + p.name() + " occurs twice in the optimiser's groups");
                }
                all.add(p);
            }
        }
        return all;
    }

    /** Looks up a state tensor that must exist and have its parameter's shape. */
    static NamedTensor require(Map<String, NamedTensor> tensors, String name, Parameter p) {
        NamedTensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("optimiser state tensor " + name + " is missing");
        }
        if (!t.hasShape(p.shape())) {
            throw new IllegalArgumentException("optimiser state tensor " + name + " has shape " + t.shapeString()
                    + " but parameter " + p.name() + " has shape " + java.util.Arrays.toString(p.shape()));
        }
        return t;
    }
}
