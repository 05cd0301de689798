package org.activeseg.data.synthetic;

/**
 * A flat labelled region painted onto a room face (door, window, picture, whiteboard, curtain,
 * blinds on walls; a mat on the floor). Decals lie in the face plane, so their label is a function
 * of the surface point and stays consistent across views. Coordinates are the face's (u, v) in
 * metres (walls: u along the wall, v = height; floor: u = x, v = y); see {@link Room}.
 */
record Decal(int face, double u0, double v0, double u1, double v1, int label, Material material) {

    Decal {
        if (face < 0 || face > 5) {
            throw new IllegalArgumentException("decal face must be 0..5: " + face);
        }
        if (!(u0 < u1 && v0 < v1)) {
            throw new IllegalArgumentException("empty decal [" + u0 + "," + u1 + "]x[" + v0 + "," + v1 + "]");
        }
    }

    boolean contains(double u, double v) {
        return u >= u0 && u < u1 && v >= v0 && v < v1;
    }

    boolean overlaps(double a0, double b0, double a1, double b1, double margin) {
        return a0 < u1 + margin && a1 > u0 - margin && b0 < v1 + margin && b1 > v0 - margin;
    }
}
