package org.activeseg.model.semi;

import java.util.Arrays;
import java.util.List;
import org.activeseg.model.train.NamedTensor;

/**
 * U2PL's per-class memory bank of negative keys (teacher representations): a FIFO per class that keeps
 * the last {@code capacity} keys pushed ({@code dequeue_and_enqueue}: concatenate, keep the tail), in
 * the order they came. Memory is bounded by classes x capacity x dim floats, allocated as keys arrive.
 */
public final class MemoryBank {
    private final int classes;
    private final int capacity;
    private final int dim;
    private final float[][] keys;
    private final int[] count;

    public MemoryBank(int classes, int capacity, int dim) {
        if (classes <= 0 || capacity <= 0 || dim <= 0) {
            throw new IllegalArgumentException("memory bank needs positive classes, capacity and width, got " + classes
                    + ", " + capacity + ", " + dim);
        }
        this.classes = classes;
        this.capacity = capacity;
        this.dim = dim;
        this.keys = new float[classes][];
        this.count = new int[classes];
    }

    public int classes() { return classes; }
    public int capacity() { return capacity; }
    public int dim() { return dim; }

    /** Keys held for class c (at most the capacity). */
    public int size(int c) {
        return count[c];
    }

    /** Key i (0 = oldest held) of class c, copied into {@code out} at {@code offset}. */
    public void key(int c, int i, float[] out, int offset) {
        if (i < 0 || i >= count[c]) {
            throw new IndexOutOfBoundsException("class " + c + " holds " + count[c] + " keys, asked for " + i);
        }
        System.arraycopy(keys[c], i * dim, out, offset, dim);
    }

    /** Appends {@code n} keys ({@code n * dim} floats from {@code src}) to class c, dropping the oldest beyond the capacity. */
    public void push(int c, float[] src, int n) {
        if (n < 0 || (long) n * dim > src.length) {
            throw new IllegalArgumentException(n + " keys of width " + dim + " do not fit " + src.length + " values");
        }
        if (n == 0) {
            return;
        }
        if (keys[c] == null) {
            keys[c] = new float[capacity * dim];
        }
        int keepOld = Math.min(count[c], Math.max(0, capacity - n));
        int fromNew = Math.min(n, capacity);
        float[] k = keys[c];
        if (keepOld < count[c]) {
            System.arraycopy(k, (count[c] - keepOld) * dim, k, 0, keepOld * dim);
        }
        System.arraycopy(src, (n - fromNew) * dim, k, keepOld * dim, fromNew * dim);
        count[c] = keepOld + fromNew;
    }

    /** The bank as checkpoint tensors: {@code PREFIX.keys} (classes, capacity, dim; zero beyond each class's count) and {@code PREFIX.count}. */
    public List<NamedTensor> state(String prefix) {
        float[] all = new float[classes * capacity * dim];
        float[] n = new float[classes];
        for (int c = 0; c < classes; c++) {
            if (keys[c] != null) {
                System.arraycopy(keys[c], 0, all, c * capacity * dim, count[c] * dim);
            }
            n[c] = count[c];
        }
        return List.of(new NamedTensor(prefix + ".keys", new int[] {classes, capacity, dim}, all),
                new NamedTensor(prefix + ".count", new int[] {classes}, n));
    }

    /** Restores {@link #state}; the shapes must match this bank's. */
    public void restore(NamedTensor keysTensor, NamedTensor countTensor) {
        if (!keysTensor.hasShape(new int[] {classes, capacity, dim}) || !countTensor.hasShape(new int[] {classes})) {
            throw new IllegalArgumentException("memory bank state " + keysTensor.shapeString() + " / " + countTensor.shapeString()
                    + " does not fit a bank of " + classes + " classes x " + capacity + " keys x " + dim);
        }
        for (int c = 0; c < classes; c++) {
            float f = countTensor.data()[c];
            if (!(f >= 0 && f <= capacity) || f != Math.rint(f)) {
                throw new IllegalArgumentException("memory bank state: class " + c + " count " + f + " is not in [0, " + capacity + "]");
            }
            count[c] = (int) f;
            keys[c] = count[c] == 0 ? null : Arrays.copyOfRange(keysTensor.data(), c * capacity * dim, (c + 1) * capacity * dim);
        }
    }
}
