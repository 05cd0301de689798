package org.activeseg.data.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.activeseg.geometry.Pose;

/**
 * Camera trajectories through a room: the camera walks an arc of a wobbly ellipse around a point
 * near the room centre (radii 18-28 % of the room's sides, so it stays well inside), at a height of
 * 1.2-1.7 m that drifts smoothly, and looks across the room at a target beyond the centre whose
 * bearing swings by up to +-17 degrees and whose height (0.35-1.3 m) gives a downward tilt of 0-28
 * degrees (at most 5 degrees up), with up to 1.7 degrees of roll. The arc advances 8-11 degrees
 * of bearing per frame (at most 330 degrees in all), so consecutive frames overlap heavily (about
 * 60-75 % of the pixels co-visible), and since every view looks across the middle of the room, a
 * frame still shares over 10 % of its view with frames several steps away. Everything is a smooth
 * function of the arc position, drawn from the scene's random stream.
 */
final class CameraPath {
    static final double MIN_HEIGHT = 1.2;
    static final double MAX_HEIGHT = 1.7;
    /** Largest downward and upward tilt of the viewing direction (radians): 28 and 5 degrees. */
    static final double MAX_DOWN = Math.toRadians(28);
    static final double MAX_UP = Math.toRadians(5);

    private CameraPath() {}

    /** Camera-to-world poses (OpenCV axes, world z up) of {@code frames} views in a room of sx x sy metres. */
    static List<Pose> plan(double sx, double sy, int frames, SplittableRandom r) {
        double cx = sx / 2 + Palette.uniform(r, -0.05, 0.05) * sx;
        double cy = sy / 2 + Palette.uniform(r, -0.05, 0.05) * sy;
        double rx = Palette.uniform(r, 0.18, 0.28) * sx;
        double ry = Palette.uniform(r, 0.18, 0.28) * sy;
        double stepDeg = Palette.uniform(r, 8, 11);
        double span = Math.toRadians(Math.clamp(stepDeg * Math.max(frames - 1, 1), 30, 330));
        double direction = r.nextBoolean() ? 1 : -1;
        double theta0 = Palette.uniform(r, 0, 2 * Math.PI);
        double[] phase = new double[6];
        for (int i = 0; i < phase.length; i++) {
            phase[i] = Palette.uniform(r, 0, 2 * Math.PI);
        }
        double h0 = Palette.uniform(r, 1.3, 1.55);
        double hAmp = Palette.uniform(r, 0.05, 0.12);
        double reach = Palette.uniform(r, 0.12, 0.3);
        List<Pose> poses = new ArrayList<>(frames);
        for (int i = 0; i < frames; i++) {
            double s = frames == 1 ? 0 : (double) i / (frames - 1);
            double theta = theta0 + direction * span * s;
            double wobble = 1 + 0.12 * StrictMath.sin(2 * theta + phase[0]);
            double px = cx + rx * wobble * StrictMath.cos(theta);
            double py = cy + ry * wobble * StrictMath.sin(theta);
            double pz = Math.clamp(h0 + hAmp * StrictMath.sin(2 * Math.PI * 1.3 * s + phase[1]), MIN_HEIGHT, MAX_HEIGHT);
            double bearing = theta + Math.PI + 0.3 * StrictMath.sin(2 * Math.PI * 0.6 * s + phase[2]);
            double tx = cx + reach * sx * StrictMath.cos(bearing);
            double ty = cy + reach * sy * StrictMath.sin(bearing);
            double tz = 0.35 + 0.95 * (0.5 + 0.5 * StrictMath.sin(2 * Math.PI * 0.7 * s + phase[3]));
            double reachXY = Math.sqrt((tx - px) * (tx - px) + (ty - py) * (ty - py));
            double pitch = Math.clamp(StrictMath.atan2(tz - pz, reachXY), -MAX_DOWN, MAX_UP);
            tz = pz + reachXY * StrictMath.tan(pitch);
            double roll = 0.03 * StrictMath.sin(2 * Math.PI * 0.8 * s + phase[4]);
            poses.add(lookAt(px, py, pz, tx, ty, tz, roll));
        }
        return poses;
    }

    /**
     * The camera at p looking at t with world z up: camera z forward, x right, y down (OpenCV),
     * then rolled by {@code roll} radians about the viewing direction.
     */
    static Pose lookAt(double px, double py, double pz, double tx, double ty, double tz, double roll) {
        double fx = tx - px, fy = ty - py, fz = tz - pz;
        double fn = Math.sqrt(fx * fx + fy * fy + fz * fz);
        fx /= fn;
        fy /= fn;
        fz /= fn;
        // right = forward x up(0, 0, 1)
        double rx = fy, ry = -fx, rz = 0;
        double rn = Math.sqrt(rx * rx + ry * ry);
        if (rn < 1e-6) {
            throw new IllegalArgumentException("camera looks straight up or down");
        }
        rx /= rn;
        ry /= rn;
        // down = forward x right
        double dx = fy * rz - fz * ry, dy = fz * rx - fx * rz, dz = fx * ry - fy * rx;
        double c = StrictMath.cos(roll), s = StrictMath.sin(roll);
        double ax = c * rx + s * dx, ay = c * ry + s * dy, az = c * rz + s * dz;
        double bx = -s * rx + c * dx, by = -s * ry + c * dy, bz = -s * rz + c * dz;
        return Pose.of(new double[] {ax, bx, fx, ay, by, fy, az, bz, fz}, px, py, pz);
    }
}
