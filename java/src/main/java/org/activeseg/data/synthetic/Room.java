package org.activeseg.data.synthetic;

import java.util.ArrayList;
import java.util.List;

/**
 * The geometry, materials and light of one synthetic room, and the ray caster over them.
 *
 * <p>World axes: z up, the room interior is the box [0, sx] x [0, sy] x [0, sz]. Its six faces,
 * indexed 0: x = 0, 1: x = sx, 2: y = 0, 3: y = sy (walls), 4: z = 0 (floor), 5: z = sz
 * (ceiling), are seen from inside; each carries a material and an ordered list of decals (the
 * first decal containing a point wins). Face-local coordinates: a face whose normal is along x
 * uses (u, v) = (y, z), along y uses (x, z), along z uses (x, y). Furniture is a list of objects,
 * each a group of axis-aligned {@link Part}s with the group's bounding box for culling.
 *
 * <p>{@link #trace} returns the nearest surface along a ray from a point inside the room and not
 * inside any part. A point's label depends only on which part or decal contains it, never on the
 * view, which is what makes labels consistent across frames.
 */
final class Room {
    static final int FLOOR = 4;
    static final int CEILING = 5;

    final double sx, sy, sz;
    /** Point light position, ambient and diffuse weights, light colour. */
    final double lightX, lightY, lightZ, ambient, diffuse;
    final double lightR, lightG, lightB;

    private final int[] faceLabel;
    private final Material[] faceMaterial;
    private final Decal[][] decals;

    private final double[] box;        // 6 per part: x0 y0 z0 x1 y1 z1
    private final int[] partLabel;
    private final Material[] partMaterial;
    private final int[] partFront;
    private final double[] groupBox;   // 6 per object
    private final int[] groupStart;    // parts of object g are [groupStart[g], groupStart[g + 1])

    Room(double sx, double sy, double sz, int[] faceLabel, Material[] faceMaterial, List<Decal> decalList,
         List<List<Part>> objects, double[] light, double ambient, double diffuse, double[] lightColour) {
        if (!(sx > 0 && sy > 0 && sz > 0)) {
            throw new IllegalArgumentException("room size must be positive: " + sx + " x " + sy + " x " + sz);
        }
        this.sx = sx;
        this.sy = sy;
        this.sz = sz;
        this.faceLabel = faceLabel.clone();
        this.faceMaterial = faceMaterial.clone();
        List<List<Decal>> perFace = new ArrayList<>();
        for (int f = 0; f < 6; f++) {
            perFace.add(new ArrayList<>());
        }
        for (Decal d : decalList) {
            perFace.get(d.face()).add(d);
        }
        this.decals = new Decal[6][];
        for (int f = 0; f < 6; f++) {
            decals[f] = perFace.get(f).toArray(new Decal[0]);
        }
        int parts = objects.stream().mapToInt(List::size).sum();
        box = new double[6 * parts];
        partLabel = new int[parts];
        partMaterial = new Material[parts];
        partFront = new int[parts];
        groupBox = new double[6 * objects.size()];
        groupStart = new int[objects.size() + 1];
        int p = 0;
        for (int g = 0; g < objects.size(); g++) {
            groupStart[g] = p;
            double[] gb = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
            for (Part part : objects.get(g)) {
                double[] b = {part.x0(), part.y0(), part.z0(), part.x1(), part.y1(), part.z1()};
                System.arraycopy(b, 0, box, 6 * p, 6);
                for (int a = 0; a < 3; a++) {
                    gb[a] = Math.min(gb[a], b[a]);
                    gb[a + 3] = Math.max(gb[a + 3], b[a + 3]);
                }
                partLabel[p] = part.label();
                partMaterial[p] = part.material();
                partFront[p] = part.frontFace();
                p++;
            }
            System.arraycopy(gb, 0, groupBox, 6 * g, 6);
        }
        groupStart[objects.size()] = p;
        this.lightX = light[0];
        this.lightY = light[1];
        this.lightZ = light[2];
        this.ambient = ambient;
        this.diffuse = diffuse;
        this.lightR = lightColour[0];
        this.lightG = lightColour[1];
        this.lightB = lightColour[2];
    }

    int partCount() { return partLabel.length; }

    int objectCount() { return groupStart.length - 1; }

    int faceLabel(int face) { return faceLabel[face]; }

    /** Bounds {x0, y0, z0, x1, y1, z1} and label of part p. */
    double[] partBounds(int p) { return java.util.Arrays.copyOfRange(box, 6 * p, 6 * p + 6); }

    int partLabel(int p) { return partLabel[p]; }

    /** Distance from a point to the nearest part box (0 inside one); +infinity in an empty room. */
    double distanceToFurniture(double x, double y, double z) {
        double best = Double.POSITIVE_INFINITY;
        for (int p = 0; p < partLabel.length; p++) {
            int o = 6 * p;
            double dx = Math.max(0, Math.max(box[o] - x, x - box[o + 3]));
            double dy = Math.max(0, Math.max(box[o + 1] - y, y - box[o + 4]));
            double dz = Math.max(0, Math.max(box[o + 2] - z, z - box[o + 5]));
            best = Math.min(best, Math.sqrt(dx * dx + dy * dy + dz * dz));
        }
        return best;
    }

    List<Decal> decals(int face) { return List.of(decals[face]); }

    /**
     * Intersects the ray o + t d (t > 0) with the room and fills {@code hit} with the nearest
     * surface. The origin must lie inside the room and outside every part.
     */
    void trace(double ox, double oy, double oz, double dx, double dy, double dz, Hit hit) {
        // Exit point of the room box: the nearest of the three faces the ray moves towards.
        double best = Double.POSITIVE_INFINITY;
        int face = -1;
        if (dx != 0) {
            double t = dx > 0 ? (sx - ox) / dx : -ox / dx;
            if (t < best) { best = t; face = dx > 0 ? 1 : 0; }
        }
        if (dy != 0) {
            double t = dy > 0 ? (sy - oy) / dy : -oy / dy;
            if (t < best) { best = t; face = dy > 0 ? 3 : 2; }
        }
        if (dz != 0) {
            double t = dz > 0 ? (sz - oz) / dz : -oz / dz;
            if (t < best) { best = t; face = dz > 0 ? CEILING : FLOOR; }
        }
        if (face < 0) {
            throw new IllegalArgumentException("ray direction is zero");
        }
        int hitPart = -1;
        int groups = groupStart.length - 1;
        for (int g = 0; g < groups; g++) {
            if (!crosses(groupBox, 6 * g, ox, oy, oz, dx, dy, dz, best)) {
                continue;
            }
            for (int p = groupStart[g]; p < groupStart[g + 1]; p++) {
                double t = entry(box, 6 * p, ox, oy, oz, dx, dy, dz, best);
                if (t < best) {
                    best = t;
                    hitPart = p;
                }
            }
        }
        hit.t = best;
        double px = ox + best * dx, py = oy + best * dy, pz = oz + best * dz;
        if (hitPart >= 0) {
            fillPart(hitPart, ox, oy, oz, dx, dy, dz, px, py, pz, hit);
        } else {
            fillFace(face, px, py, pz, hit);
        }
    }

    private void fillFace(int face, double px, double py, double pz, Hit hit) {
        int axis = face >> 1;
        double sign = (face & 1) == 0 ? 1 : -1;   // faces at 0 look along +axis into the room
        hit.nx = axis == 0 ? sign : 0;
        hit.ny = axis == 1 ? sign : 0;
        hit.nz = axis == 2 ? sign : 0;
        hit.vertical = axis != 2;
        hit.front = false;
        double u = axis == 0 ? py : px;
        double v = axis == 2 ? py : pz;
        for (Decal d : decals[face]) {
            if (d.contains(u, v)) {
                hit.label = d.label();
                hit.material = d.material();
                hit.u = u - d.u0();
                hit.v = v - d.v0();
                hit.faceW = d.u1() - d.u0();
                hit.faceH = d.v1() - d.v0();
                return;
            }
        }
        hit.label = faceLabel[face];
        hit.material = faceMaterial[face];
        hit.u = u;
        hit.v = v;
        hit.faceW = axis == 0 ? sy : sx;
        hit.faceH = axis == 2 ? sy : sz;
    }

    private void fillPart(int p, double ox, double oy, double oz, double dx, double dy, double dz,
                          double px, double py, double pz, Hit hit) {
        int o = 6 * p;
        // The entry face is the slab whose near plane is crossed last.
        double tx = dx == 0 ? Double.NEGATIVE_INFINITY : ((dx > 0 ? box[o] : box[o + 3]) - ox) / dx;
        double ty = dy == 0 ? Double.NEGATIVE_INFINITY : ((dy > 0 ? box[o + 1] : box[o + 4]) - oy) / dy;
        double tz = dz == 0 ? Double.NEGATIVE_INFINITY : ((dz > 0 ? box[o + 2] : box[o + 5]) - oz) / dz;
        int axis = tx >= ty ? (tx >= tz ? 0 : 2) : (ty >= tz ? 1 : 2);
        double d = axis == 0 ? dx : axis == 1 ? dy : dz;
        double sign = d > 0 ? -1 : 1;
        hit.nx = axis == 0 ? sign : 0;
        hit.ny = axis == 1 ? sign : 0;
        hit.nz = axis == 2 ? sign : 0;
        hit.vertical = axis != 2;
        hit.front = partFront[p] == axis * 2 + (sign > 0 ? 1 : 0);
        hit.label = partLabel[p];
        hit.material = partMaterial[p];
        if (axis == 0) {
            hit.u = py - box[o + 1];
            hit.v = pz - box[o + 2];
            hit.faceW = box[o + 4] - box[o + 1];
            hit.faceH = box[o + 5] - box[o + 2];
        } else {
            hit.u = px - box[o];
            hit.faceW = box[o + 3] - box[o];
            hit.v = axis == 1 ? pz - box[o + 2] : py - box[o + 1];
            hit.faceH = axis == 1 ? box[o + 5] - box[o + 2] : box[o + 4] - box[o + 1];
        }
    }

    /** Entry parameter of the ray into box b (offset o), or +infinity when it misses, starts inside or enters beyond tMax. */
    private static double entry(double[] b, int o, double ox, double oy, double oz, double dx, double dy, double dz, double tMax) {
        double tn = Double.NEGATIVE_INFINITY, tf = tMax;
        if (dx != 0) {
            double a = (b[o] - ox) / dx, c = (b[o + 3] - ox) / dx;
            tn = Math.max(tn, Math.min(a, c));
            tf = Math.min(tf, Math.max(a, c));
        } else if (ox < b[o] || ox > b[o + 3]) {
            return Double.POSITIVE_INFINITY;
        }
        if (dy != 0) {
            double a = (b[o + 1] - oy) / dy, c = (b[o + 4] - oy) / dy;
            tn = Math.max(tn, Math.min(a, c));
            tf = Math.min(tf, Math.max(a, c));
        } else if (oy < b[o + 1] || oy > b[o + 4]) {
            return Double.POSITIVE_INFINITY;
        }
        if (dz != 0) {
            double a = (b[o + 2] - oz) / dz, c = (b[o + 5] - oz) / dz;
            tn = Math.max(tn, Math.min(a, c));
            tf = Math.min(tf, Math.max(a, c));
        } else if (oz < b[o + 2] || oz > b[o + 5]) {
            return Double.POSITIVE_INFINITY;
        }
        return tn <= tf && tn > 0 ? tn : Double.POSITIVE_INFINITY;
    }

    /** Whether the ray meets box b (offset o) at some t in (0, tMax). */
    private static boolean crosses(double[] b, int o, double ox, double oy, double oz, double dx, double dy, double dz, double tMax) {
        double tn = 0, tf = tMax;
        if (dx != 0) {
            double a = (b[o] - ox) / dx, c = (b[o + 3] - ox) / dx;
            tn = Math.max(tn, Math.min(a, c));
            tf = Math.min(tf, Math.max(a, c));
        } else if (ox < b[o] || ox > b[o + 3]) {
            return false;
        }
        if (dy != 0) {
            double a = (b[o + 1] - oy) / dy, c = (b[o + 4] - oy) / dy;
            tn = Math.max(tn, Math.min(a, c));
            tf = Math.min(tf, Math.max(a, c));
        } else if (oy < b[o + 1] || oy > b[o + 4]) {
            return false;
        }
        if (dz != 0) {
            double a = (b[o + 2] - oz) / dz, c = (b[o + 5] - oz) / dz;
            tn = Math.max(tn, Math.min(a, c));
            tf = Math.min(tf, Math.max(a, c));
        } else if (oz < b[o + 2] || oz > b[o + 5]) {
            return false;
        }
        return tn <= tf;
    }
}
