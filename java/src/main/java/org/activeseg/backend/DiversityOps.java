package org.activeseg.backend;

import org.activeseg.tensor.FloatTensor;

/**
 * Diversity primitives (ALGORITHMS.md section 2.1, CSET; google/active-learning kcenter_greedy):
 * Euclidean distance updates of the k-center greedy and the greedy itself, in O(N x D) time per
 * centre and O(N) extra memory (never an N x N distance matrix).
 */
public interface DiversityOps {

    /** Receives each k-center pick; returns false to stop the greedy. */
    @FunctionalInterface
    interface PickListener {
        boolean picked(int index, double minDistance);
    }

    /**
     * {@code minDistances[i] = min(minDistances[i], ||x_i - x_centre||)} for every row i, the distance
     * accumulated in double.
     *
     * @param embeddings (N, D) rows
     */
    void updateMinDistances(FloatTensor embeddings, int centre, double[] minDistances);

    /**
     * k-center greedy: the initial centres set the distances; each step picks {@code argmax(minDistances)}
     * over rows that are neither centres nor picked (ties to the lowest index), reports it, and updates
     * the distances with it. Without initial centres the first pick is {@code firstPick} (the reference
     * draws it at random). Stops after {@code maxPicks}, when the listener returns false, or when no row
     * is left.
     *
     * @return the picks in order
     */
    default int[] kCenterGreedy(FloatTensor embeddings, int[] initialCentres, int firstPick, int maxPicks,
                                PickListener listener) {
        int n = DiversityArguments.rows(embeddings);
        double[] min = new double[n];
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        boolean[] taken = new boolean[n];
        for (int c : initialCentres) {
            DiversityArguments.initialCentre(c, n);
            taken[c] = true;
            updateMinDistances(embeddings, c, min);
        }
        int[] picks = new int[Math.max(0, Math.min(maxPicks, n))];
        int count = 0;
        while (count < picks.length) {
            int best = -1;
            if (initialCentres.length == 0 && count == 0) {
                DiversityArguments.firstPick(firstPick, n);
                best = firstPick;
            } else {
                double bestValue = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    if (!taken[i] && min[i] > bestValue) {
                        bestValue = min[i];
                        best = i;
                    }
                }
            }
            if (best < 0) {
                break;
            }
            taken[best] = true;
            picks[count++] = best;
            if (!listener.picked(best, min[best])) {
                break;
            }
            updateMinDistances(embeddings, best, min);
        }
        return java.util.Arrays.copyOf(picks, count);
    }
}
