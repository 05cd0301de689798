package org.activeseg.superpixel;

import org.activeseg.data.Frame;

/**
 * Splits an RGB image into superpixels: the regions that ViewAL scores, labels and
 * propagates between views (Siddiqui et al., CVPR 2020, section 3.2).
 *
 * <p>Input is interleaved RGB bytes, (H, W, 3) row-major, as in {@link Frame#rgb()}; output
 * ids follow {@link SuperpixelMap}'s numbering (contiguous, raster order of first
 * appearance). Implementations own native resources and release them in {@link #close()}.
 */
public interface SuperpixelAlgorithm extends AutoCloseable {

    /**
     * Segments one image.
     *
     * @throws IllegalArgumentException if {@code rgb} does not hold width * height * 3 bytes, or the
     *                                  image is too small for the algorithm
     * @throws IllegalStateException    if the algorithm is closed or its native library cannot load
     */
    SuperpixelMap segment(byte[] rgb, int width, int height);

    default SuperpixelMap segment(Frame frame) {
        return segment(frame.rgb(), frame.width(), frame.height());
    }

    @Override
    void close();
}
