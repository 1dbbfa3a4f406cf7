package dev.acidispatch.watch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.acidispatch.json.Json;

/**
 * Reads what the Azure Functions host hands the watcher: a JSON object, or a JSON string literal holding one.
 *
 * <p>The orchestrator schedules activities with JSON text as a Java {@code String}; durabletask-java serialises that as
 * a JSON string literal, and today's host (Durable extension's MiddlewarePassthrough protocol with {@code rawInput},
 * Functions Java worker 2.17.0) hands that literal, quotes and escapes included, to the activity's {@code String}
 * parameter (microsoft/durabletask-java#235 and #193, open). A host that fixes this would hand the object text itself.
 * Both forms are accepted; the string is unwrapped exactly once, and anything else is refused with the reason.
 */
public final class HostPayload {
    private static final int SHOWN_CHARS = 60;

    private HostPayload() {
    }

    /** Parses {@code hostText} (an activity's {@code String} parameter) into {@code type}. */
    public static <T> T read(String hostText, Class<T> type) {
        if (hostText == null || hostText.isBlank()) {
            throw refused(type, "no input", hostText);
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(hostText);
        } catch (JsonProcessingException e) {
            throw refused(type, "not JSON (" + e.getOriginalMessage() + ")", hostText);
        }
        return read(node, type, hostText);
    }

    /** Converts an already-decoded payload (e.g. an orchestration input read as a JSON tree) into {@code type}. */
    public static <T> T read(JsonNode node, Class<T> type) {
        return read(node, type, node == null ? null : node.toString());
    }

    private static <T> T read(JsonNode node, Class<T> type, String shown) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            throw refused(type, "no input", shown);
        }
        JsonNode object = node;
        if (node.isTextual()) {
            try {
                object = Json.MAPPER.readTree(node.textValue());
            } catch (JsonProcessingException e) {
                throw refused(type, "a JSON string whose text is not JSON (" + e.getOriginalMessage() + ")", shown);
            }
        }
        if (object == null || !object.isObject()) {
            throw refused(type, node.isTextual() ? "a JSON string that does not hold an object" : "not an object",
                    shown);
        }
        try {
            return Json.MAPPER.treeToValue(object, type);
        } catch (JsonProcessingException e) {
            throw refused(type, "an object that is not a " + type.getSimpleName() + " (" + e.getOriginalMessage() + ")",
                    shown);
        }
    }

    private static IllegalArgumentException refused(Class<?> type, String what, String shown) {
        String start = shown == null ? "null"
                : shown.length() <= SHOWN_CHARS ? shown : shown.substring(0, SHOWN_CHARS) + "…";
        return new IllegalArgumentException("Expected a " + type.getSimpleName()
                + " as a JSON object or as a JSON string holding one, got " + what + ": " + start);
    }
}
