package org.activeseg.acquisition.viewal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.activeseg.acquisition.AcquisitionRequest;
import org.activeseg.acquisition.AcquisitionResult;
import org.activeseg.acquisition.Budget;
import org.activeseg.acquisition.LabelState;
import org.activeseg.acquisition.MapSink;
import org.activeseg.backend.ReferenceScoringBackend;
import org.activeseg.backend.ScoringBackend;
import org.activeseg.backend.cuda.CudaScoringBackend;
import org.activeseg.testing.CudaRequirement;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The viewal method end to end on the CUDA backend against the Java reference, on random scenes of
 * several frames (SyntheticScenes): every VE and VD map within 1e-5, frame scores within 1e-5, and
 * the selection identical, in default and compat mode. Needs a GPU: skips with the reasons printed,
 * or fails with -Dactiveseg.test.requireCuda=true.
 */
class CudaViewAlMethodIT {
    @RegisterExtension
    static final CudaRequirement<CudaScoringBackend> CUDA = CudaRequirement.scoringBackend();

    private static AcquisitionResult run(SyntheticScenes s, ScoringBackend backend, boolean compat,
                                         Map<String, float[]> maps) throws IOException {
        MapSink sink = (frame, name, values, w, h) -> maps.put(frame + "/" + name, values.clone());
        return new ViewAlMethod().run(new AcquisitionRequest(s.dataset, s.dataset.frameIds(), s.source(),
                Budget.fraction(0.3), compat, Map.of(), LabelState.empty(), backend, sink, 0));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void sameMapsAndSelectionAsTheReference(boolean compat) throws IOException {
        SyntheticScenes s = new SyntheticScenes(21, new int[] {5, 3, 4}, 6, 3);
        Map<String, float[]> refMaps = new HashMap<>();
        Map<String, float[]> cudaMaps = new HashMap<>();
        AcquisitionResult ref = run(s, new ReferenceScoringBackend(), compat, refMaps);
        AcquisitionResult got = run(s, CUDA.get(), compat, cudaMaps);
        assertEquals(refMaps.keySet(), cudaMaps.keySet());
        assertTrue(refMaps.size() >= 12 * 2, "maps recorded: " + refMaps.size());
        for (String key : refMaps.keySet()) {
            float[] a = refMaps.get(key);
            float[] b = cudaMaps.get(key);
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-5, key + " pixel " + i);
            }
        }
        assertEquals(ref.frames().size(), got.frames().size());
        for (int f = 0; f < ref.frames().size(); f++) {
            assertEquals(ref.frames().get(f).id(), got.frames().get(f).id());
            assertEquals(ref.frames().get(f).score(), got.frames().get(f).score(), 1e-5, ref.frames().get(f).id());
        }
        assertEquals(ref.selection(), got.selection(), "selection");
    }
}
