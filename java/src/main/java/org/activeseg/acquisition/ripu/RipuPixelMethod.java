package org.activeseg.acquisition.ripu;

import java.io.IOException;
import org.activeseg.acquisition.AcquisitionMethod;
import org.activeseg.acquisition.AcquisitionRequest;
import org.activeseg.acquisition.AcquisitionResult;
import org.activeseg.acquisition.Granularity;

/**
 * RIPU pixel-based annotation, PA (ALGORITHMS.md 3(a)): score = pixel entropy x region impurity
 * over a 65 x 65 window (k = 32), neither normalised (in both modes, as the reference); each pick
 * labels its centre pixel only and suppresses the square of radius k. Parameter {@code k}.
 */
public final class RipuPixelMethod implements AcquisitionMethod {
    private static final RipuSelection.Mode MODE = new RipuSelection.Mode("ripu-pa", Granularity.PIXEL, 32);

    @Override
    public String name() {
        return MODE.name();
    }

    @Override
    public Granularity granularity() {
        return MODE.granularity();
    }

    @Override
    public boolean scoresFramesIndependently() {
        return true;
    }

    @Override
    public AcquisitionResult run(AcquisitionRequest request) throws IOException {
        return RipuSelection.run(MODE, request);
    }
}
