package org.activeseg.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The streaming layout of {@link ViewAccumulator} ((P, C) heap rows, points grouped by tile of
 * target pixels) against the batch layout ((C, P) planes, a correspondence map per source): the same
 * VE and VD within 1e-6 relative (only the order of the cross term's additions differs); the banded,
 * parallel {@link ViewAccumulator#addAll} equal to one {@link ViewAccumulator#add} per source (VE bit
 * for bit: the class sums take the points in the same order; VD within 1e-6: addAll sums the log rows
 * before one dot product per pixel); removal takes a source out again; tile starts that do not cover the points, and a
 * point listed in another tile than its target pixel's, are refused. The size leaves partial tiles at the right and
 * the bottom, and several source pixels land on one target pixel.
 */
class ViewAccumulatorRowsTest {
    private static final int C = 7;
    private static final int W = 50, H = 26, P = W * H;  // tiles of 32 x 16: 32 x 16, 18 x 16, 32 x 10, 18 x 10
    private static final PixelTiles TILES = PixelTiles.of(W, H);

    private static float[] planes(SplittableRandom r) {
        float[] v = new float[C * P];
        for (int i = 0; i < P; i++) {
            double[] e = new double[C];
            double s = 0;
            for (int k = 0; k < C; k++) {
                e[k] = Math.exp(3 * r.nextDouble());
                s += e[k];
            }
            for (int k = 0; k < C; k++) {
                v[k * P + i] = (float) (e[k] / s);
            }
        }
        return v;
    }

    private static float[] rowsOf(float[] planes) {
        float[] rows = new float[planes.length];
        for (int k = 0; k < C; k++) {
            for (int i = 0; i < P; i++) {
                rows[i * C + k] = planes[k * P + i];
            }
        }
        return rows;
    }

    private static float[] logsOf(float[] v) {
        float[] logs = new float[v.length];
        ViewAccumulator.tabulateLogs(v, logs, 0, v.length);
        return logs;
    }

    /** A correspondence map: about a third of the pixels miss, and targets repeat. */
    private static int[] correspondences(SplittableRandom r) {
        int[] corr = new int[P];
        for (int i = 0; i < P; i++) {
            corr[i] = r.nextInt(3) == 0 ? -1 : r.nextInt(P);
        }
        return corr;
    }

    /** The points of a map grouped by tile, stably (an independent statement of the layout). */
    private static ViewAccumulator.RowPoints tiled(int[] corr, float[] rows, float[] logs) {
        int across = (W + 31) / 32;
        int tiles = across * ((H + 15) / 16);
        java.util.function.IntUnaryOperator tileOf = u -> (u / W / 16) * across + (u % W) / 32;
        int[] order = IntStream.range(0, P).filter(i -> corr[i] >= 0).boxed()
                .sorted((a, b) -> Integer.compare(tileOf.applyAsInt(corr[a]), tileOf.applyAsInt(corr[b])))
                .mapToInt(Integer::intValue).toArray();
        int[] starts = new int[tiles + 1];
        for (int i : order) {
            starts[tileOf.applyAsInt(corr[i]) + 1]++;
        }
        for (int t = 0; t < tiles; t++) {
            starts[t + 1] += starts[t];
        }
        int[] targets = Arrays.stream(order).map(i -> corr[i]).toArray();
        return new ViewAccumulator.RowPoints(order, targets, order.length, rows, logs, starts);
    }

    private record Written(float[] ve, float[] vd) {}

    private static Written write(ViewAccumulator acc) {
        float[] ve = new float[P];
        float[] vd = new float[P];
        acc.write(MemorySegment.ofArray(ve), MemorySegment.ofArray(vd), 0);
        return new Written(ve, vd);
    }

    @Test
    void rowsMatchPlanesAndBandedAddAllMatchesOneAddPerSource() {
        SplittableRandom r = new SplittableRandom(5);
        float[] target = planes(r);
        float[] targetRows = rowsOf(target);
        List<float[]> sources = new ArrayList<>();
        List<int[]> maps = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            sources.add(planes(r));
            maps.add(correspondences(r));
        }
        ViewAccumulator batch = new ViewAccumulator(C, P, MemorySegment.ofArray(target), MemorySegment.ofArray(logsOf(target)), 0);
        ViewAccumulator oneByOne = ViewAccumulator.ofRows(C, TILES, targetRows, logsOf(targetRows));
        ViewAccumulator all = ViewAccumulator.ofRows(C, TILES, targetRows, logsOf(targetRows));
        List<ViewAccumulator.RowPoints> points = new ArrayList<>();
        long landed = 0;
        for (int s = 0; s < sources.size(); s++) {
            float[] planes = sources.get(s);
            landed += batch.add(maps.get(s), MemorySegment.ofArray(planes), MemorySegment.ofArray(logsOf(planes)), 0);
            float[] rows = rowsOf(planes);
            ViewAccumulator.RowPoints p = tiled(maps.get(s), rows, logsOf(rows));
            oneByOne.add(p);
            points.add(p);
        }
        assertEquals(landed, all.addAll(points, 2));
        assertEquals(landed, all.landed());
        Written expected = write(batch);
        Written sequential = write(oneByOne);
        Written parallel = write(all);
        assertArrayEquals(sequential.ve(), parallel.ve(), "tiled addAll vs add per source: VE");
        for (int u = 0; u < P; u++) {
            assertClose(sequential.vd()[u], parallel.vd()[u], "tiled addAll vs add per source: VD at " + u);
        }
        int reached = 0;
        for (int u = 0; u < P; u++) {
            assertClose(expected.ve()[u], parallel.ve()[u], "VE at " + u);
            assertClose(expected.vd()[u], parallel.vd()[u], "VD at " + u);
            reached += expected.ve()[u] > 0 ? 1 : 0;
        }
        assertTrue(reached > P / 2, "most pixels are reached: " + reached);
    }

    @Test
    void preparedRowsEqualTransposedRowsLogsAndOfRowsRangeByRange() {
        SplittableRandom r = new SplittableRandom(21);
        float[] planes = planes(r);
        float[] rows = rowsOf(planes);
        float[] logs = logsOf(rows);
        ViewAccumulator plain = ViewAccumulator.ofRows(C, TILES, rows, logs);
        float[] preparedRows = new float[C * P];
        float[] preparedLogs = new float[C * P];
        ViewAccumulator.RowState state = ViewAccumulator.RowState.allocate(C, P);
        java.util.Arrays.fill(state.sums(), 7.0);
        java.util.Arrays.fill(state.count(), 3);
        java.util.Arrays.fill(state.divergence(), -1.0);
        // uneven ranges, one empty, in reverse order: every range prepares only its own pixels
        int[] cuts = {P, P - 5, 41, 41, 7, 0};
        for (int j = 0; j + 1 < cuts.length; j++) {
            ViewAccumulator.prepareRows(C, P, planes, preparedRows, preparedLogs, state, cuts[j + 1], cuts[j]);
        }
        assertArrayEquals(rows, preparedRows);
        assertArrayEquals(logs, preparedLogs);
        ViewAccumulator prepared = ViewAccumulator.ofPreparedRows(C, TILES, preparedRows, preparedLogs, state);
        ViewAccumulator.RowState want = plain.state();
        assertArrayEquals(want.self(), state.self());
        assertArrayEquals(want.sums(), state.sums());
        assertArrayEquals(want.count(), state.count());
        assertArrayEquals(want.divergence(), state.divergence());
        float[] sourceRows = rowsOf(planes(r));
        ViewAccumulator.RowPoints points = tiled(correspondences(r), sourceRows, logsOf(sourceRows));
        plain.add(points);
        prepared.add(points);
        assertEquals(plain.landed(), prepared.landed());
        assertArrayEquals(plain.state().sums(), prepared.state().sums());
        assertArrayEquals(plain.state().divergence(), prepared.state().divergence());
        assertThrows(IllegalArgumentException.class,
                () -> ViewAccumulator.prepareRows(C, P, planes, preparedRows, preparedLogs, state, 5, P + 1));
        assertThrows(IllegalArgumentException.class,
                () -> ViewAccumulator.prepareRows(C, P, new float[C * P - 1], preparedRows, preparedLogs, state, 0, P));
    }

    @Test
    void removingASourceLeavesTheOthers() {
        SplittableRandom r = new SplittableRandom(9);
        float[] targetRows = rowsOf(planes(r));
        ViewAccumulator kept = ViewAccumulator.ofRows(C, TILES, targetRows, logsOf(targetRows));
        ViewAccumulator churned = ViewAccumulator.ofRows(C, TILES, targetRows, logsOf(targetRows));
        float[] a = rowsOf(planes(r));
        float[] b = rowsOf(planes(r));
        ViewAccumulator.RowPoints pa = tiled(correspondences(r), a, logsOf(a));
        ViewAccumulator.RowPoints pb = tiled(correspondences(r), b, logsOf(b));
        kept.add(pb);
        churned.addAll(List.of(pa, pb), 2);
        churned.remove(pa);
        assertEquals(kept.landed(), churned.landed());
        Written w1 = write(kept);
        Written w2 = write(churned);
        for (int u = 0; u < P; u++) {
            assertClose(w1.ve()[u], w2.ve()[u], "VE at " + u);
            assertClose(w1.vd()[u], w2.vd()[u], "VD at " + u);
        }
    }

    /** The points of {@code p} placed at {@code at} in arrays {@code pad} longer, other values around them. */
    private static ViewAccumulator.RowPoints shifted(ViewAccumulator.RowPoints p, int at, int pad) {
        int[] s = new int[at + p.count() + pad];
        int[] t = new int[s.length];
        Arrays.fill(s, P - 1);
        Arrays.fill(t, 0);
        System.arraycopy(p.sources(), 0, s, at, p.count());
        System.arraycopy(p.targets(), 0, t, at, p.count());
        int[] starts = Arrays.stream(p.tileStarts()).map(x -> x + at).toArray();
        return new ViewAccumulator.RowPoints(s, t, p.count(), p.rows(), p.logRows(), starts);
    }

    @Test
    void pointsInsideLargerArraysAddAndRemoveOnlyTheirRange() {
        SplittableRandom r = new SplittableRandom(11);
        float[] targetRows = rowsOf(planes(r));
        float[] a = rowsOf(planes(r));
        float[] b = rowsOf(planes(r));
        ViewAccumulator.RowPoints pa = tiled(correspondences(r), a, logsOf(a));
        ViewAccumulator.RowPoints pb = tiled(correspondences(r), b, logsOf(b));
        ViewAccumulator.RowPoints qa = shifted(pa, 37, 5);
        ViewAccumulator.RowPoints qb = shifted(pb, 1000, 0);
        ViewAccumulator plain = ViewAccumulator.ofRows(C, TILES, targetRows, logsOf(targetRows));
        ViewAccumulator offset = ViewAccumulator.ofRows(C, TILES, targetRows, logsOf(targetRows));
        ViewAccumulator grouped = ViewAccumulator.ofRows(C, TILES, targetRows, logsOf(targetRows));
        plain.add(pa);
        plain.add(pb);
        assertEquals(pa.count(), offset.add(qa));
        assertEquals(pb.count(), offset.add(qb));
        assertEquals(pa.count() + pb.count(), grouped.addAll(List.of(qa, qb), 2));
        Written expected = write(plain);
        assertArrayEquals(expected.ve(), write(offset).ve(), "add at an offset: VE");
        assertArrayEquals(expected.vd(), write(offset).vd(), "add at an offset: VD");
        Written all = write(grouped);
        for (int u = 0; u < P; u++) {
            assertClose(expected.ve()[u], all.ve()[u], "addAll at an offset: VE at " + u);
            assertClose(expected.vd()[u], all.vd()[u], "addAll at an offset: VD at " + u);
        }
        plain.remove(pa);
        offset.remove(qa);
        assertEquals(plain.landed(), offset.landed());
        assertArrayEquals(write(plain).vd(), write(offset).vd(), "remove at an offset: VD");
        assertThrows(IllegalArgumentException.class, () -> offset.add(new ViewAccumulator.RowPoints(
                qb.sources(), qb.targets(), qb.count() + 1, b, logsOf(b), qb.tileStarts())), "count beyond the tile starts");
        int[] past = Arrays.stream(pb.tileStarts()).map(x -> x + 1001).toArray();
        assertThrows(IllegalArgumentException.class, () -> offset.add(new ViewAccumulator.RowPoints(
                qb.sources(), qb.targets(), qb.count(), b, logsOf(b), past)), "points past the arrays' end");
    }

    @Test
    void tileStartsThatDoNotCoverThePointsAreRefused() {
        SplittableRandom r = new SplittableRandom(3);
        float[] rows = rowsOf(planes(r));
        ViewAccumulator acc = ViewAccumulator.ofRows(C, TILES, rows, logsOf(rows));
        ViewAccumulator.RowPoints p = tiled(correspondences(r), rows, logsOf(rows));
        int[] short_ = Arrays.copyOf(p.tileStarts(), p.tileStarts().length - 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> acc.add(
                new ViewAccumulator.RowPoints(p.sources(), p.targets(), p.count(), rows, logsOf(rows), short_)));
        assertTrue(e.getMessage().contains("tiles"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> acc.add(new ViewAccumulator.RowPoints(p.sources(), p.targets(),
                p.count(), Arrays.copyOf(rows, rows.length - 1), logsOf(rows), p.tileStarts())));
        assertEquals(0, acc.landed(), "a refused add changes nothing");
    }

    @Test
    void aPointListedInAnotherTileIsRefused() {
        SplittableRandom r = new SplittableRandom(4);
        float[] rows = rowsOf(planes(r));
        ViewAccumulator acc = ViewAccumulator.ofRows(C, TILES, rows, logsOf(rows));
        // target pixel (40, 20) is in tile 3; list it alone in tile 0
        int u = 20 * W + 40;
        assertEquals(3, TILES.tileOf(u));
        assertEquals((20 - 16) * 32 + (40 - 32), TILES.localOf(u));
        int[] starts = {0, 1, 1, 1, 1};
        ViewAccumulator.RowPoints wrong = new ViewAccumulator.RowPoints(new int[] {5}, new int[] {u}, 1, rows,
                logsOf(rows), starts);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> acc.addAll(List.of(wrong), 1));
        assertTrue(e.getMessage().contains("target pixel " + u + " of tile 3") && e.getMessage().contains("tile 0"),
                e.getMessage());
    }

    private static void assertClose(float expected, float actual, String what) {
        double tol = 1e-6 * Math.abs(expected) + 1e-7;
        if (!(Math.abs(expected - actual) <= tol)) {
            throw new AssertionError(what + ": " + actual + " vs " + expected);
        }
    }
}
