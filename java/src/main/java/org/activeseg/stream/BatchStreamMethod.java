package org.activeseg.stream;

import java.io.IOException;
import java.util.List;
import org.activeseg.acquisition.AcquisitionMethod;
import org.activeseg.acquisition.AcquisitionResult;
import org.activeseg.acquisition.Budget;
import org.activeseg.backend.ScoringBackend;

/**
 * A method without an incremental form: scenes keep scores through {@link BatchScene}, and selection
 * runs the batch method over the held frames (its cost is one batch scoring of the held frames).
 */
final class BatchStreamMethod implements StreamMethod {
    private final AcquisitionMethod method;
    private final StreamConfig config;
    private final ScoringBackend backend;

    BatchStreamMethod(AcquisitionMethod method, StreamConfig config, ScoringBackend backend) {
        this.method = method;
        this.config = config;
        this.backend = backend;
    }

    @Override
    public SceneScores open(String sceneId) {
        return new BatchScene(sceneId, method, config, backend);
    }

    @Override
    public AcquisitionResult select(List<SceneSession> sessions, Budget budget) throws IOException {
        HeldPool pool = new HeldPool(sessions.stream()
                .map(s -> new HeldPool.SceneFrames(s.sceneId(), s.heldFrames())).toList());
        return BatchScene.run(method, config, backend, pool, budget);
    }
}
