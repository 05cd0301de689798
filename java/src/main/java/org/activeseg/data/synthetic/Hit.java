package org.activeseg.data.synthetic;

/**
 * The nearest surface a ray meets in a {@link Room}: ray parameter, label, outward normal, the
 * material and the face-local coordinates its texture is evaluated at. One instance per rendering
 * thread is reused for every pixel, so tracing allocates nothing.
 */
final class Hit {
    /** Ray parameter; with a ray direction whose camera z is 1 this is the z-depth in metres. */
    double t;
    /** Train id of the surface. */
    int label;
    /** Unit normal facing into the room (room faces) or out of the box (furniture). */
    double nx, ny, nz;
    Material material;
    /** Face-local coordinates (metres from the face or decal corner) and the face's extent. */
    double u, v, faceW, faceH;
    /** The face's normal is horizontal (a wall or the side of a box). */
    boolean vertical;
    /** The face is the front of its object (drawers, doors, book spines are drawn there). */
    boolean front;
}
