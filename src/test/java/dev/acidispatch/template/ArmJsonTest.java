package dev.acidispatch.template;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ArmJsonTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[concat('a')]|[[concat('a')]",
            "[x]|[[x]",
            "[]|[[]",
            "[[x]|[[[x]",
            "[x|[x",
            "[[x|[[x",
            "[test] value|[test] value",
            "]|]",
            "a[b]|a[b]",
            "' [x]'|' [x]'"})
    void onlyExpressionShapedStringsGetAnExtraBracket(String value, String written) {
        assertEquals(written, ArmJson.neutralise(value));
        assertEquals(value, ArmJson.armLiteralValue(written));
    }

    @Test
    void armLiteralValueRefusesRealExpressions() {
        assertThrows(IllegalArgumentException.class, () -> ArmJson.armLiteralValue("[parameters('x')]"));
    }

    @Test
    void literalsAreCompleteJsonValues() {
        assertEquals("\"a\\\"b\\\\c\\n\\t\\u0000\\u2028\\u2029\"", ArmJson.literal("a\"b\\c\n\t\u0000\u2028\u2029"));
        assertEquals("1.5", ArmJson.literal(1.5));
        assertEquals("0.1", ArmJson.literal(0.1));
        assertEquals("7", ArmJson.literal(7));
        assertEquals("12345678901234567890.5", ArmJson.literal(new BigDecimal("12345678901234567890.5")));
        assertEquals("true", ArmJson.literal(true));
        assertEquals("null", ArmJson.literal(null));
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("[k]", List.of("[v]", 1, Map.of("n", "[[w]")));
        assertEquals("{\"[[k]\":[\"[[v]\",1,{\"n\":\"[[[w]\"}]}", ArmJson.literal(map));
    }

    @Test
    void jsonNodesAreNeutralisedDeeply() throws Exception {
        var node = new ObjectMapper().readTree("{\"a\":[\"[x]\",{\"b\":\"[y]\"}],\"c\":2.50}");
        assertEquals("{\"a\":[\"[[x]\",{\"b\":\"[[y]\"}],\"c\":2.5}", ArmJson.literal(node));
    }

    @Test
    void rendererBuiltExpressionsAreTheOnlyUnneutralisedStrings() {
        assertEquals("\"[parameters('secureEnv0')]\"", ArmJson.literal(ArmExpression.parameter("secureEnv0")));
        assertThrows(IllegalArgumentException.class, () -> ArmExpression.parameter("x')]"));
        assertThrows(IllegalArgumentException.class, () -> new ArmExpression("plain"));
    }

    @Test
    void arbitraryObjectsAreRefusedRatherThanReflected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ArmJson.literal(new Object()));
        assertEquals("Cannot render a java.lang.Object as JSON", e.getMessage());
    }
}
