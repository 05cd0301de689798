package org.activeseg.backend.cuda;

import static jcuda.driver.JCudaDriver.cuLaunchKernel;

import java.util.List;
import jcuda.Pointer;
import jcuda.driver.CUfunction;
import org.activeseg.device.cuda.CudaContext;

/**
 * The JCuda route to the per-pixel statistic kernel (DESIGN.md "Backends": simple kernels launched
 * by JCuda straight from our module): cuLaunchKernel of activeseg.fatbin's {@value #STATISTIC_F32},
 * the very symbol the C launchers as_pixel_statistic and as_pixel_entropy enqueue, with the geometry
 * the library reports ({@link PixelLaunchGeometry}). Same kernel and grid, so the same bits as the
 * Panama route; {@link CudaScoringBackend} chooses which route an operation takes. Enqueues on the
 * context's stream and returns without synchronising.
 */
final class JCudaPixelKernels {
    /** The float32 entry of cuda/src/pixel_statistics.cu's kernel: map (N, C, P), out (N, P). */
    static final String STATISTIC_F32 = "as_pixel_statistic_f32_kernel";
    /** Every kernel this class looks up in the module (a test finds each in the built fatbin). */
    static final List<String> KERNELS = List.of(STATISTIC_F32);

    private final CudaContext context;
    private final PixelLaunchGeometry geometry;
    private final CUfunction statisticF32;

    /** Looks the kernels up in the context's module; a missing one throws naming it. */
    JCudaPixelKernels(CudaContext context, PixelLaunchGeometry geometry) {
        this.context = context;
        this.geometry = geometry;
        this.statisticF32 = context.function(STATISTIC_F32);
    }

    /**
     * {@value #STATISTIC_F32} over {@code n} float32 maps (C, P) at device address {@code map} into
     * {@code out} (n, P): the parameters of the kernel, in its order (PixelKernels.STAT_* codes).
     */
    void statistic(long map, long out, long n, int c, long p, boolean logits, int stat, float eps, boolean log2,
                   float scale) {
        int blocks = geometry.blocks(Math.multiplyExact(n, p));
        Pointer params = Pointer.to(
                Pointer.to(new long[] {map}), Pointer.to(new long[] {out}),
                Pointer.to(new long[] {n}), Pointer.to(new int[] {c}), Pointer.to(new long[] {p}),
                Pointer.to(new int[] {logits ? 1 : 0}), Pointer.to(new int[] {stat}),
                Pointer.to(new float[] {eps}), Pointer.to(new int[] {log2 ? 1 : 0}), Pointer.to(new float[] {scale}));
        context.makeCurrent();
        CudaContext.check(cuLaunchKernel(statisticF32, blocks, 1, 1, geometry.block(), 1, 1, 0, context.stream(),
                params, null), "cuLaunchKernel(" + STATISTIC_F32 + ")");
    }
}
