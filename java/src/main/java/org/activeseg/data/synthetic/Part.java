package org.activeseg.data.synthetic;

/**
 * One axis-aligned box of a piece of furniture, in world metres (z up), with its train id and
 * material. {@code frontFace} is the face that carries the object's front (drawers, doors, book
 * spines): axis * 2 + (1 when the outward normal points along +axis), or -1 for none.
 */
record Part(double x0, double y0, double z0, double x1, double y1, double z1, int label, Material material, int frontFace) {

    /** Side face index after a quarter turn counter-clockwise: -x -> -y, +x -> +y, -y -> +x, +y -> -x. */
    private static final int[] QUARTER_TURN = {2, 3, 1, 0};

    Part {
        if (!(x0 < x1 && y0 < y1 && z0 < z1)) {
            throw new IllegalArgumentException("empty part box [" + x0 + "," + x1 + "]x[" + y0 + "," + y1 + "]x[" + z0 + "," + z1 + "]");
        }
        if (label < 0 || label >= 40) {
            throw new IllegalArgumentException("part label must be a train id 0..39: " + label);
        }
    }

    /** This part rotated by r quarter turns about the vertical axis through the origin, then shifted. */
    Part rotated(int r, double dx, double dy) {
        double ax = x0, ay = y0, bx = x1, by = y1;
        double px, py, qx, qy;
        switch (r & 3) {
            case 0 -> { px = ax; py = ay; qx = bx; qy = by; }
            case 1 -> { px = -by; py = ax; qx = -ay; qy = bx; }
            case 2 -> { px = -bx; py = -by; qx = -ax; qy = -ay; }
            default -> { px = ay; py = -bx; qx = by; qy = -ax; }
        }
        int front = frontFace;
        if (front >= 0 && front < 4) {
            for (int i = 0; i < (r & 3); i++) {
                front = QUARTER_TURN[front];
            }
        }
        return new Part(Math.min(px, qx) + dx, Math.min(py, qy) + dy, z0, Math.max(px, qx) + dx, Math.max(py, qy) + dy, z1,
                label, material, front);
    }
}
