package org.activeseg.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RoundsCsvTest {

    @Test
    void quotesFieldsAsRfc4180() {
        assertEquals("plain", RoundsCsv.field("plain"));
        assertEquals("\"a,b\"", RoundsCsv.field("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", RoundsCsv.field("say \"hi\""));
        assertEquals("\"two\nlines\"", RoundsCsv.field("two\nlines"));
        assertEquals("\"cr\rhere\"", RoundsCsv.field("cr\rhere"));
        assertEquals("", RoundsCsv.field(""));
    }

    @Test
    void writesOneCrlfRowPerRecordWithClassColumnsAndEmptyNaN() {
        RoundRecord r = new RoundRecord("ent\"ropy, v2", 42, 3, 250, 1000, 0.25, 7, 2, 0.5, 0.75,
                new double[] {0.5, Double.NaN}, 1.25, Double.NaN, 1024);
        RunReport run = new RunReport("t", List.of("wall", "chair, office"), List.of(r), Double.NaN, List.of(), Map.of());
        String csv = RoundsCsv.render(run);
        assertEquals("strategy,seed,round,labelled_pixels,pool_pixels,labelled_fraction,regions,frames_touched,miou,"
                + "pixel_accuracy,iou_wall,\"iou_chair, office\",scoring_ms_per_frame,training_s,peak_memory_bytes\r\n"
                + "\"ent\"\"ropy, v2\",42,3,250,1000,0.25,7,2,0.5,0.75,0.5,,1.25,,1024\r\n", csv);
    }

    @Test
    void sampleRunHasAHeaderAndOneRowPerRecordOfEqualWidth() {
        RunReport run = SampleRuns.twoStrategies();
        String csv = RoundsCsv.render(run);
        assertTrue(csv.endsWith("\r\n"));
        String[] lines = csv.split("\r\n");
        assertEquals(run.rounds().size() + 1, lines.length);
        int columns = RoundsCsv.FIXED_COLUMNS.size() + run.classNames().size() + RoundsCsv.COST_COLUMNS.size();
        for (String line : lines) {
            assertEquals(columns, splitQuoted(line).size(), line);
        }
    }

    /** Splits one RFC 4180 line (no embedded line breaks) into its fields. */
    static List<String> splitQuoted(String line) {
        List<String> out = new java.util.ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    f.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        out.add(f.toString());
        return out;
    }
}
