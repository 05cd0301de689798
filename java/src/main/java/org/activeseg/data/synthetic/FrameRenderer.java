package org.activeseg.data.synthetic;

import org.activeseg.data.Frame;
import org.activeseg.geometry.Intrinsics;
import org.activeseg.geometry.Pose;

/**
 * Ray-casts one frame of a {@link Room}: colour, z-depth and labels, then applies the optional
 * {@link SensorNoise}.
 *
 * <p>Geometry: the ray of integer pixel (x, y) (no +0.5 offset) has camera direction
 * K^-1 (x, y, 1) = ((x - cx) / fx, (y - cy) / fy, 1), rotated into the world by the pose. Its
 * camera z component is 1, so the ray parameter of the hit is the z-depth, and back-projecting
 * the stored depth with {@code Camera.backProject} lands on the rendered surface point (up to the
 * millimetre quantisation). Depth is stored as whole millimetres, {@code mm / 1000f}, exactly what a
 * reader of the 16-bit, depth-shift-1000 files computes ((float) (mm / 1000.0) is the same float
 * for every 16-bit value).
 *
 * <p>Colour: albedo from the surface's {@link Texture}, Lambertian shading by the room's point
 * light (cosine times a soft 1 / (1 + 0.04 d^2) falloff) plus ambient (50 % more on surfaces facing
 * down, standing in for light bounced off the floor), times the light colour;
 * emissive surfaces (window panes, lamp shades) are not shaded. Every pixel gets +-2.5 levels of
 * uniform noise, plus Gaussian colour noise when the sensor noise asks for it. All noise is hashed
 * from the frame seed and the pixel index.
 */
final class FrameRenderer {
    /** Amplitude (8-bit levels) of the uniform noise every rendered pixel carries. */
    static final double BASE_COLOUR_NOISE = 2.5;
    /** Extra ambient on downward-facing surfaces (ceiling): light bounced off the floor and walls. */
    static final double BOUNCE = 0.5;
    /** Largest depth the 16-bit millimetre format can hold. */
    static final int MAX_DEPTH_MM = 65_535;

    private static final long SALT_COLOUR = 0x636F6C6F75725FL;
    private static final long SALT_DEPTH = 0x64657074685F5FL;
    private static final long SALT_HOLES = 0x686F6C65735F5FL;
    private static final long SALT_POSE = 0x706F73655F5F5FL;

    private FrameRenderer() {}

    static Frame render(Room room, Intrinsics k, int width, int height, Pose renderPose, SensorNoise noise, long frameSeed,
                        String frameId, String sceneId) {
        int n = width * height;
        byte[] rgb = new byte[3 * n];
        float[] depth = new float[n];
        byte[] labels = new byte[n];
        boolean[] holes = noise.holeBlobsPerFrame() > 0 ? holeMask(width, height, noise.holeBlobsPerFrame(), frameSeed) : null;
        double[] m = renderPose.matrix();
        double ox = m[3], oy = m[7], oz = m[11];
        double fx = k.fx(), fy = k.fy(), cx = k.cx(), cy = k.cy();
        Hit hit = new Hit();
        double[] albedo = new double[3];
        long colourSeed = HashNoise.hash(frameSeed, SALT_COLOUR);
        long depthSeed = HashNoise.hash(frameSeed, SALT_DEPTH);
        for (int y = 0; y < height; y++) {
            double yc = (y - cy) / fy;
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                double xc = (x - cx) / fx;
                double dx = m[0] * xc + m[1] * yc + m[2];
                double dy = m[4] * xc + m[5] * yc + m[6];
                double dz = m[8] * xc + m[9] * yc + m[10];
                room.trace(ox, oy, oz, dx, dy, dz, hit);
                labels[i] = (byte) hit.label;

                double t = hit.t;
                double px = ox + t * dx, py = oy + t * dy, pz = oz + t * dz;
                boolean emissive = hit.material.texture().sample(hit.material, hit, albedo);
                double r, g, b;
                if (emissive) {
                    r = albedo[0];
                    g = albedo[1];
                    b = albedo[2];
                } else {
                    double lx = room.lightX - px, ly = room.lightY - py, lz = room.lightZ - pz;
                    double dist2 = lx * lx + ly * ly + lz * lz;
                    double cos = Math.max(0, (hit.nx * lx + hit.ny * ly + hit.nz * lz) / Math.sqrt(dist2));
                    double ambient = room.ambient * (1 + BOUNCE * Math.max(0, -hit.nz));
                    double shade = ambient + room.diffuse * cos / (1 + 0.04 * dist2);
                    r = albedo[0] * shade * room.lightR;
                    g = albedo[1] * shade * room.lightG;
                    b = albedo[2] * shade * room.lightB;
                }
                long h = HashNoise.hash(colourSeed, i);
                rgb[3 * i] = quantise(r, h, 0, noise.colourSigma());
                rgb[3 * i + 1] = quantise(g, h, 1, noise.colourSigma());
                rgb[3 * i + 2] = quantise(b, h, 2, noise.colourSigma());

                double z = t;
                boolean valid = holes == null || !holes[i];
                if (noise.depthSigmaPerSquareMetre() > 0) {
                    z += noise.depthSigmaPerSquareMetre() * z * z * HashNoise.gaussian(HashNoise.hash(depthSeed, i));
                }
                if (noise.grazingCosine() > 0) {
                    double len = Math.sqrt(dx * dx + dy * dy + dz * dz);
                    valid &= Math.abs(hit.nx * dx + hit.ny * dy + hit.nz * dz) / len >= noise.grazingCosine();
                }
                if (noise.maxRangeMetres() > 0) {
                    valid &= z <= noise.maxRangeMetres();
                }
                depth[i] = valid ? millimetres(z, frameId, x, y) : 0f;
            }
        }
        Pose stored = noise.jittersPose() ? jitter(renderPose, noise, HashNoise.hash(frameSeed, SALT_POSE), frameId) : renderPose;
        return new Frame(frameId, sceneId, width, height, rgb, depth, k, stored, labels, null);
    }

    /** Depth rounded to whole millimetres, as a float number of metres; 0 when it rounds to 0. */
    static float millimetres(double z, String frameId, int x, int y) {
        long mm = Math.round(z * 1000);
        if (mm > MAX_DEPTH_MM || !(z == z)) {
            throw new IllegalStateException("frame " + frameId + ": depth " + z + " m at pixel (x=" + x + ", y=" + y
                    + ") does not fit the 16-bit millimetre format (max 65.535 m)");
        }
        return mm <= 0 ? 0f : mm / 1000f;
    }

    private static byte quantise(double c, long h, int channel, double sigma) {
        long hc = HashNoise.hash(h, channel);
        double v = c * 255 + BASE_COLOUR_NOISE * HashNoise.signed(hc);
        if (sigma > 0) {
            v += sigma * HashNoise.gaussian(HashNoise.mix(hc));
        }
        long q = Math.round(v);
        return (byte) (q < 0 ? 0 : q > 255 ? 255 : q);
    }

    /** Irregular blobs of missing depth: a mean of {@code blobs} per frame, radius 2-8 % of the width. */
    static boolean[] holeMask(int width, int height, double blobs, long frameSeed) {
        boolean[] mask = new boolean[width * height];
        long seed = HashNoise.hash(frameSeed, SALT_HOLES);
        int count = (int) Math.floor(blobs + HashNoise.unit(HashNoise.hash(seed, -1)));
        for (int b = 0; b < count; b++) {
            long h = HashNoise.hash(seed, b);
            double bx = HashNoise.unit(HashNoise.hash(h, 0)) * width;
            double by = HashNoise.unit(HashNoise.hash(h, 1)) * height;
            double radius = (0.02 + 0.06 * HashNoise.unit(HashNoise.hash(h, 2))) * width;
            int x0 = (int) Math.max(0, Math.floor(bx - 1.5 * radius)), x1 = (int) Math.min(width - 1, Math.ceil(bx + 1.5 * radius));
            int y0 = (int) Math.max(0, Math.floor(by - 1.5 * radius)), y1 = (int) Math.min(height - 1, Math.ceil(by + 1.5 * radius));
            for (int y = y0; y <= y1; y++) {
                for (int x = x0; x <= x1; x++) {
                    double ddx = x - bx, ddy = y - by;
                    double wobble = 0.4 * HashNoise.value2(h, x / (0.6 * radius), y / (0.6 * radius));
                    if (Math.sqrt(ddx * ddx + ddy * ddy) / radius + wobble < 1) {
                        mask[y * width + x] = true;
                    }
                }
            }
        }
        return mask;
    }

    /**
     * The stored pose: the rendering pose composed with a small rigid error (rotation by a
     * Gaussian angle about a random axis, Gaussian translation in camera axes).
     */
    static Pose jitter(Pose pose, SensorNoise noise, long seed, String frameId) {
        double ax = HashNoise.gaussian(HashNoise.hash(seed, 0));
        double ay = HashNoise.gaussian(HashNoise.hash(seed, 1));
        double az = HashNoise.gaussian(HashNoise.hash(seed, 2));
        double an = Math.sqrt(ax * ax + ay * ay + az * az);
        if (an < 1e-12) {
            ax = 1;
            ay = 0;
            az = 0;
            an = 1;
        }
        ax /= an;
        ay /= an;
        az /= an;
        double angle = Math.toRadians(noise.poseRotationDegrees()) * HashNoise.gaussian(HashNoise.hash(seed, 3));
        double s = StrictMath.sin(angle), c = StrictMath.cos(angle), v = 1 - c;
        double[] delta = {
                c + ax * ax * v, ax * ay * v - az * s, ax * az * v + ay * s, noise.poseTranslationMetres() * HashNoise.gaussian(HashNoise.hash(seed, 4)),
                ay * ax * v + az * s, c + ay * ay * v, ay * az * v - ax * s, noise.poseTranslationMetres() * HashNoise.gaussian(HashNoise.hash(seed, 5)),
                az * ax * v - ay * s, az * ay * v + ax * s, c + az * az * v, noise.poseTranslationMetres() * HashNoise.gaussian(HashNoise.hash(seed, 6)),
                0, 0, 0, 1};
        double[] m = pose.matrix();
        double[] out = new double[16];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                double sum = 0;
                for (int q = 0; q < 4; q++) {
                    sum += m[i * 4 + q] * delta[q * 4 + j];
                }
                out[i * 4 + j] = sum;
            }
        }
        return Pose.cameraToWorld(out, "frame " + frameId + " (jittered pose)");
    }
}
