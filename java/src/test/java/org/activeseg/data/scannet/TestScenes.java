package org.activeseg.data.scannet;

import java.util.Random;
import org.activeseg.data.DatasetLayout;
import org.activeseg.data.Frame;
import org.activeseg.geometry.Intrinsics;
import org.activeseg.geometry.Pose;

/** Small random frames for writer/reader round trips (not geometrically consistent; for I/O only). */
final class TestScenes {
    private TestScenes() {}

    static final int W = 12, H = 9;

    static Intrinsics intrinsics() {
        return new Intrinsics(10.5, 10.25, 5.75, 4.125);
    }

    /** A random rigid pose: rotation from a random unit quaternion, translation in [-5, 5]^3. */
    static Pose randomPose(Random r) {
        double a = r.nextGaussian(), b = r.nextGaussian(), c = r.nextGaussian(), d = r.nextGaussian();
        double n = Math.sqrt(a * a + b * b + c * c + d * d);
        a /= n; b /= n; c /= n; d /= n;
        double[] rot = {
            a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c),
            2 * (b * c + a * d), a * a - b * b + c * c - d * d, 2 * (c * d - a * b),
            2 * (b * d - a * c), 2 * (c * d + a * b), a * a - b * b - c * c + d * d};
        return Pose.of(rot, 10 * r.nextDouble() - 5, 10 * r.nextDouble() - 5, 10 * r.nextDouble() - 5);
    }

    /** A frame with random colour, depth in whole millimetres 0.3..8 m (some holes), labels and superpixels. */
    static Frame frame(String sceneId, int index, long seed) {
        Random r = new Random(seed);
        int p = W * H;
        byte[] rgb = new byte[3 * p];
        r.nextBytes(rgb);
        float[] depth = new float[p];
        byte[] labels = new byte[p];
        int[] sp = new int[p];
        for (int i = 0; i < p; i++) {
            depth[i] = r.nextInt(10) == 0 ? 0 : (float) ((300 + r.nextInt(7700)) / 1000.0);
            labels[i] = (byte) (r.nextInt(8) == 0 ? Frame.IGNORE : r.nextInt(40));
            sp[i] = r.nextInt(65536);
        }
        labels[0] = 39;
        labels[1] = 0;
        labels[2] = (byte) Frame.IGNORE;
        sp[0] = 65535;
        return new Frame(DatasetLayout.frameId(sceneId, index), sceneId, W, H, rgb, depth, intrinsics(), randomPose(r),
                labels, sp);
    }
}
