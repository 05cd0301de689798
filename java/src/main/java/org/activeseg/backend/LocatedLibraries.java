package org.activeseg.backend;

import java.util.List;

/**
 * What {@link NativeLibraryLocator} found: the candidates to try, in order, and a reason for every
 * strategy that produced none.
 */
public record LocatedLibraries(List<NativeLibraryCandidate> candidates, List<String> reasons) {
    public LocatedLibraries {
        candidates = List.copyOf(candidates);
        reasons = List.copyOf(reasons);
    }
}
