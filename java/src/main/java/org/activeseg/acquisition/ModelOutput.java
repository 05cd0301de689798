package org.activeseg.acquisition;

/**
 * What a method needs from the model when the active-learning loop scores with the network
 * (the loop asks the method instead of special-casing names).
 */
public enum ModelOutput {
    /** One deterministic softmax pass (no dropout): entropy, margin, least confidence, RIPU, core-set, random. */
    SOFTMAX,
    /** T MC-dropout samples: mc-entropy, vote-entropy, BALD, ViewAL. */
    MC_DROPOUT,
    /** The learning-loss module's predicted loss per frame (parameter {@code predicted_losses}). */
    PREDICTED_LOSS
}
