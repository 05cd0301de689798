package org.activeseg.data.synthetic;

/**
 * Surface appearance: a procedural texture with a base colour, a secondary colour (grain, grout,
 * frame, pattern) and one length scale in metres whose meaning depends on the texture (grain
 * period, tile size, plank width, slat spacing; 0 on furniture textures means painted, not wood).
 * Colours are albedos in [0, 1]. The seed decorrelates the noise of objects sharing a texture.
 */
record Material(Texture texture, double r, double g, double b, double r2, double g2, double b2, double scale, long seed) {

    Material {
        if (texture == null) {
            throw new IllegalArgumentException("material needs a texture");
        }
        for (double c : new double[] {r, g, b, r2, g2, b2}) {
            if (!(c >= 0 && c <= 1.5)) {
                throw new IllegalArgumentException("material colour out of range: " + c);
            }
        }
        if (!(scale >= 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("material scale must be finite and >= 0: " + scale);
        }
    }

    static Material of(Texture texture, double[] base, double[] second, double scale, long seed) {
        return new Material(texture, base[0], base[1], base[2], second[0], second[1], second[2], scale, seed);
    }
}
