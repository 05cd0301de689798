package org.activeseg.acquisition;

/** The unit a method selects for labelling. */
public enum Granularity {
    /** Whole frames. */
    FRAME,
    /** Superpixels of a frame (ViewAL). */
    SUPERPIXEL,
    /** Square windows centred on a pixel (RIPU RA). */
    WINDOW,
    /** Single pixels (RIPU PA). */
    PIXEL
}
