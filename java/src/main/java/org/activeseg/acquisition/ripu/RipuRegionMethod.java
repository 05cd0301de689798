package org.activeseg.acquisition.ripu;

import java.io.IOException;
import org.activeseg.acquisition.AcquisitionMethod;
import org.activeseg.acquisition.AcquisitionRequest;
import org.activeseg.acquisition.AcquisitionResult;
import org.activeseg.acquisition.Granularity;

/**
 * RIPU region-based annotation, RA (ALGORITHMS.md 3(a)): score = region impurity x mean window
 * entropy over a (2k+1)^2 window (k = 1), entropies normalised by ln C (compat: ln 19); each pick
 * labels its window and suppresses the (4k+1)^2 square around it. Parameter {@code k}.
 */
public final class RipuRegionMethod implements AcquisitionMethod {
    private static final RipuSelection.Mode MODE = new RipuSelection.Mode("ripu-ra", Granularity.WINDOW, 1);

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
