package org.activeseg.model;

/**
 * A trainable tensor: its values, the gradient accumulated by backward passes, and a stable name
 * (e.g. {@code "encoder.block3.conv1.weight"}) used by checkpoints and optimiser state.
 * {@code decay} says whether weight decay applies (weights yes; biases and batch-norm affine
 * parameters no, as is usual).
 */
public final class Parameter {
    private final String name;
    private final int[] shape;
    private final float[] value;
    private final float[] grad;
    private final boolean decay;

    public Parameter(String name, boolean decay, int... shape) {
        long n = 1;
        for (int s : shape) {
            if (s <= 0) {
                throw new IllegalArgumentException("parameter " + name + " has a non-positive extent in its shape");
            }
            n *= s;
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("parameter " + name + " is too large");
        }
        this.name = name;
        this.shape = shape.clone();
        this.value = new float[(int) n];
        this.grad = new float[(int) n];
        this.decay = decay;
    }

    public String name() { return name; }
    public int[] shape() { return shape.clone(); }
    public float[] value() { return value; }
    public float[] grad() { return grad; }
    public boolean decay() { return decay; }
    public int size() { return value.length; }

    public void zeroGrad() { java.util.Arrays.fill(grad, 0f); }
}
