package dev.acidispatch.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * How error messages show the value they refuse. Only for values that are not secret: a secret is described by its
 * type or length, never shown.
 */
final class ValueDescriptions {
    private static final int MAX_SHOWN_CHARACTERS = 80;

    private ValueDescriptions() {
    }

    /** The JSON type with an article, e.g. "a string", "an array", "null". */
    static String kind(JsonNode node) {
        JsonNodeType type = node.getNodeType();
        return switch (type) {
            case NULL -> "null";
            case BOOLEAN -> "a boolean";
            case NUMBER -> "a number";
            case STRING -> "a string";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> type.name().toLowerCase(Locale.ROOT);
        };
    }

    /** The text in single quotes, cut at 80 characters, with line breaks and tabs escaped. */
    static String quote(String value) {
        String shown = value.length() > MAX_SHOWN_CHARACTERS ? value.substring(0, MAX_SHOWN_CHARACTERS) + "…" : value;
        return "'" + shown.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + "'";
    }

    /** A number without exponent or trailing zeros: 4, 0.5, 16. */
    static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
