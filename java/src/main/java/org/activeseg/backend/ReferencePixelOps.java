package org.activeseg.backend;

/** The pure-Java reference implementation of {@link PixelOps}: the ground truth for every other backend. */
public final class ReferencePixelOps implements PixelOps {
}
