package org.activeseg.data.synthetic;

/**
 * Procedural textures, evaluated at face-local coordinates (u along the face, v up on vertical
 * faces) so that a surface point has the same albedo from every view. Feature sizes are at least a
 * few centimetres, near the pixel footprint at 160x120, so textures read as structure rather than
 * aliasing: wood grain stripes, plank and tile grids, fabric checks, book spines, picture and window
 * frames around bright content, door panels, blind slats, curtain folds. Windows and lamp shades are
 * emissive (not shaded); everything else is Lambertian.
 */
enum Texture {
    /** Painted plaster: low-amplitude blotches. */
    PAINT,
    /** Wood grain stripes along the face's longer side (scale = stripe period). */
    WOOD,
    /** Cabinet: wood or paint; the front has door grooves and handles. */
    CABINET,
    /** Dresser / night stand: wood or paint; the front has drawer grooves and knobs. */
    DRAWERS,
    /** Upholstery: a low-contrast check (scale = cell) with fibre noise. */
    FABRIC,
    /** Mattress / bedding: quilting lines. */
    BEDDING,
    /** Floor tiles (scale = tile size) with grout in the secondary colour. */
    TILES,
    /** Floor boards (scale = board width) with per-board tone and grain. */
    PLANKS,
    /** Carpet: mottled noise. */
    CARPET,
    /** Bookshelf: shelves and book spines on the front, wood elsewhere. */
    BOOKS,
    /** Picture: a frame in the secondary colour around colourful content tinted by the base colour. */
    PICTURE,
    /** Window: frame and mullions around emissive sky. */
    WINDOW,
    /** Whiteboard: aluminium frame, white board, marker strokes. */
    WHITEBOARD,
    /** Door: wood or paint with inset panels and a handle. */
    DOOR,
    /** Blinds: horizontal slats (scale = slat height). */
    BLINDS,
    /** Curtain: vertical folds (scale = fold period). */
    CURTAIN,
    /** Refrigerator: enamel with a freezer split and handles on the front. */
    APPLIANCE,
    /** Television: dark screen in a bezel on the front. */
    SCREEN,
    /** Cardboard box: brown with a tape strip on top. */
    CARDBOARD,
    /** Floor mat: border and diamond pattern. */
    MAT,
    /** Lamp shade: emissive warm light. */
    LAMPSHADE;

    private static final double TWO_PI = 2 * Math.PI;

    /**
     * Writes the albedo (or emitted colour) at the hit's face-local coordinates into out[0..2].
     * Returns true when the surface is emissive and must not be shaded.
     */
    boolean sample(Material m, Hit h, double[] out) {
        double u = h.u, v = h.v, fw = h.faceW, fh = h.faceH;
        long s = m.seed();
        switch (this) {
            case PAINT -> paint(m, u, v, out);
            case WOOD -> wood(m, u, v, fw, fh, out);
            case CABINET -> {
                surface(m, u, v, fw, fh, out);
                if (h.front) {
                    int doors = Math.max(1, (int) Math.round(fw / 0.45));
                    double dw = fw / doors;
                    double du = u - Math.floor(u / dw) * dw;
                    boolean groove = du < 0.012 || du > dw - 0.012 || v < 0.08 || v > fh - 0.03;
                    if (groove) {
                        scale(out, 0.55);
                    } else {
                        int door = (int) Math.floor(u / dw);
                        double handleU = (door & 1) == 0 ? dw - 0.06 : 0.06;
                        if (Math.abs(du - handleU) < 0.015 && Math.abs(v - (fh - 0.18)) < 0.06) {
                            set(out, 0.72, 0.72, 0.74);
                        }
                    }
                }
            }
            case DRAWERS -> {
                surface(m, u, v, fw, fh, out);
                if (h.front) {
                    int drawers = Math.max(1, (int) Math.round(fh / 0.22));
                    double dh = fh / drawers;
                    double dv = v - Math.floor(v / dh) * dh;
                    if (dv < 0.012 || u < 0.02 || u > fw - 0.02) {
                        scale(out, 0.55);
                    } else if (Math.abs(dv - dh * 0.55) < 0.02 && Math.abs(u - fw / 2) < 0.06) {
                        set(out, 0.25, 0.22, 0.2);
                    }
                }
            }
            case FABRIC -> {
                double cell = m.scale();
                boolean odd = (((long) Math.floor(u / cell) + (long) Math.floor(v / cell)) & 1) != 0;
                mix(m, odd ? 0.3 : 0, out);
                scale(out, 1 + 0.07 * HashNoise.value2(s, u * 30, v * 30) + 0.05 * HashNoise.value2(s + 7, u * 4, v * 4));
            }
            case BEDDING -> {
                double q = m.scale();
                double du = u - Math.floor(u / q) * q, dv = v - Math.floor(v / q) * q;
                mix(m, 0, out);
                if (du < 0.012 || dv < 0.012) {
                    scale(out, 0.86);
                }
                scale(out, 1 + 0.04 * HashNoise.value2(s, u * 6, v * 6));
            }
            case TILES -> {
                double t = m.scale();
                double gu = u / t, gv = v / t;
                double fu = gu - Math.floor(gu), fv = gv - Math.floor(gv);
                double grout = 0.012 / t;
                if (fu < grout || fv < grout) {
                    set(out, m.r2(), m.g2(), m.b2());
                } else {
                    long tile = HashNoise.hash(s, (long) Math.floor(gu), (long) Math.floor(gv));
                    mix(m, 0, out);
                    scale(out, 1 + 0.09 * HashNoise.signed(tile) + 0.03 * HashNoise.value2(s, u * 10, v * 10));
                }
            }
            case PLANKS -> {
                double bw = m.scale(), len = 1.3;
                long row = (long) Math.floor(v / bw);
                double off = HashNoise.unit(HashNoise.hash(s, row)) * len;
                double along = u + off;
                long col = (long) Math.floor(along / len);
                double fv = v / bw - row, fu = along / len - col;
                if (fv < 0.06 || fu < 0.008) {
                    set(out, m.r() * 0.45, m.g() * 0.45, m.b() * 0.45);
                } else {
                    long board = HashNoise.hash(s, row, col);
                    double grain = 0.5 + 0.5 * StrictMath.sin(TWO_PI * (v / 0.045 + 0.9 * HashNoise.value2(board, along * 0.7, v * 5)));
                    mix(m, 0.35 * grain, out);
                    scale(out, 1 + 0.12 * HashNoise.signed(board));
                }
            }
            case CARPET -> {
                mix(m, 0, out);
                scale(out, 1 + 0.12 * HashNoise.fractal2(s, u * 5, v * 5)
                        + 0.06 * HashNoise.signed(HashNoise.hash(s, (long) Math.floor(u * 45), (long) Math.floor(v * 45))));
            }
            case BOOKS -> books(m, h, out);
            case PICTURE -> {
                double frame = 0.035;
                if (u < frame || v < frame || u > fw - frame || v > fh - frame) {
                    set(out, m.r2(), m.g2(), m.b2());
                } else {
                    double k = 2.5 + 3 * HashNoise.unit(s);
                    for (int c = 0; c < 3; c++) {
                        out[c] = clamp01(0.55 + 0.45 * HashNoise.fractal2(s + 31L * (c + 1), u * k, v * k));
                    }
                    out[0] *= m.r();
                    out[1] *= m.g();
                    out[2] *= m.b();
                }
            }
            case WINDOW -> {
                double frame = 0.055, bar = 0.022;
                boolean pane = !(u < frame || v < frame || u > fw - frame || v > fh - frame);
                if (pane && fw > 0.9 && Math.abs(u - fw / 2) < bar) {
                    pane = false;
                }
                if (pane && Math.abs(v - fh * 0.62) < bar) {
                    pane = false;
                }
                if (!pane) {
                    set(out, m.r2(), m.g2(), m.b2());
                    return false;
                }
                double a = v / fh;
                out[0] = m.r() + (1.0 - m.r()) * a;
                out[1] = m.g() + (1.0 - m.g()) * a;
                out[2] = m.b() + (1.0 - m.b()) * a;
                scale(out, 1 + 0.05 * HashNoise.value2(s, u * 3, v * 3));
                return true;
            }
            case WHITEBOARD -> {
                double frame = 0.025;
                if (u < frame || v < frame || u > fw - frame || v > fh - frame) {
                    set(out, 0.7, 0.72, 0.75);
                } else {
                    mix(m, 0, out);
                    int strokes = 3 + (int) (HashNoise.unit(s) * 4);
                    for (int i = 0; i < strokes; i++) {
                        long k = HashNoise.hash(s, i);
                        double y0 = fh * (0.2 + 0.65 * HashNoise.unit(k));
                        double x0 = fw * 0.1 * (1 + HashNoise.unit(HashNoise.mix(k)));
                        double x1 = x0 + fw * (0.2 + 0.5 * HashNoise.unit(k ^ 0x1234));
                        double wave = y0 + 0.03 * StrictMath.sin(u * 9 + i);
                        if (u > x0 && u < x1 && Math.abs(v - wave) < 0.012) {
                            int pen = (int) ((k >>> 5) % 3);
                            if (pen == 0) set(out, 0.1, 0.15, 0.5);
                            else if (pen == 1) set(out, 0.6, 0.1, 0.1);
                            else set(out, 0.1, 0.1, 0.1);
                        }
                    }
                }
            }
            case DOOR -> {
                double frame = 0.05;
                if (u < frame || u > fw - frame || v > fh - frame) {
                    set(out, m.r2(), m.g2(), m.b2());
                } else {
                    surface(m, u, v, fw, fh, out);
                    double iu = u - frame, iw = fw - 2 * frame;
                    boolean line = false;
                    for (int row = 0; row < 2; row++) {
                        double v0 = row == 0 ? 0.15 : fh * 0.52, v1 = row == 0 ? fh * 0.45 : fh - frame - 0.12;
                        double u0 = 0.1, u1 = iw - 0.1;
                        boolean inside = iu > u0 && iu < u1 && v > v0 && v < v1;
                        boolean inner = iu > u0 + 0.015 && iu < u1 - 0.015 && v > v0 + 0.015 && v < v1 - 0.015;
                        line |= inside && !inner;
                    }
                    if (line) {
                        scale(out, 0.7);
                    }
                    if (Math.abs(u - (fw - frame - 0.08)) < 0.035 && Math.abs(v - 1.0) < 0.025) {
                        set(out, 0.75, 0.74, 0.7);
                    }
                }
            }
            case BLINDS -> {
                double slat = m.scale();
                double f = v / slat - Math.floor(v / slat);
                mix(m, 0, out);
                scale(out, f < 0.12 ? 0.6 : 0.85 + 0.15 * f);
            }
            case CURTAIN -> {
                double fold = 0.5 + 0.5 * StrictMath.sin(TWO_PI * u / m.scale() + 0.6 * HashNoise.value2(s, u * 2, v * 0.8));
                mix(m, 0, out);
                scale(out, (0.72 + 0.28 * fold) * (1 + 0.04 * HashNoise.value2(s + 3, u * 30, v * 30)));
            }
            case APPLIANCE -> {
                mix(m, 0, out);
                scale(out, 1 + 0.03 * v / Math.max(fh, 1e-9));
                if (h.front) {
                    double split = fh * 0.62;
                    if (Math.abs(v - split) < 0.008) {
                        scale(out, 0.5);
                    } else if (Math.abs(u - (fw - 0.07)) < 0.015
                            && ((v > fh * 0.3 && v < fh * 0.55) || (v > fh * 0.68 && v < fh * 0.9))) {
                        set(out, m.r2(), m.g2(), m.b2());
                    }
                }
            }
            case SCREEN -> {
                set(out, m.r2(), m.g2(), m.b2());
                double bezel = 0.025;
                if (h.front && u > bezel && u < fw - bezel && v > bezel && v < fh - bezel) {
                    mix(m, 0, out);
                    scale(out, 1 + 0.6 * (u / fw) * (1 - v / fh));
                }
            }
            case CARDBOARD -> {
                mix(m, 0, out);
                scale(out, 1 + 0.06 * HashNoise.value2(s, u * 8, v * 8));
                if (!h.vertical && Math.abs(v - fh / 2) < 0.03) {
                    set(out, m.r2(), m.g2(), m.b2());
                }
            }
            case MAT -> {
                double border = 0.07;
                if (u < border || v < border || u > fw - border || v > fh - border) {
                    set(out, m.r2(), m.g2(), m.b2());
                } else {
                    double p = m.scale();
                    double fu = u / p - Math.floor(u / p) - 0.5, fv = v / p - Math.floor(v / p) - 0.5;
                    mix(m, Math.abs(fu) + Math.abs(fv) < 0.28 ? 0.8 : 0, out);
                    scale(out, 1 + 0.06 * HashNoise.value2(s, u * 20, v * 20));
                }
            }
            case LAMPSHADE -> {
                mix(m, 0, out);
                scale(out, 0.9 + 0.1 * v / Math.max(fh, 1e-9));
                return true;
            }
        }
        return false;
    }

    private static void paint(Material m, double u, double v, double[] out) {
        mix(m, 0, out);
        scale(out, 1 + 0.035 * HashNoise.fractal2(m.seed(), u * 2.5, v * 2.5));
    }

    /** Grain stripes run along the face's longer side; (m.scale) is the stripe period. */
    private static void wood(Material m, double u, double v, double fw, double fh, double[] out) {
        double along = fw >= fh ? u : v, across = fw >= fh ? v : u;
        double period = m.scale() > 0 ? m.scale() : 0.06;
        double warp = 0.7 * HashNoise.value2(m.seed(), along * 0.9, across * 3);
        double w = 0.5 + 0.5 * StrictMath.sin(TWO_PI * (across / period + warp));
        mix(m, 0.6 * w * w, out);
        scale(out, 1 + 0.04 * HashNoise.value2(m.seed() + 1, u * 12, v * 12));
    }

    /** Wood when the material has a grain period, paint otherwise. */
    private static void surface(Material m, double u, double v, double fw, double fh, double[] out) {
        if (m.scale() > 0) {
            wood(m, u, v, fw, fh, out);
        } else {
            paint(m, u, v, out);
        }
    }

    private static void books(Material m, Hit h, double[] out) {
        double u = h.u, v = h.v, fw = h.faceW, fh = h.faceH;
        wood(m, u, v, fw, fh, out);
        double board = 0.03;
        if (!h.front || u < board || u > fw - board || v < 0.08 || v > fh - board) {
            return;
        }
        double gap = 0.36;
        double inShelf = (v - 0.08) - Math.floor((v - 0.08) / gap) * gap;
        if (inShelf < board) {
            return;
        }
        long shelf = (long) Math.floor((v - 0.08) / gap);
        long s = HashNoise.hash(m.seed(), shelf);
        double x = u + HashNoise.unit(s) * 0.05;
        long spine = (long) Math.floor(x / 0.045);
        long b = HashNoise.hash(s, spine);
        double bookTop = board + (gap - board) * (0.62 + 0.33 * HashNoise.unit(b));
        if (inShelf > bookTop || HashNoise.unit(HashNoise.mix(b)) < 0.08) {
            scale(out, 0.35);
            return;
        }
        int hue = (int) ((b >>> 7) % 6);
        double tone = 0.55 + 0.45 * HashNoise.unit(b ^ 0x55AA);
        switch (hue) {
            case 0 -> set(out, 0.6 * tone, 0.12 * tone, 0.1 * tone);
            case 1 -> set(out, 0.12 * tone, 0.2 * tone, 0.5 * tone);
            case 2 -> set(out, 0.15 * tone, 0.4 * tone, 0.2 * tone);
            case 3 -> set(out, 0.85 * tone, 0.8 * tone, 0.65 * tone);
            case 4 -> set(out, 0.12 * tone, 0.12 * tone, 0.12 * tone);
            default -> set(out, 0.7 * tone, 0.5 * tone, 0.15 * tone);
        }
    }

    /** out = base + a * (second - base). */
    private static void mix(Material m, double a, double[] out) {
        out[0] = m.r() + (m.r2() - m.r()) * a;
        out[1] = m.g() + (m.g2() - m.g()) * a;
        out[2] = m.b() + (m.b2() - m.b()) * a;
    }

    private static void set(double[] out, double r, double g, double b) {
        out[0] = r;
        out[1] = g;
        out[2] = b;
    }

    private static void scale(double[] out, double f) {
        out[0] *= f;
        out[1] *= f;
        out[2] *= f;
    }

    private static double clamp01(double x) {
        return x < 0 ? 0 : Math.min(1, x);
    }
}
