package org.activeseg.acquisition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.activeseg.data.Dataset;
import org.activeseg.data.io.ImageFiles;
import org.activeseg.tensor.FloatTensor;
import org.activeseg.tensor.Npy;
import org.activeseg.tensor.NpyArray;
import org.activeseg.tensor.NpyDtype;

/**
 * Per-frame probabilities from {@code <dir>/<frame>.npy}: float32, float16 or float64 (numpy's
 * default; converted to float32 on read, then checked as float32), shaped (C, H, W)
 * (already averaged; T = 1) or (T, C, H, W) (MC samples). This is the public API's check of
 * probabilities (DESIGN.md "Data model"): the size must match the frame's colour image, every value
 * must be finite and non-negative, and each pixel's classes must sum to 1 within {@link #tolerance};
 * a violation is an exception naming the file, the pixel (x, y), the sample and the value. Backends
 * and methods do not re-check.
 */
public final class NpyProbabilities implements ProbabilitySource {
    /** Allowed |sum_c p - 1| per pixel for float32 files; float16 files get 10x (their rounding). */
    public static final double TOLERANCE_F32 = 1e-3;

    private final Path dir;
    private final Dataset dataset;
    private volatile int classes = -1;
    private final java.util.concurrent.atomic.AtomicInteger float64Files = new java.util.concurrent.atomic.AtomicInteger();

    public NpyProbabilities(Path dir, Dataset dataset) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "probabilities directory does not exist");
        }
        this.dir = dir;
        this.dataset = dataset;
    }

    public Path file(String frameId) {
        return dir.resolve(frameId + ".npy");
    }

    /** Loads and checks every listed frame once (so bad input fails before any scoring), returning C. */
    public int checkAll(Iterable<String> frameIds) throws IOException {
        for (String id : frameIds) {
            try (FloatTensor t = load(id)) {
                // load() checks everything
            }
        }
        return classes();
    }

    /** How many float64 files were read (each converted to float32), for the user to be told. */
    public int float64FilesConverted() {
        return float64Files.get();
    }

    @Override
    public int classes() {
        if (classes < 0) {
            throw new IllegalStateException("no probabilities loaded yet");
        }
        return classes;
    }

    @Override
    public FloatTensor load(String frameId) throws IOException {
        Path f = file(frameId);
        if (!Files.exists(f)) {
            throw new NoSuchFileException(f.toString(), null, "missing probabilities for frame " + frameId);
        }
        ImageFiles.Size size = ImageFiles.size(dataset.layout().color(frameId));
        try (NpyArray a = Npy.read(f)) {
            if (!a.dtype().isFloat()) {
                throw new IOException(f + ": probabilities must be float32, float16 or float64 (converted to float32),"
                        + " got " + a.dtype().descr(a.byteOrder()));
            }
            if (a.dtype() == NpyDtype.FLOAT64) {
                float64Files.incrementAndGet();
            }
            long[] s = a.shape();
            long t, c, h, w;
            if (s.length == 3) {
                t = 1; c = s[0]; h = s[1]; w = s[2];
            } else if (s.length == 4) {
                t = s[0]; c = s[1]; h = s[2]; w = s[3];
            } else {
                throw new IOException(f + ": probabilities must be (C, H, W) or (T, C, H, W), got shape " + Arrays.toString(s));
            }
            if (h != size.height() || w != size.width()) {
                throw new IOException(f + ": probability map is " + w + "x" + h + " but frame " + frameId + " is " + size);
            }
            if (t < 1 || c < 2) {
                throw new IOException(f + ": need at least 1 sample and 2 classes, got shape " + Arrays.toString(s));
            }
            synchronized (this) {
                if (classes < 0) {
                    classes = (int) c;
                } else if (classes != c) {
                    throw new IOException(f + ": " + c + " classes, but earlier frames have " + classes);
                }
            }
            FloatTensor tensor = a.toFloatTensor(t, c, h * w);
            try {
                check(tensor, f, (int) w, a.dtype() == NpyDtype.FLOAT16 ? 10 * TOLERANCE_F32 : TOLERANCE_F32);
                return tensor;
            } catch (IOException | RuntimeException e) {
                tensor.close();
                throw e;
            }
        }
    }

    private static void check(FloatTensor p, Path file, int width, double tolerance) throws IOException {
        String violation = ProbabilityCheck.firstViolation(p, width, tolerance);
        if (violation != null) {
            throw new IOException(file + ": " + violation);
        }
    }
}
