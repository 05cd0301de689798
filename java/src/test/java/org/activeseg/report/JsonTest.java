package org.activeseg.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void readsBackWhatItWritesWithIntegersAsLongAndOthersAsDouble() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("seed", -7929922670286609966L);
        doc.put("fraction", 0.1);
        doc.put("whole", 2.0);
        doc.put("nan", Double.NaN);
        doc.put("text", "a\"b\\c\n\u0001/");
        doc.put("flags", List.of(true, false));
        doc.put("nested", Map.of("k", List.of(1, 2.5)));
        Map<String, Object> back = Json.parseObject(Json.write(doc), "doc");
        assertEquals(-7929922670286609966L, back.get("seed"));
        assertEquals(0.1, back.get("fraction"));
        assertEquals(2L, back.get("whole"), "integral doubles are written as integers");
        assertEquals(null, back.get("nan"));
        assertEquals("a\"b\\c\n\u0001/", back.get("text"));
        assertEquals(List.of(true, false), back.get("flags"));
        assertEquals(Map.of("k", List.of(1L, 2.5)), back.get("nested"));
        assertEquals(1e300, Json.parse("1e300"));
        assertEquals(1e19, Json.parse("10000000000000000000"), "beyond a long: a double");
    }

    @Test
    void rejectsWhatIsNotStrictJsonNamingTheOffset() {
        for (String bad : List.of("{\"a\": 1, \"a\": 2}", "{\"a\": 01}", "[1, 2", "{\"a\": \"x\ty\"}", "\"\\q\"",
                "\"\\u12\"", "tru", "{} x", "[1,]", "{\"a\" 1}", "-", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("JSON: ") && e.getMessage().contains(" at offset "), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Json.parseObject("[1]", "run configuration"));
        assertEquals("run configuration is not one JSON object", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Json.parseObject("{\"a\":", "run configuration"));
        assertTrue(e.getMessage().startsWith("run configuration: JSON: unexpected end at offset 5"), e.getMessage());
    }
}
