package org.activeseg.acquisition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.activeseg.report.Json;

/**
 * The JSON document `activeseg score --out FILE.json` writes (schema in the README):
 * <pre>
 * {"method", "compat", "backend", "budget_pixels", "selected_pixels", "parameters": {...},
 *  "frames": [{"id", "score", "superpixels": [{"id", "view_entropy", "view_divergence", "score"}]}],
 *  "selection": [{"frame", "superpixel": id | "window": {"x", "y", "radius"} | "pixel": {"x", "y"}, "pixels"}]}
 * </pre>
 * Non-finite numbers are written as null; "superpixels" appears only for methods that score them.
 */
public final class AcquisitionJson {
    private AcquisitionJson() {}

    public static String render(AcquisitionResult r, String backend, long budgetPixels) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("method", r.method());
        doc.put("compat", r.compat());
        doc.put("backend", backend);
        doc.put("budget_pixels", budgetPixels);
        doc.put("selected_pixels", r.selection().stream().mapToLong(AcquisitionResult.Selection::pixels).sum());
        doc.put("parameters", new java.util.TreeMap<>(r.parameters()));
        List<Object> frames = new ArrayList<>();
        for (AcquisitionResult.FrameScore f : r.frames()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", f.id());
            m.put("score", f.score());
            if (!f.superpixels().isEmpty()) {
                List<Object> sps = new ArrayList<>();
                for (AcquisitionResult.SuperpixelScore s : f.superpixels()) {
                    Map<String, Object> sm = new LinkedHashMap<>();
                    sm.put("id", s.id());
                    sm.put("view_entropy", s.viewEntropy());
                    sm.put("view_divergence", s.viewDivergence());
                    sm.put("score", s.score());
                    sps.add(sm);
                }
                m.put("superpixels", sps);
            }
            frames.add(m);
        }
        doc.put("frames", frames);
        List<Object> sel = new ArrayList<>();
        for (AcquisitionResult.Selection s : r.selection()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("frame", s.frame());
            switch (s.kind()) {
                case SUPERPIXEL -> m.put("superpixel", s.unit());
                case WINDOW -> {
                    Map<String, Object> w = new LinkedHashMap<>();
                    w.put("x", s.x());
                    w.put("y", s.y());
                    w.put("radius", s.radius());
                    m.put("window", w);
                }
                case PIXEL -> {
                    Map<String, Object> p = new LinkedHashMap<>();
                    p.put("x", s.x());
                    p.put("y", s.y());
                    m.put("pixel", p);
                }
                case FRAME -> { }
            }
            m.put("pixels", s.pixels());
            sel.add(m);
        }
        doc.put("selection", sel);
        return Json.write(doc);
    }
}
