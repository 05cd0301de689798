package org.activeseg.loop.state;

/** The steps of one round of a track, in the order they must finish. */
public enum Phase {
    /** The round's selection and the oracle's labels are stored. */
    LABELLED,
    /** The model trained on the labels so far is saved as a checkpoint. */
    TRAINED,
    /** The checkpoint is evaluated on the test split. */
    EVALUATED
}
