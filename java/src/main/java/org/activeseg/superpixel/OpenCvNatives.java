package org.activeseg.superpixel;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_ximgproc;

/**
 * Loads the bytedeco OpenCV natives (core, imgproc, ximgproc) on first use, once per JVM.
 *
 * <p>Loading is lazy because the first load extracts the native libraries to
 * {@code ~/.javacpp/cache} (slow, and impossible on a read-only home); nothing else in the
 * project should pay for it, or fail on it, unless it computes superpixels. A failure is
 * remembered and rethrown on every later call with the original error as its cause, so
 * the reason is never lost to a later NoClassDefFoundError.
 */
final class OpenCvNatives {
    private static final Object LOCK = new Object();
    private static boolean loaded;
    private static IllegalStateException failure;

    private OpenCvNatives() {}

    /** Loads the natives or throws IllegalStateException carrying the loader's error. */
    static void require() {
        synchronized (LOCK) {
            if (loaded) {
                return;
            }
            if (failure != null) {
                throw new IllegalStateException(failure.getMessage(), failure.getCause());
            }
            try {
                Loader.load(opencv_ximgproc.class);
                loaded = true;
            } catch (LinkageError | RuntimeException e) {
                failure = new IllegalStateException("cannot load the OpenCV natives (org.bytedeco opencv "
                        + "ximgproc for " + Loader.getPlatform() + ", extracted under "
                        + System.getProperty("org.bytedeco.javacpp.cachedir", "~/.javacpp/cache") + "): " + e, e);
                throw failure;
            }
        }
    }
}
