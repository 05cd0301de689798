package org.activeseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizeTest {

    @Test
    void bytesAndBinarySuffixes() {
        assertEquals(0, ByteSize.parse("--max-memory", "0"));
        assertEquals(1234, ByteSize.parse("--max-memory", "1234"));
        assertEquals(2048, ByteSize.parse("--max-memory", "2k"));
        assertEquals(512L << 20, ByteSize.parse("--max-memory", "512m"));
        assertEquals(3L << 30, ByteSize.parse("--max-memory", "3G"));
        assertEquals(3L << 29, ByteSize.parse("--max-memory", "1.5GiB"));
        assertEquals(1L << 20, ByteSize.parse("--max-memory", " 1 MB "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "m", "-1m", "12x", "NaN", "Infinity", "1e30g", "two"})
    void nonSizesAreRefusedNamingTheOptionAndText(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("--max-memory", text));
        assertTrue(e.getMessage().startsWith("--max-memory"), e.getMessage());
    }
}
