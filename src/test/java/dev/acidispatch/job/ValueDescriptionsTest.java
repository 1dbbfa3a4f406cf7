package dev.acidispatch.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ValueDescriptionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void kindNamesTheJsonTypeWithItsArticle() throws Exception {
        assertEquals("null", ValueDescriptions.kind(JSON.readTree("null")));
        assertEquals("a boolean", ValueDescriptions.kind(JSON.readTree("true")));
        assertEquals("a number", ValueDescriptions.kind(JSON.readTree("1.5")));
        assertEquals("a string", ValueDescriptions.kind(JSON.readTree("\"x\"")));
        assertEquals("an array", ValueDescriptions.kind(JSON.readTree("[]")));
        assertEquals("an object", ValueDescriptions.kind(JSON.readTree("{}")));
    }

    @Test
    void quoteEscapesLineBreaksAndCutsLongValues() {
        assertEquals("'a\\nb\\tc'", ValueDescriptions.quote("a\nb\tc"));
        assertEquals("'" + "x".repeat(80) + "…'", ValueDescriptions.quote("x".repeat(81)));
        assertEquals("'" + "x".repeat(80) + "'", ValueDescriptions.quote("x".repeat(80)));
    }

    @Test
    void plainWritesNumbersWithoutExponentOrTrailingZeros() {
        assertEquals("4", ValueDescriptions.plain(4.0));
        assertEquals("0.5", ValueDescriptions.plain(0.5));
        assertEquals("100", ValueDescriptions.plain(1e2));
    }
}
