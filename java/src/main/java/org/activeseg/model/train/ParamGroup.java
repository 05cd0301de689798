package org.activeseg.model.train;

import java.util.List;

import org.activeseg.model.Parameter;

/**
 * Parameters that share a learning-rate multiplier: the optimiser steps them with
 * {@code lr * lrMultiplier}. ViewAL (after DeepLab) trains the backbone at the base rate and the
 * ASPP and decoder at ten times it.
 */
public record ParamGroup(List<Parameter> params, double lrMultiplier) {

    public ParamGroup {
        params = List.copyOf(params);
        if (!(lrMultiplier >= 0) || Double.isInfinite(lrMultiplier)) {
            throw new IllegalArgumentException("learning-rate multiplier must be finite and >= 0, got " + lrMultiplier);
        }
    }

    public static ParamGroup of(List<Parameter> params) {
        return new ParamGroup(params, 1.0);
    }
}
