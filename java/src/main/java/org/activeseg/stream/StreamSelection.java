package org.activeseg.stream;

import org.activeseg.acquisition.AcquisitionJson;
import org.activeseg.acquisition.AcquisitionResult;

/**
 * Scores and selection over the frames held at one moment, with the budget in pixels as `activeseg
 * score` reports it (resolved against the held frames' pixels).
 */
public record StreamSelection(AcquisitionResult result, long budgetPixels) {

    /** The document `activeseg score --out` writes for the same result. */
    public String json(String backendName) {
        return AcquisitionJson.render(result, backendName, budgetPixels);
    }
}
