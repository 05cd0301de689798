package org.activeseg.backend.cuda;

/**
 * The launch geometry of the per-pixel kernels as the library states it (as_pixel_launch_geometry;
 * the one definition is in cuda/src/pixel_kernels.cuh): {@code block} threads per block and at most
 * {@code maxBlocks} blocks of a grid-stride loop. The JCuda route launches with it, so both routes
 * run the same kernel with the same grid.
 *
 * @param block     threads per block, at least 1
 * @param maxBlocks the grid cap, at least 1
 */
public record PixelLaunchGeometry(int block, long maxBlocks) {

    public PixelLaunchGeometry {
        if (block < 1 || maxBlocks < 1 || maxBlocks > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("pixel launch geometry needs block >= 1 and 1 <= maxBlocks < 2^31; the"
                    + " library reported block=" + block + " maxBlocks=" + maxBlocks);
        }
    }

    /** Blocks for {@code items} pixels: min(max(ceil(items / block), 1), maxBlocks), as pixel_grid in C. */
    public int blocks(long items) {
        if (items < 0) {
            throw new IllegalArgumentException("negative item count " + items);
        }
        long blocks = Math.max(1, items / block + (items % block == 0 ? 0 : 1));
        return (int) Math.min(blocks, maxBlocks);
    }
}
