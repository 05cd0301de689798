package org.activeseg.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Everything the outputs of an active-learning run are made from ({@link ReportWriter} writes them):
 * the per-round records of every strategy and seed, the class names (one per {@code classIou} entry),
 * the mIoU of the fully supervised model (NaN when unknown), a few frames with their selections, and
 * the run's configuration (insertion order kept; values as {@link Json} writes them), and its provenance
 * (version, commit, command line, backend, device, dataset, wall time; may be empty).
 */
public record RunReport(String title, List<String> classNames, List<RoundRecord> rounds, double fullySupervisedMiou,
        List<Overlay> overlays, Map<String, Object> configuration, Map<String, Object> provenance) {

    /** A report without provenance. */
    public RunReport(String title, List<String> classNames, List<RoundRecord> rounds, double fullySupervisedMiou,
                     List<Overlay> overlays, Map<String, Object> configuration) {
        this(title, classNames, rounds, fullySupervisedMiou, overlays, configuration, Map.of());
    }

    public RunReport {
        Objects.requireNonNull(title, "title");
        classNames = List.copyOf(classNames);
        rounds = List.copyOf(rounds);
        overlays = List.copyOf(overlays);
        configuration = Collections.unmodifiableMap(new LinkedHashMap<>(configuration));
        provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
        if (!Double.isNaN(fullySupervisedMiou) && !(fullySupervisedMiou > 0.0 && fullySupervisedMiou <= 1.0)) {
            throw new IllegalArgumentException("fully supervised mIoU " + fullySupervisedMiou
                    + " must be NaN (unknown) or in (0, 1]");
        }
        for (RoundRecord r : rounds) {
            if (r.classCount() != classNames.size()) {
                throw new IllegalArgumentException(r.strategy() + " seed " + r.seed() + " round " + r.round() + ": "
                        + r.classCount() + " class IoUs for " + classNames.size() + " class names");
            }
        }
    }

    /** {@code ratio} times the fully supervised mIoU; empty where that is unknown. */
    public OptionalDouble targetMiou(double ratio) {
        return Double.isNaN(fullySupervisedMiou) ? OptionalDouble.empty() : OptionalDouble.of(ratio * fullySupervisedMiou);
    }
}
