package org.activeseg.data.synthetic;

/**
 * Optional imperfections of a depth camera, each off at 0. Labels are never affected: they stay
 * the exact labels of the rendered surfaces.
 *
 * @param depthSigmaPerSquareMetre depth noise: Gaussian with sigma = k * z^2 metres (structured-light
 *                                 sensors: k is about 0.0015 / m, so 1.5 mm at 1 m, 2.4 cm at 4 m)
 * @param holeBlobsPerFrame        mean number of irregular blobs of invalid depth (0) per frame,
 *                                 each 2-8 % of the image width in radius
 * @param grazingCosine            depth is invalid where |cos(angle between ray and surface normal)|
 *                                 is below this (grazing surfaces); in [0, 1)
 * @param maxRangeMetres           depth beyond this is invalid; 0 = unlimited
 * @param poseRotationDegrees      sigma of the rotation angle (about a random axis) by which the
 *                                 STORED pose differs from the pose the frame was rendered from
 * @param poseTranslationMetres    sigma per axis of the stored pose's translation error
 * @param colourSigma              Gaussian colour noise per channel, in 8-bit levels (on top of the
 *                                 mild texture noise every frame has)
 */
public record SensorNoise(double depthSigmaPerSquareMetre, double holeBlobsPerFrame, double grazingCosine,
                          double maxRangeMetres, double poseRotationDegrees, double poseTranslationMetres,
                          double colourSigma) {

    /** No noise: exact depth, exact poses. */
    public static final SensorNoise NONE = new SensorNoise(0, 0, 0, 0, 0, 0, 0);

    public SensorNoise {
        check("depthSigmaPerSquareMetre", depthSigmaPerSquareMetre, 1);
        check("holeBlobsPerFrame", holeBlobsPerFrame, 1000);
        check("grazingCosine", grazingCosine, 0.999);
        check("maxRangeMetres", maxRangeMetres, 65.535);
        check("poseRotationDegrees", poseRotationDegrees, 45);
        check("poseTranslationMetres", poseTranslationMetres, 1);
        check("colourSigma", colourSigma, 255);
    }

    private static void check(String name, double value, double max) {
        if (!(value >= 0 && value <= max)) {
            throw new IllegalArgumentException("sensor noise " + name + " must be in [0, " + max + "], got " + value);
        }
    }

    /**
     * A Kinect-like sensor: sigma 0.0015 z^2, two hole blobs a frame, invalid below cos 0.12 and
     * beyond 8 m, pose error 0.5 degrees and 1 cm, colour noise 3 levels.
     */
    public static SensorNoise kinectLike() {
        return new SensorNoise(0.0015, 2, 0.12, 8.0, 0.5, 0.01, 3);
    }

    public boolean isNone() {
        return equals(NONE);
    }

    public boolean jittersPose() {
        return poseRotationDegrees > 0 || poseTranslationMetres > 0;
    }
}
