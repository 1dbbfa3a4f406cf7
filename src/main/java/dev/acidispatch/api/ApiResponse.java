package dev.acidispatch.api;

import dev.acidispatch.json.Json;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP answer independent of the Functions types, so the API logic is tested as plain code.
 *
 * @param headers extra response headers (besides Content-Type), e.g. a page's Content-Security-Policy
 */
public record ApiResponse(int status, String contentType, String body, Map<String, String> headers) {
    public ApiResponse {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public ApiResponse(int status, String contentType, String body) {
        this(status, contentType, body, Map.of());
    }

    public static ApiResponse json(int status, Object body) {
        return new ApiResponse(status, "application/json", Json.writePretty(body));
    }

    public static ApiResponse text(int status, String body) {
        return new ApiResponse(status, "text/plain; charset=utf-8", body);
    }

    public static ApiResponse error(int status, String message) {
        return json(status, Map.of("error", message));
    }

    /** This answer with {@code name} set to {@code value} too. */
    public ApiResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiResponse(status, contentType, body, more);
    }
}
