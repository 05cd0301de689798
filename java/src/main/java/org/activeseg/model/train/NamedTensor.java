package org.activeseg.model.train;

import java.util.Arrays;

import org.activeseg.model.Parameter;

/**
 * A named float tensor as stored in a checkpoint: model parameters, buffers (batch-norm running
 * statistics) and optimiser state all travel in this form. The data array is held, not copied.
 */
public record NamedTensor(String name, int[] shape, float[] data) {

    public NamedTensor {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("tensor name must not be empty");
        }
        shape = shape.clone();
        long n = 1;
        for (int s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("tensor " + name + " has a negative extent in shape " + Arrays.toString(shape));
            }
            n *= s;
        }
        if (data.length != n) {
            throw new IllegalArgumentException("tensor " + name + ": " + data.length + " values do not fill shape "
                    + Arrays.toString(shape));
        }
    }

    /** A snapshot (copy of the values) of a parameter under its own name. */
    public static NamedTensor of(Parameter p) {
        return new NamedTensor(p.name(), p.shape(), p.value().clone());
    }

    @Override
    public int[] shape() { return shape.clone(); }

    public String shapeString() { return Arrays.toString(shape); }

    public boolean hasShape(int[] other) { return Arrays.equals(shape, other); }

    @Override
    public boolean equals(Object o) {
        return o instanceof NamedTensor t && name.equals(t.name) && Arrays.equals(shape, t.shape)
                && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() { return name.hashCode() * 31 + Arrays.hashCode(shape) * 17 + Arrays.hashCode(data); }

    @Override
    public String toString() { return "NamedTensor[" + name + " " + shapeString() + "]"; }
}
