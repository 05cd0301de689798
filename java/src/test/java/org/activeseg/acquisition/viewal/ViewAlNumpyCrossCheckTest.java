package org.activeseg.acquisition.viewal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.activeseg.acquisition.AcquisitionRequest;
import org.activeseg.acquisition.AcquisitionResult;
import org.activeseg.acquisition.Budget;
import org.activeseg.acquisition.LabelState;
import org.activeseg.data.Frame;
import org.activeseg.data.Scene;
import org.activeseg.tensor.Npy;
import org.activeseg.testing.NumpyScript;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Cross-checks the viewal method against benchmarks/python/viewal.py, a numpy statement of
 * ALGORITHMS.md section 1 written separately: VE and VD maps within 1e-5 and the selection exactly,
 * on random overlapping scenes, in the default and with the compat switches (truncated VD, invalid
 * depth projected, no suppression around the winner). Skips, saying so, without python3 + numpy.
 */
class ViewAlNumpyCrossCheckTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"11, false", "12, false", "13, true", "14, true"})
    void matchesNumpy(long seed, boolean compat) throws Exception {
        NumpyScript.script("viewal.py"); // a missing script fails even where numpy is absent
        NumpyScript.requireNumpy("ViewAlNumpyCrossCheckTest");
        SyntheticScenes s = new SyntheticScenes(seed, new int[] {3, 2}, 4, 2);
        int p = SyntheticScenes.W * SyntheticScenes.H;
        LabelState labelled = LabelState.empty();
        List<Scene> scenes = s.dataset.scenes();
        Map<String, int[]> index = new HashMap<>();
        for (int sc = 0; sc < scenes.size(); sc++) {
            List<String> ids = scenes.get(sc).frameIds();
            int n = ids.size();
            float[] depth = new float[n * p];
            float[] intr = new float[n * 4];
            float[] pose = new float[n * 16];
            float[] probs = new float[n * s.mcSamples * s.classes * p];
            int[] spx = new int[n * p];
            List<Integer> lab = new ArrayList<>();
            for (int f = 0; f < n; f++) {
                Frame fr = s.dataset.frame(ids.get(f));
                index.put(fr.id(), new int[] {sc, f});
                System.arraycopy(fr.depth(), 0, depth, f * p, p);
                intr[f * 4] = (float) fr.intrinsics().fx();
                intr[f * 4 + 1] = (float) fr.intrinsics().fy();
                intr[f * 4 + 2] = (float) fr.intrinsics().cx();
                intr[f * 4 + 3] = (float) fr.intrinsics().cy();
                double[] m = fr.pose().matrix();
                for (int k = 0; k < 16; k++) {
                    pose[f * 16 + k] = (float) m[k];
                    assertEquals(m[k], (float) m[k], "pose must be float-exact");
                }
                float[] smp = s.samples.get(fr.id());
                System.arraycopy(smp, 0, probs, f * smp.length, smp.length);
                System.arraycopy(fr.superpixels(), 0, spx, f * p, p);
                if (f == 1) {
                    labelled.labelSuperpixel(fr.id(), fr.superpixels()[0], new BitSet());
                    lab.add(f);
                    lab.add(fr.superpixels()[0]);
                }
            }
            String pre = "scene" + sc + "_";
            Npy.write(dir.resolve(pre + "depth.npy"), depth, n, SyntheticScenes.H, SyntheticScenes.W);
            Npy.write(dir.resolve(pre + "intrinsics.npy"), intr, n, 4);
            Npy.write(dir.resolve(pre + "pose.npy"), pose, n, 4, 4);
            Npy.write(dir.resolve(pre + "probs.npy"), probs, n, s.mcSamples, s.classes, p);
            Npy.write(dir.resolve(pre + "spx.npy"), spx, n, p);
            Npy.write(dir.resolve(pre + "labelled.npy"), lab.stream().mapToInt(Integer::intValue).toArray(), lab.size() / 2, 2);
        }
        long budget = 300;
        Files.writeString(dir.resolve("params.json"), String.format(
                "{\"scenes\": %d, \"world_distance_threshold\": 1.0, \"overlap_threshold\": 0.25, \"truncate_vd\": %s, "
                        + "\"project_invalid_depth\": %s, \"suppress_around_winner\": %s, \"budget\": %d}",
                scenes.size(), compat, compat, !compat, budget));
        NumpyScript.runIn(dir, "viewal.py", dir);

        Map<String, float[]> maps = new HashMap<>();
        AcquisitionResult r = new ViewAlMethod().run(new AcquisitionRequest(s.dataset, s.dataset.frameIds(), s.source(),
                Budget.pixels(budget), compat, Map.of("mask_gt_ignore", "false"), labelled, ViewAlMethodTest.BACKEND,
                (f, m, v, w, h) -> maps.put(f + "/" + m, v.clone()), 0));
        for (int sc = 0; sc < scenes.size(); sc++) {
            float[] ve = Npy.readFloat(dir.resolve("scene" + sc + "_ve.npy")).toArray();
            float[] vd = Npy.readFloat(dir.resolve("scene" + sc + "_vd.npy")).toArray();
            List<String> ids = scenes.get(sc).frameIds();
            for (int f = 0; f < ids.size(); f++) {
                float[] jve = maps.get(ids.get(f) + "/view_entropy");
                float[] jvd = maps.get(ids.get(f) + "/view_divergence");
                for (int i = 0; i < p; i++) {
                    assertEquals(ve[f * p + i], jve[i], 1e-5, "VE " + ids.get(f) + " pixel " + i);
                    assertEquals(vd[f * p + i], jvd[i], 1e-5, "VD " + ids.get(f) + " pixel " + i);
                }
            }
        }
        int[] expected = Npy.read(dir.resolve("selection.npy")).toIntArray();
        List<Integer> got = new ArrayList<>();
        for (AcquisitionResult.Selection sel : r.selection()) {
            int[] at = index.get(sel.frame());
            got.add(at[0]);
            got.add(at[1]);
            got.add(sel.unit());
        }
        assertTrue(expected.length >= 6, "the check needs a few selections");
        assertArrayEquals(expected, got.stream().mapToInt(Integer::intValue).toArray());
    }
}
