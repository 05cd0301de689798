package org.activeseg.backend.cuda;

import org.activeseg.backend.DiversityOps;
import org.activeseg.backend.EntropyConvention;
import org.activeseg.backend.PixelOps;
import org.activeseg.backend.ReferenceScoringBackend;
import org.activeseg.backend.RegionOps;
import org.activeseg.backend.ScoringBackend;
import org.activeseg.backend.ViewOps;
import org.activeseg.tensor.FloatTensor;

/**
 * The reference backend with some operation groups replaced by cuda operations running on the
 * host-memory stand-in, so the backend conformance classes can drive them without a GPU.
 */
record StandInBackend(ViewOps views, RegionOps regions) implements ScoringBackend {
    private static final ReferenceScoringBackend REFERENCE = new ReferenceScoringBackend();

    static StandInBackend withViews(ViewOps views) {
        return new StandInBackend(views, REFERENCE.regions());
    }

    static StandInBackend withRegions(RegionOps regions) {
        return new StandInBackend(REFERENCE.views(), regions);
    }

    @Override
    public String name() {
        return "reference with cuda operations on the host stand-in";
    }

    @Override
    public void pixelEntropy(FloatTensor probs, FloatTensor out, EntropyConvention convention) {
        REFERENCE.pixelEntropy(probs, out, convention);
    }

    @Override
    public PixelOps pixels() {
        return REFERENCE.pixels();
    }

    @Override
    public DiversityOps diversity() {
        return REFERENCE.diversity();
    }

    @Override
    public void close() {}
}
