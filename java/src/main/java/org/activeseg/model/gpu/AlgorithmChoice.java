package org.activeseg.model.gpu;

import java.util.ArrayList;
import java.util.List;

/**
 * The convolution algorithm chosen for one pass and its workspace. {@link #choose} walks cuDNN's
 * heuristic ranking (cudnnGetConvolution*Algorithm_v7), keeping its order but trying algorithms the
 * heuristic planned without tensor-core math first (the descriptor's CUDNN_FMA_MATH then holds
 * them to fp32 FMA kernels), and takes the first whose workspace query succeeds with the
 * descriptors and fits the limit. The heuristic query times nothing, so the choice is fast and
 * repeatable (no cudnnFind benchmarking).
 *
 * @param algo           the cudnnConvolution*Algo_t value
 * @param workspaceBytes what cudnnGetConvolution*WorkspaceSize asked for
 * @param perf           the heuristic's entry for it
 */
public record AlgorithmChoice(int algo, long workspaceBytes, AlgorithmPerf perf) {

    /** The workspace size of an algorithm with the current descriptors, or a negative value when unsupported. */
    @FunctionalInterface
    public interface WorkspaceQuery {
        /** @param status receives the cudnnStatus_t of the query */
        long bytes(int algo, int[] status);
    }

    /**
     * The first usable algorithm, or IllegalStateException listing every candidate and why it was
     * passed over.
     *
     * @param pass  names the pass in the error, e.g. "forward"
     * @param limit largest acceptable workspace in bytes
     */
    public static AlgorithmChoice choose(String pass, List<AlgorithmPerf> ranking, long limit, WorkspaceQuery query) {
        List<AlgorithmPerf> ordered = new ArrayList<>();
        for (AlgorithmPerf p : ranking) {
            if (p.status() == CudnnConstants.STATUS_SUCCESS && p.fullPrecisionMath()) {
                ordered.add(p);
            }
        }
        for (AlgorithmPerf p : ranking) {
            if (p.status() == CudnnConstants.STATUS_SUCCESS && !p.fullPrecisionMath()) {
                ordered.add(p);
            }
        }
        List<String> passedOver = new ArrayList<>();
        for (AlgorithmPerf p : ranking) {
            if (p.status() != CudnnConstants.STATUS_SUCCESS) {
                passedOver.add("algo " + p.algo() + ": heuristic status " + CudnnConstants.statusName(p.status()));
            }
        }
        int[] status = new int[1];
        for (AlgorithmPerf p : ordered) {
            status[0] = CudnnConstants.STATUS_SUCCESS;
            long bytes = query.bytes(p.algo(), status);
            if (status[0] != CudnnConstants.STATUS_SUCCESS || bytes < 0) {
                passedOver.add("algo " + p.algo() + ": workspace query " + CudnnConstants.statusName(status[0]));
            } else if (bytes > limit) {
                passedOver.add("algo " + p.algo() + ": needs " + bytes + " workspace bytes, limit " + limit);
            } else {
                return new AlgorithmChoice(p.algo(), bytes, p);
            }
        }
        throw new IllegalStateException("no cuDNN " + pass + " convolution algorithm is usable: "
                + (passedOver.isEmpty() ? "the heuristic returned none" : String.join("; ", passedOver)));
    }
}
