package dev.acidispatch.api;

import dev.acidispatch.json.Json;

import java.util.Map;

/** An HTTP answer independent of the Functions types, so the API logic is tested as plain code. */
public record ApiResponse(int status, String contentType, String body) {
    public static ApiResponse json(int status, Object body) {
        return new ApiResponse(status, "application/json", Json.writePretty(body));
    }

    public static ApiResponse text(int status, String body) {
        return new ApiResponse(status, "text/plain; charset=utf-8", body);
    }

    public static ApiResponse error(int status, String message) {
        return json(status, Map.of("error", message));
    }
}
