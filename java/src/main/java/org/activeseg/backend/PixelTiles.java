package org.activeseg.backend;

/**
 * A frame's pixels cut into rectangles of {@link #TILE_WIDTH} x {@link #TILE_HEIGHT} (the last column
 * and row of tiles may be narrower), numbered row by row: the groups in which a streaming
 * {@link ViewAccumulator} adds landed points. Points of one source that land in one small rectangle of
 * the target come from one small region of the source, so reading their rows in source pixel order
 * reads a few runs of consecutive rows (about 20 points a run in the benchmark's scene, against 5 for
 * bands of 512 target pixels, whose 1.6 image rows map to long thin strips of the source); the adds
 * of a tile's sums stay in a core's L2 cache. Each pixel's tile and index inside its tile are looked
 * up in tables made once per frame size.
 */
public final class PixelTiles {
    /** Tile width in pixels. */
    public static final int TILE_WIDTH = 32;
    /** Tile height in pixels. */
    public static final int TILE_HEIGHT = 16;
    /** Pixels of a whole tile. */
    public static final int TILE_PIXELS = TILE_WIDTH * TILE_HEIGHT;

    private static final java.util.concurrent.atomic.AtomicReference<PixelTiles> LAST =
            new java.util.concurrent.atomic.AtomicReference<>();

    private final int width;
    private final int height;
    private final int across;
    private final int count;
    /** Per pixel, its tile. */
    private final int[] tile;
    /** Per pixel, {@code (y mod TILE_HEIGHT) * TILE_WIDTH + (x mod TILE_WIDTH)}. */
    private final int[] local;

    private PixelTiles(int width, int height) {
        if (width < 1 || height < 1 || (long) width * height > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a frame of " + width + " x " + height + " pixels");
        }
        this.width = width;
        this.height = height;
        this.across = (width + TILE_WIDTH - 1) / TILE_WIDTH;
        this.count = across * ((height + TILE_HEIGHT - 1) / TILE_HEIGHT);
        this.tile = new int[width * height];
        this.local = new int[width * height];
        for (int y = 0, u = 0; y < height; y++) {
            for (int x = 0; x < width; x++, u++) {
                tile[u] = (y / TILE_HEIGHT) * across + x / TILE_WIDTH;
                local[u] = (y % TILE_HEIGHT) * TILE_WIDTH + x % TILE_WIDTH;
            }
        }
    }

    /** The tiles of a {@code width} x {@code height} frame (the last size asked for is kept and shared). */
    public static PixelTiles of(int width, int height) {
        PixelTiles t = LAST.get();
        if (t == null || t.width != width || t.height != height) {
            t = new PixelTiles(width, height);
            LAST.set(t);
        }
        return t;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int pixels() {
        return width * height;
    }

    /** Number of tiles. */
    public int count() {
        return count;
    }

    /** The tile of pixel {@code u} (row-major index). */
    public int tileOf(int u) {
        return tile[u];
    }

    /** Pixel {@code u}'s index in its tile, {@code (y mod TILE_HEIGHT) * TILE_WIDTH + (x mod TILE_WIDTH)}. */
    public int localOf(int u) {
        return local[u];
    }

    /** First column of tile {@code t}. */
    public int x0(int t) {
        return (t % across) * TILE_WIDTH;
    }

    /** First row of tile {@code t}. */
    public int y0(int t) {
        return (t / across) * TILE_HEIGHT;
    }

    /** Columns of tile {@code t} (TILE_WIDTH but in the last column of tiles). */
    public int widthOf(int t) {
        return Math.min(TILE_WIDTH, width - x0(t));
    }

    /** Rows of tile {@code t} (TILE_HEIGHT but in the last row of tiles). */
    public int heightOf(int t) {
        return Math.min(TILE_HEIGHT, height - y0(t));
    }
}
