package org.activeseg.acquisition.viewal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.activeseg.acquisition.AcquisitionRequest;
import org.activeseg.backend.ViewOps;

/**
 * ViewAL's parameters (ALGORITHMS.md section 1 and its "defaults vs compat" section), each with the
 * reference's value as default unless {@code compat} changes it: the world-distance test (1.0 m), the
 * superpixel overlap threshold (0.25, strict), whether VD is truncated to an integer before the
 * max-divergence pick (compat only), whether invalid depth is projected as the camera centre (compat
 * only) and whether ground-truth ignore pixels of unlabelled frames are zeroed (compat only).
 */
public record ViewAlParameters(double worldDistanceThreshold, double overlapThreshold, boolean truncateVd,
                               boolean projectInvalidDepth, boolean maskGtIgnore) {

    public static final String WORLD_DISTANCE_THRESHOLD = "world_distance_threshold";
    public static final String OVERLAP_THRESHOLD = "overlap_threshold";
    public static final String TRUNCATE_VD = "truncate_vd";
    public static final String PROJECT_INVALID_DEPTH = "project_invalid_depth";
    public static final String MASK_GT_IGNORE = "mask_gt_ignore";

    public ViewAlParameters {
        if (!(overlapThreshold >= 0) || !Double.isFinite(overlapThreshold)) {
            throw new IllegalArgumentException(OVERLAP_THRESHOLD + " must be finite and >= 0, got " + overlapThreshold);
        }
        new ViewOps.Visibility(worldDistanceThreshold, projectInvalidDepth);
    }

    /** The defaults: the method as published, or the reference code's behaviour when {@code compat}. */
    public static ViewAlParameters defaults(boolean compat) {
        return new ViewAlParameters(1.0, 0.25, compat, compat, compat);
    }

    /** Defaults for the request's mode, overridden by the request's parameters; unknown names are an error. */
    public static ViewAlParameters of(AcquisitionRequest request) {
        request.requireKnownParameters("viewal", java.util.Set.of(WORLD_DISTANCE_THRESHOLD, OVERLAP_THRESHOLD,
                TRUNCATE_VD, PROJECT_INVALID_DEPTH, MASK_GT_IGNORE));
        ViewAlParameters d = defaults(request.compat());
        return new ViewAlParameters(
                request.parameter(WORLD_DISTANCE_THRESHOLD, d.worldDistanceThreshold),
                request.parameter(OVERLAP_THRESHOLD, d.overlapThreshold),
                flag(request, TRUNCATE_VD, d.truncateVd),
                flag(request, PROJECT_INVALID_DEPTH, d.projectInvalidDepth),
                flag(request, MASK_GT_IGNORE, d.maskGtIgnore));
    }

    private static boolean flag(AcquisitionRequest request, String name, boolean fallback) {
        String v = request.parameters().get(name);
        if (v == null) {
            return fallback;
        }
        return switch (v.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("parameter " + name + " must be true or false, got '" + v + "'");
        };
    }

    public ViewOps.Visibility visibility() {
        return new ViewOps.Visibility(worldDistanceThreshold, projectInvalidDepth);
    }

    /** The parameters by name, as a result records them. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(WORLD_DISTANCE_THRESHOLD, worldDistanceThreshold);
        m.put(OVERLAP_THRESHOLD, overlapThreshold);
        m.put(TRUNCATE_VD, truncateVd);
        m.put(PROJECT_INVALID_DEPTH, projectInvalidDepth);
        m.put(MASK_GT_IGNORE, maskGtIgnore);
        return m;
    }
}
