package org.activeseg.stream;

import java.io.IOException;
import java.util.List;
import org.activeseg.acquisition.AcquisitionMethod;
import org.activeseg.acquisition.AcquisitionMethods;
import org.activeseg.acquisition.AcquisitionResult;
import org.activeseg.acquisition.Budget;
import org.activeseg.acquisition.viewal.ViewAlMethod;
import org.activeseg.backend.ScoringBackend;

/**
 * An acquisition method in streaming form: the per-scene scores it keeps up to date, and selection
 * over the frames of one or more scenes, equal to the batch method's on the same frames.
 */
interface StreamMethod {

    /** Fresh, empty scores for a new scene. */
    SceneScores open(String sceneId);

    /**
     * Scores and selection over the held frames of {@code sessions} (non-empty scenes, in scene order,
     * each locked by the caller) under {@code budget}.
     */
    AcquisitionResult select(List<SceneSession> sessions, Budget budget) throws IOException;

    /** ViewAL incrementally; every other method through its batch implementation. */
    static StreamMethod of(StreamConfig config, ScoringBackend backend) {
        AcquisitionMethod method = AcquisitionMethods.create(config.method());
        if (method instanceof ViewAlMethod) {
            return new ViewAlStreamMethod(config);
        }
        return new BatchStreamMethod(method, config, backend);
    }
}
