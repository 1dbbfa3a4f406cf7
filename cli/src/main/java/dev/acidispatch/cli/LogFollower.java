package dev.acidispatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acidispatch.api.ApiResponse;
import dev.acidispatch.json.Json;
import dev.acidispatch.containerlogs.LogCursor;

import java.io.PrintWriter;
import java.util.function.BiFunction;

/**
 * Follows a job's log through the logs route with a cursor ({@code GET /api/jobs/{id}/logs?since=}): each poll prints
 * the lines after the cursor and keeps the next one, so every line is printed once, in order, and a marker where
 * lines may be missing. The container is the job's own unless one is named; the first answer names it and later
 * polls ask for it by name.
 */
final class LogFollower {
    private final BiFunction<String, String, ApiResponse> fetch;
    private final PrintWriter out;
    private final String prefix;
    private String container;
    private LogCursor cursor = LogCursor.START;
    private boolean complete;
    private int printed;

    /**
     * @param fetch     (container or null, cursor token) to the logs route's answer
     * @param container the container to follow, or null for the job's own
     * @param prefix    printed before each line
     */
    LogFollower(BiFunction<String, String, ApiResponse> fetch, String container, PrintWriter out, String prefix) {
        this.fetch = fetch;
        this.container = container;
        this.out = out;
        this.prefix = prefix;
    }

    /**
     * Prints what is new.
     *
     * @return the answer when it was not a 200 (the caller decides whether to wait and try again), else null
     */
    ApiResponse poll() {
        ApiResponse response = fetch.apply(container, cursor.token());
        if (response.status() != 200) {
            return response;
        }
        JsonNode answer = Json.read(response.body(), JsonNode.class);
        container = answer.path("container").asText(container);
        for (JsonNode line : answer.path("lines")) {
            out.println(prefix + line.asText());
            printed++;
        }
        out.flush();
        cursor = LogCursor.parse(answer.path("next").asText(LogCursor.START_TOKEN));
        complete = answer.path("complete").asBoolean(false);
        return null;
    }

    /** How many lines it has printed. */
    int printed() {
        return printed;
    }

    /** Whether the job finished and its captured log has been printed to its end. */
    boolean complete() {
        return complete;
    }
}
