package org.activeseg.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void rendersNestedValuesEscapesStringsAndNullsNonFiniteNumbers() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("id", 3);
        inner.put("score", Double.NaN);
        inner.put("x", 0.25);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", "a\"b\\c\n");
        doc.put("ok", true);
        doc.put("list", List.of(inner, 2.0));
        doc.put("ints", new int[] {1, 2});
        doc.put("empty", List.of());
        assertEquals("""
                {
                  "name": "a\\"b\\\\c\\n",
                  "ok": true,
                  "list": [
                    {"id": 3, "score": null, "x": 0.25},
                    2
                  ],
                  "ints": [1, 2],
                  "empty": []
                }
                """, Json.write(doc));
    }
}
