package org.activeseg.model.net;

import java.util.ArrayList;
import java.util.List;
import org.activeseg.model.Layer;
import org.activeseg.model.Parameter;
import org.activeseg.model.Tensor4;

/** Layers applied in order; backward runs them in reverse. */
public final class Sequential implements Layer {
    private final List<Layer> layers;

    public Sequential(List<Layer> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a sequential block needs at least one layer");
        }
        this.layers = List.copyOf(layers);
    }

    public static Sequential of(Layer... layers) {
        return new Sequential(List.of(layers));
    }

    public List<Layer> layers() { return layers; }

    @Override
    public Tensor4 forward(Tensor4 input, boolean training) {
        Tensor4 x = input;
        for (Layer l : layers) {
            x = l.forward(x, training);
        }
        return x;
    }

    @Override
    public Tensor4 backward(Tensor4 gradOutput) {
        Tensor4 g = gradOutput;
        for (int i = layers.size() - 1; i >= 0; i--) {
            g = layers.get(i).backward(g);
        }
        return g;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> out = new ArrayList<>();
        layers.forEach(l -> out.addAll(l.parameters()));
        return out;
    }

    @Override
    public List<Parameter> buffers() {
        List<Parameter> out = new ArrayList<>();
        layers.forEach(l -> out.addAll(l.buffers()));
        return out;
    }
}
