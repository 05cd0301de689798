package org.activeseg.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.activeseg.acquisition.AcquisitionRequest;
import org.activeseg.acquisition.AcquisitionResult;
import org.activeseg.acquisition.AcquisitionResult.FrameScore;
import org.activeseg.acquisition.AcquisitionResult.Selection;
import org.activeseg.acquisition.Budget;
import org.activeseg.acquisition.Granularity;
import org.activeseg.acquisition.LabelState;
import org.activeseg.acquisition.MapSink;
import org.activeseg.acquisition.viewal.SuperpixelSelection;
import org.activeseg.acquisition.viewal.SuperpixelSelection.Superpixel;
import org.activeseg.acquisition.viewal.ViewAlMethod;
import org.activeseg.acquisition.viewal.ViewAlParameters;
import org.activeseg.backend.ViewOps.SuperpixelCoverage;

/**
 * ViewAL in streaming form: scenes keep their scores incrementally ({@link ViewAlScene}); selection
 * gathers every scene's superpixels and coverage and runs batch ViewAL's {@link SuperpixelSelection}, and
 * records the parameters batch ViewAL records.
 */
final class ViewAlStreamMethod implements StreamMethod {
    private final StreamConfig config;
    private final ViewAlParameters params;

    ViewAlStreamMethod(StreamConfig config) {
        this.config = config;
        this.params = ViewAlParameters.of(new AcquisitionRequest(null, List.of(), null, Budget.fraction(1), config.compat(),
                config.parameters(), LabelState.empty(), null, MapSink.NONE, config.seed()));
    }

    @Override
    public SceneScores open(String sceneId) {
        return new ViewAlScene(params);
    }

    @Override
    public AcquisitionResult select(List<SceneSession> sessions, Budget budget) {
        List<Superpixel> regions = new ArrayList<>();
        List<SuperpixelCoverage> coverages = new ArrayList<>();
        List<FrameScore> frames = new ArrayList<>();
        TreeSet<Integer> samples = new TreeSet<>();
        long poolPixels = 0;
        for (SceneSession s : sessions) {
            ViewAlScene scene = (ViewAlScene) s.sceneScores();
            List<HeldFrame> held = s.heldFrames();
            coverages.add(scene.contribute(coverages.size(), held, regions));
            for (HeldFrame f : held) {
                frames.add(scene.score(f.id()));
                samples.add(scene.samples(f.id()));
                poolPixels += f.frame().pixels();
            }
        }
        long budgetPixels = budget.resolve(poolPixels);
        SuperpixelSelection selection = new SuperpixelSelection(params.overlapThreshold(), params.truncateVd(), !config.compat());
        List<Selection> picked = new ArrayList<>();
        for (Superpixel r : selection.select(regions, coverages, budgetPixels)) {
            picked.add(new Selection(r.frameId(), Granularity.SUPERPIXEL, r.superpixel(), -1, -1, 0, r.pixels()));
        }
        Map<String, Object> recorded = ViewAlMethod.recordedParameters(params, samples, config.compat(), budgetPixels);
        return new AcquisitionResult(config.method(), config.compat(), recorded, frames, picked);
    }
}
