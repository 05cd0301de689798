package org.activeseg.stream;

/**
 * The points of one source frame that landed in one target frame, compactly: source pixel
 * {@code sources[j]} landed on target pixel {@code targets[j]}, for j below {@code count}, in source
 * pixel order. What a target's accumulator added for that source, kept so that evicting the source
 * subtracts exactly the same points without projecting again (8 bytes a landed point).
 */
record Landings(int[] sources, int[] targets, int count) {

    /** The landed points of a correspondence map (source pixel -> target pixel, or -1). */
    static Landings of(int[] correspondences) {
        int n = 0;
        for (int u : correspondences) {
            if (u >= 0) {
                n++;
            }
        }
        int[] s = new int[n];
        int[] t = new int[n];
        int j = 0;
        for (int i = 0; i < correspondences.length; i++) {
            int u = correspondences[i];
            if (u >= 0) {
                s[j] = i;
                t[j++] = u;
            }
        }
        return new Landings(s, t, n);
    }

    /** Heap bytes of the two index arrays. */
    long bytes() {
        return 8L * count;
    }
}
