package dev.acidispatch.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON for ARM templates. Two operations:
 * <ul>
 *   <li>{@link #literal(Object)} turns a value from job data into a JSON literal in which every string is
 *   {@linkplain #neutralise(String) neutralised} so ARM reads it as plain text, never as an expression;</li>
 *   <li>{@link #write(JsonNode)} serialises a finished template/body without changing any string.</li>
 * </ul>
 * Both escape quotes, backslashes, control characters and U+2028/U+2029 (line separators some JSON consumers treat
 * as newlines).
 */
public final class ArmJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .nodeFactory(NODES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final ObjectMapper PRETTY = MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT);

    private ArmJson() {
    }

    /**
     * How a literal string must be written in an ARM template so the deployed value equals {@code value}. ARM
     * evaluates a string that starts with '[' and ends with ']' as an expression; an extra leading '[' escapes it.
     * Strings that do not end with ']' are never evaluated and must not get the extra bracket (ARM would keep it):
     * see "Escape characters" in learn.microsoft.com/azure/azure-resource-manager/templates/template-expressions.
     */
    public static String neutralise(String value) {
        return isExpressionShaped(value) ? "[" + value : value;
    }

    /** The value ARM deploys for a template string that is not an expression: the inverse of {@link #neutralise}. */
    public static String armLiteralValue(String templateString) {
        if (templateString.startsWith("[[") && templateString.endsWith("]")) {
            return templateString.substring(1);
        }
        if (isExpressionShaped(templateString)) {
            throw new IllegalArgumentException("'" + templateString + "' is an ARM expression, not a literal");
        }
        return templateString;
    }

    static boolean isExpressionShaped(String value) {
        return value.startsWith("[") && value.endsWith("]");
    }

    /** The JSON literal of a job value (String, Number, Boolean, Map, Iterable, JsonNode, {@link ArmExpression}). */
    public static String literal(Object value) {
        return write(neutralisedTree(value));
    }

    /** Converts job data to a JSON tree whose strings are all neutralised; ArmExpression values pass unchanged. */
    static JsonNode neutralisedTree(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof ArmExpression expression) {
            return NODES.textNode(expression.expression());
        }
        if (value instanceof CharSequence text) {
            return NODES.textNode(neutralise(text.toString()));
        }
        if (value instanceof Boolean bool) {
            return NODES.booleanNode(bool);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return NODES.numberNode(((Number) value).longValue());
        }
        if (value instanceof Double || value instanceof Float) {
            return NODES.numberNode(new BigDecimal(value.toString()));
        }
        if (value instanceof BigDecimal decimal) {
            return NODES.numberNode(decimal);
        }
        if (value instanceof BigInteger integer) {
            return NODES.numberNode(integer);
        }
        if (value instanceof JsonNode node) {
            return neutralisedCopy(node);
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            map.forEach((k, v) -> object.set(neutralise(String.valueOf(k)), neutralisedTree(v)));
            return object;
        }
        if (value instanceof Iterable<?> items) {
            ArrayNode array = NODES.arrayNode();
            items.forEach(item -> array.add(neutralisedTree(item)));
            return array;
        }
        // No reflection over arbitrary objects: the view holds plain data only.
        throw new IllegalArgumentException("Cannot render a " + value.getClass().getName() + " as JSON");
    }

    private static JsonNode neutralisedCopy(JsonNode node) {
        if (node.isTextual()) {
            return NODES.textNode(neutralise(node.asText()));
        }
        if (node.isObject()) {
            ObjectNode object = NODES.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                object.set(neutralise(e.getKey()), neutralisedCopy(e.getValue()));
            }
            return object;
        }
        if (node.isArray()) {
            ArrayNode array = NODES.arrayNode();
            node.forEach(item -> array.add(neutralisedCopy(item)));
            return array;
        }
        return node.deepCopy();
    }

    /** Compact JSON of a finished tree; strings are escaped, never rewritten. */
    public static String write(JsonNode tree) {
        return write(MAPPER, tree);
    }

    public static String writePretty(JsonNode tree) {
        return write(PRETTY, tree);
    }

    public static JsonNode parse(String json) throws JsonProcessingException {
        return MAPPER.readTree(json);
    }

    static ObjectNode objectNode() {
        return NODES.objectNode();
    }

    private static String write(ObjectMapper mapper, JsonNode tree) {
        try {
            return mapper.writer().with(LineSeparatorEscapes.INSTANCE).writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Standard JSON escaping plus U+2028/U+2029 as \\u escapes. */
    private static final class LineSeparatorEscapes extends CharacterEscapes {
        static final LineSeparatorEscapes INSTANCE = new LineSeparatorEscapes();
        private static final SerializableString LS = new SerializedString("\\u2028");
        private static final SerializableString PS = new SerializedString("\\u2029");
        private final int[] ascii = standardAsciiEscapesForJSON();

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch == 0x2028 ? LS : ch == 0x2029 ? PS : null;
        }
    }

}
