package org.activeseg.backend;

import java.util.Arrays;
import org.activeseg.tensor.FloatTensor;

/**
 * The argument contract of {@link DiversityOps}, shared by every backend (ReferenceDiversityOps,
 * the interface's default k-center greedy and CudaDiversityOps): embeddings are (N, D), the
 * distance array holds N values, and centres and the first pick are rows of the embeddings, with
 * one set of messages. A backend may check more where its kernels need it (CUDA rejects N >= 1
 * rows of D = 0 columns).
 */
public final class DiversityArguments {

    private DiversityArguments() {
    }

    /** Checks that {@code embeddings} is (N, D). */
    public static void checkEmbeddings(FloatTensor embeddings) {
        if (embeddings.rank() != 2) {
            throw new IllegalArgumentException("embeddings must be (N, D), got " + Arrays.toString(embeddings.shape()));
        }
    }

    /** Checks that {@code embeddings} is (N, D) and returns N. */
    public static int rows(FloatTensor embeddings) {
        checkEmbeddings(embeddings);
        return Math.toIntExact(embeddings.dim(0));
    }

    /**
     * Checks the rest of {@link DiversityOps#updateMinDistances} for embeddings of {@code n} rows:
     * {@code minDistances} holds n values and {@code centre} is in [0, n).
     */
    public static void updateMinDistances(FloatTensor embeddings, int n, int centre, double[] minDistances) {
        if (minDistances.length != n) {
            throw new IllegalArgumentException("minDistances has " + minDistances.length + " values, embeddings "
                    + Arrays.toString(embeddings.shape()) + " have " + n + " rows");
        }
        if (centre < 0 || centre >= n) {
            throw new IllegalArgumentException("centre " + centre + " is outside [0, " + n + ")");
        }
    }

    /** Checks that an initial centre of the k-center greedy is in [0, n). */
    public static void initialCentre(int centre, int n) {
        if (centre < 0 || centre >= n) {
            throw new IllegalArgumentException("initial centre " + centre + " is outside [0, " + n + ")");
        }
    }

    /** Checks that the first pick of a k-center greedy without initial centres is in [0, n). */
    public static void firstPick(int firstPick, int n) {
        if (firstPick < 0 || firstPick >= n) {
            throw new IllegalArgumentException("first pick " + firstPick + " is outside [0, " + n + ")");
        }
    }
}
