package org.activeseg.backend.cuda;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.activeseg.backend.ReferenceViewOps;
import org.activeseg.backend.ViewOps.SceneGeometry;
import org.activeseg.backend.ViewOps.Visibility;
import org.activeseg.device.cuda.CudaCallException;
import org.activeseg.geometry.Camera;
import org.activeseg.geometry.Intrinsics;
import org.activeseg.geometry.Pose;
import org.activeseg.geometry.Reprojection;
import org.activeseg.tensor.FloatTensor;

/**
 * The ViewOps section of cuda/include/activeseg.h restated in Java over raw addresses, for
 * {@link CudaViewOps} on a {@link org.activeseg.device.HostDevice}: it reads exactly what was staged
 * (cameras (N, 36) double, depths (N, P) float, probabilities (N, C, P) float, dense superpixel ids
 * (N, P) int32 and offsets (N) int64) at the addresses it is given, computes with the reference, and
 * writes the outputs in the kernels' layouts. So a staging error (a wrong offset, stride or packing)
 * changes the answer here as it would on the GPU. It also checks what the kernels assume: the staged
 * world-to-camera is the inverse the pose gives, and the workspaces are as large as asked for.
 */
final class HostViewKernels implements ViewKernels {
    private final ReferenceViewOps reference = new ReferenceViewOps();

    private static MemorySegment at(long address, long bytes) {
        return MemorySegment.ofAddress(address).reinterpret(bytes);
    }

    @Override
    public long viewStatisticsWorkspaceBytes(int c, long p, long targets) {
        return targets * ((c + 2L) * p * Double.BYTES + p * Integer.BYTES);
    }

    @Override
    public void viewStatistics(long cameras, long depth, long probs, long logs, long n, int c, int width, int height,
                               double threshold, boolean projectInvalid, long workspace, long workspaceBytes,
                               long ve, long vd, long landed, long stream) {
        if (workspaceBytes < viewStatisticsWorkspaceBytes(c, (long) width * height, 1)) {
            throw new CudaCallException("as_view_statistics: workspace of " + workspaceBytes + " bytes is too small", 1);
        }
        SceneGeometry g = geometry(cameras, depth, (int) n, width, height);
        long p = (long) width * height;
        FloatTensor in = FloatTensor.wrap(at(probs, n * c * p * Float.BYTES), n, c, p);
        FloatTensor outVe = FloatTensor.wrap(at(ve, n * p * Float.BYTES), n, p);
        FloatTensor outVd = FloatTensor.wrap(at(vd, n * p * Float.BYTES), n, p);
        long[] counts = reference.viewStatistics(g, in, outVe, outVd, new Visibility(threshold, projectInvalid));
        MemorySegment.copy(counts, 0, at(landed, n * Long.BYTES), JAVA_LONG, 0, (int) n);
    }

    @Override
    public long coverageWorkspaceBytes(long n, long p) {
        return 2 * n * p * Long.BYTES;
    }

    @Override
    public void coverage(long cameras, long depth, long spx, long offsets, long n, int width, int height,
                         double threshold, boolean projectInvalid, long target, long targetSuperpixels,
                         long totalSuperpixels, long workspace, long workspaceBytes, long uniqueKeys, long counts,
                         long runs, long stream) {
        int frames = (int) n;
        int p = width * height;
        if (workspaceBytes < coverageWorkspaceBytes(n, p)) {
            throw new CudaCallException("as_superpixel_coverage: workspace of " + workspaceBytes + " bytes is too small", 1);
        }
        SceneGeometry g = geometry(cameras, depth, frames, width, height);
        MemorySegment ids = at(spx, (long) frames * p * Integer.BYTES);
        MemorySegment off = at(offsets, n * Long.BYTES);
        int t = (int) target;
        long sentinel = targetSuperpixels * totalSuperpixels;
        long[] keys = new long[frames * p];
        for (int j = 0; j < frames; j++) {
            int[] corr = Reprojection.correspondences(g.cameras().get(j), g.depths().get(j), g.cameras().get(t),
                    g.depths().get(t), threshold, projectInvalid);
            long offset = off.getAtIndex(JAVA_LONG, j);
            for (int i = 0; i < p; i++) {
                int u = corr[i];
                keys[j * p + i] = u < 0 ? sentinel
                        : ids.getAtIndex(JAVA_INT, (long) t * p + u) * totalSuperpixels + offset
                                + ids.getAtIndex(JAVA_INT, (long) j * p + i);
            }
        }
        Arrays.sort(keys);
        MemorySegment outKeys = at(uniqueKeys, n * p * Long.BYTES);
        MemorySegment outCounts = at(counts, n * p * Integer.BYTES);
        long r = 0;
        for (int i = 0; i < keys.length; ) {
            int k = i;
            while (k < keys.length && keys[k] == keys[i]) {
                k++;
            }
            outKeys.setAtIndex(JAVA_LONG, r, keys[i]);
            outCounts.setAtIndex(JAVA_INT, r, k - i);
            r++;
            i = k;
        }
        at(runs, Long.BYTES).set(JAVA_LONG, 0, r);
    }

    /** The scene as staged: cameras rebuilt from the packed rows, depths read from (N, P). */
    private static SceneGeometry geometry(long cameras, long depth, int n, int width, int height) {
        MemorySegment cams = at(cameras, (long) n * PackedCameras.STRIDE * Double.BYTES);
        int p = width * height;
        MemorySegment d = at(depth, (long) n * p * Float.BYTES);
        List<Camera> cs = new ArrayList<>(n);
        List<float[]> ds = new ArrayList<>(n);
        for (int f = 0; f < n; f++) {
            double[] row = new double[PackedCameras.STRIDE];
            MemorySegment.copy(cams, JAVA_DOUBLE, (long) f * PackedCameras.STRIDE * Double.BYTES, row, 0, row.length);
            Pose pose = Pose.cameraToWorld(Arrays.copyOfRange(row, 4, 20), "staged camera " + f);
            double[] staged = Arrays.copyOfRange(row, 20, 36);
            if (!Arrays.equals(staged, pose.inverse())) {
                throw new CudaCallException("staged camera " + f + ": world-to-camera " + Arrays.toString(staged)
                        + " is not the inverse of its camera-to-world " + Arrays.toString(pose.inverse()), 1);
            }
            cs.add(new Camera(new Intrinsics(row[0], row[1], row[2], row[3]), pose, width, height));
            float[] frame = new float[p];
            MemorySegment.copy(d, JAVA_FLOAT, (long) f * p * Float.BYTES, frame, 0, p);
            ds.add(frame);
        }
        return new SceneGeometry(cs, ds);
    }
}
