package org.activeseg.backend.cuda;

import java.util.List;
import org.activeseg.geometry.Camera;

/**
 * A scene's cameras in the layout of as_view_statistics and as_superpixel_coverage
 * (cuda/include/activeseg.h): (N, 36) doubles per frame, fx, fy, cx, cy, then cam2world and
 * world2cam row-major. The matrices are the Pose's own (not recomputed), so the device projects with
 * exactly the numbers {@link org.activeseg.geometry.Reprojection} uses.
 */
final class PackedCameras {
    static final int STRIDE = 36;

    private PackedCameras() {}

    static double[] pack(List<Camera> cameras) {
        double[] out = new double[cameras.size() * STRIDE];
        for (int f = 0; f < cameras.size(); f++) {
            Camera c = cameras.get(f);
            int at = f * STRIDE;
            out[at] = c.intrinsics().fx();
            out[at + 1] = c.intrinsics().fy();
            out[at + 2] = c.intrinsics().cx();
            out[at + 3] = c.intrinsics().cy();
            System.arraycopy(c.pose().matrix(), 0, out, at + 4, 16);
            System.arraycopy(c.pose().inverse(), 0, out, at + 20, 16);
        }
        return out;
    }
}
