package org.activeseg.data.synthetic;

import java.util.SplittableRandom;

/**
 * The finishes of one room's furniture and fittings: every wood in the room shares one wood tone;
 * painted surfaces are off-white or grey; fabrics come from {@link Palette#fabric}. Each call draws
 * its colours and noise seed from the room's random stream.
 */
final class Finishes {
    private final SplittableRandom rng;
    private final double[] woodTone;

    Finishes(SplittableRandom rng, double[] woodTone) {
        this.rng = rng;
        this.woodTone = woodTone;
    }

    /** The room's wood tone, which {@link Palette#wood} varies per piece. */
    double[] woodTone() {
        return woodTone;
    }

    /** Wood of the room's tone, with a darker grain. */
    Material wood(Texture texture) {
        return Material.of(texture, Palette.wood(rng, woodTone), Palette.scaled(Palette.wood(rng, woodTone), 0.7),
                Palette.uniform(rng, 0.05, 0.1), rng.nextLong());
    }

    /** Wood, or (with probability painted) a painted finish in an off-white or grey. */
    Material woodOrPainted(Texture texture, double painted) {
        if (rng.nextDouble() < painted) {
            double[] c = rng.nextBoolean() ? Palette.offWhite(rng) : Palette.grey(rng, 0.35, 0.6);
            return Material.of(texture, c, Palette.scaled(c, 0.8), 0, rng.nextLong());
        }
        return wood(texture);
    }

    /** A fabric of a {@link Palette#fabric} colour, with the texture's length scale in metres. */
    Material fabric(Texture texture, double scale) {
        double[] c = Palette.fabric(rng);
        return Material.of(texture, c, Palette.scaled(c, 0.8), scale, rng.nextLong());
    }
}
