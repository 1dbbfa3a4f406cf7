package dev.acidispatch.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/** What a handler answers: a status, a JSON body ({@code null} for none) and extra headers. */
record Reply(int status, JsonNode body, Map<String, String> headers) {
    Reply {
        headers = Map.copyOf(headers);
    }

    static Reply json(int status, JsonNode body) {
        return new Reply(status, body, Map.of());
    }

    static Reply empty(int status) {
        return new Reply(status, null, Map.of());
    }

    /** ARM's error document: {@code {"error": {"code": ..., "message": ...}}}. */
    static Reply error(int status, String code, String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putObject("error").put("code", code).put("message", message);
        return new Reply(status, body, Map.of());
    }

    Reply withHeaders(Map<String, String> extra) {
        return new Reply(status, body, extra);
    }
}
