package org.activeseg.model.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How a convolution algorithm is picked from cuDNN's heuristic ranking: full-precision (DEFAULT /
 * FMA) entries first in the heuristic's order, unsupported entries and failed or too-large
 * workspace queries passed over, tensor-op entries only as a last resort, and an error that lists
 * every candidate when none is usable.
 */
class AlgorithmChoiceTest {
    private static final int OK = CudnnConstants.STATUS_SUCCESS;

    private static AlgorithmPerf perf(int algo, int status, int mathType) {
        return new AlgorithmPerf(algo, status, -1f, 0, CudnnConstants.DETERMINISTIC, mathType);
    }

    /** Workspace sizes per algorithm; a missing algorithm answers NOT_SUPPORTED. */
    private static AlgorithmChoice.WorkspaceQuery sizes(Map<Integer, Long> bytes, List<Integer> asked) {
        return (algo, status) -> {
            asked.add(algo);
            Long b = bytes.get(algo);
            if (b == null) {
                status[0] = CudnnConstants.STATUS_NOT_SUPPORTED;
                return -1;
            }
            return b;
        };
    }

    @Test
    void fullPrecisionEntriesComeFirstInHeuristicOrder() {
        List<AlgorithmPerf> ranking = List.of(perf(6, OK, CudnnConstants.TENSOR_OP_MATH),
                perf(1, OK, CudnnConstants.FMA_MATH), perf(0, OK, CudnnConstants.DEFAULT_MATH));
        List<Integer> asked = new ArrayList<>();
        AlgorithmChoice c = AlgorithmChoice.choose("forward", ranking, 1 << 20, sizes(Map.of(6, 0L, 1, 64L, 0, 0L), asked));
        assertEquals(1, c.algo());
        assertEquals(64, c.workspaceBytes());
        assertEquals(List.of(1), asked);
    }

    @Test
    void unsupportedFailedAndOversizedAlgorithmsArePassedOver() {
        List<AlgorithmPerf> ranking = List.of(perf(5, CudnnConstants.STATUS_NOT_SUPPORTED, CudnnConstants.FMA_MATH),
                perf(4, OK, CudnnConstants.FMA_MATH), perf(7, OK, CudnnConstants.FMA_MATH),
                perf(0, OK, CudnnConstants.FMA_MATH));
        List<Integer> asked = new ArrayList<>();
        AlgorithmChoice c = AlgorithmChoice.choose("forward", ranking, 1000, sizes(Map.of(7, 5000L, 0, 0L), asked));
        assertEquals(0, c.algo());
        assertEquals(List.of(4, 7, 0), asked);
    }

    @Test
    void tensorOpEntriesAreTheLastResort() {
        List<AlgorithmPerf> ranking = List.of(perf(1, OK, CudnnConstants.TENSOR_OP_MATH),
                perf(2, OK, CudnnConstants.FMA_MATH));
        AlgorithmChoice c = AlgorithmChoice.choose("backward-data", ranking, 1 << 20,
                sizes(Map.of(1, 0L), new ArrayList<>()));
        assertEquals(1, c.algo());
    }

    @Test
    void noUsableAlgorithmListsEveryCandidate() {
        List<AlgorithmPerf> ranking = List.of(perf(3, CudnnConstants.STATUS_NOT_SUPPORTED, CudnnConstants.FMA_MATH),
                perf(1, OK, CudnnConstants.FMA_MATH), perf(0, OK, CudnnConstants.FMA_MATH));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> AlgorithmChoice.choose(
                "backward-filter", ranking, 100, sizes(Map.of(0, 4096L), new ArrayList<>())));
        String m = e.getMessage();
        assertTrue(m.startsWith("no cuDNN backward-filter convolution algorithm is usable"), m);
        assertTrue(m.contains("algo 3: heuristic status CUDNN_STATUS_NOT_SUPPORTED")
                && m.contains("algo 1: workspace query CUDNN_STATUS_NOT_SUPPORTED")
                && m.contains("algo 0: needs 4096 workspace bytes, limit 100"), m);
        e = assertThrows(IllegalStateException.class,
                () -> AlgorithmChoice.choose("forward", List.of(), 100, sizes(Map.of(), new ArrayList<>())));
        assertTrue(e.getMessage().contains("the heuristic returned none"), e.getMessage());
    }
}
