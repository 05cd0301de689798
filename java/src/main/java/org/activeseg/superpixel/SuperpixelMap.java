package org.activeseg.superpixel;

import java.util.HashMap;
import java.util.Map;

/**
 * A superpixel segmentation of one W x H image: {@code ids[y * width + x]} is the superpixel
 * of pixel (x, y), with ids contiguous in 0..count-1 and numbered in raster order of first
 * appearance (the superpixel containing pixel 0 is 0, the next new id met scanning rows
 * top to bottom, left to right is 1, and so on). That numbering makes a map independent of
 * the ids an algorithm happened to use internally, so equal segmentations compare equal.
 *
 * <p>A superpixel is a set of pixels with one id; this class does not require it to be
 * 4-connected (SEEDS can, rarely, leave a label in two pieces).
 *
 * @param width  image width in pixels
 * @param height image height in pixels
 * @param count  number of distinct superpixels
 * @param ids    (H, W) row-major superpixel ids in 0..count-1; owned by the map, do not modify
 */
public record SuperpixelMap(int width, int height, int count, int[] ids) {

    public SuperpixelMap {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("superpixel map size must be positive, got " + width + "x" + height);
        }
        long pixels = (long) width * height;
        if (ids == null || ids.length != pixels) {
            throw new IllegalArgumentException("superpixel map of " + width + "x" + height + " needs " + pixels
                    + " ids, got " + (ids == null ? "none" : String.valueOf(ids.length)));
        }
        if (count < 1 || count > pixels) {
            throw new IllegalArgumentException("superpixel count " + count + " impossible for " + width + "x" + height);
        }
    }

    /**
     * Renumbers arbitrary integer labels (H, W row-major) to contiguous ids in raster order of
     * first appearance. {@code labels} is not modified.
     */
    public static SuperpixelMap fromLabels(int[] labels, int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("superpixel map size must be positive, got " + width + "x" + height);
        }
        if (labels == null || labels.length != (long) width * height) {
            throw new IllegalArgumentException("labels for " + width + "x" + height + " need " + (long) width * height
                    + " values, got " + (labels == null ? "none" : String.valueOf(labels.length)));
        }
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int v : labels) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        int[] ids = new int[labels.length];
        int next = 0;
        if (min >= 0 && max <= 4 * labels.length) {
            int[] map = new int[max + 1];
            java.util.Arrays.fill(map, -1);
            for (int i = 0; i < labels.length; i++) {
                int m = map[labels[i]];
                if (m < 0) {
                    m = next++;
                    map[labels[i]] = m;
                }
                ids[i] = m;
            }
        } else {
            Map<Integer, Integer> map = new HashMap<>();
            for (int i = 0; i < labels.length; i++) {
                Integer m = map.get(labels[i]);
                if (m == null) {
                    m = next++;
                    map.put(labels[i], m);
                }
                ids[i] = m;
            }
        }
        return new SuperpixelMap(width, height, next, ids);
    }

    public int pixels() { return width * height; }

    /** Pixel count of each superpixel, indexed by id. */
    public int[] sizes() {
        int[] sizes = new int[count];
        for (int id : ids) {
            sizes[id]++;
        }
        return sizes;
    }
}
