package org.activeseg.model.gpu;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;

/**
 * One entry of a cudnnGetConvolution*Algorithm_v7 answer (cudnnConvolution{Fwd,BwdData,BwdFilter}
 * AlgoPerf_t, layout {@link CudnnConstants#ALGO_PERF}), in cuDNN's heuristic order.
 *
 * @param algo        the cudnnConvolution*Algo_t value
 * @param status      cudnnStatus_t: whether the algorithm supports this problem
 * @param time        milliseconds (-1 from the heuristic query, which does not time anything)
 * @param memory      workspace bytes it needs
 * @param determinism cudnnDeterminism_t
 * @param mathType    cudnnMathType_t the heuristic assumed
 */
public record AlgorithmPerf(int algo, int status, float time, long memory, int determinism, int mathType) {

    /** Reads entry {@code index} of a perf array. */
    static AlgorithmPerf read(MemorySegment array, int index) {
        long base = index * CudnnConstants.ALGO_PERF.byteSize();
        return new AlgorithmPerf(
                array.get(JAVA_INT, base + CudnnConstants.PERF_ALGO),
                array.get(JAVA_INT, base + CudnnConstants.PERF_STATUS),
                array.get(JAVA_FLOAT, base + CudnnConstants.PERF_TIME),
                array.get(JAVA_LONG, base + CudnnConstants.PERF_MEMORY),
                array.get(JAVA_INT, base + CudnnConstants.PERF_DETERMINISM),
                array.get(JAVA_INT, base + CudnnConstants.PERF_MATH_TYPE));
    }

    /** Whether the heuristic planned it without tensor-core (TF32 / reduced-precision) math. */
    public boolean fullPrecisionMath() {
        return mathType == CudnnConstants.DEFAULT_MATH || mathType == CudnnConstants.FMA_MATH;
    }
}
