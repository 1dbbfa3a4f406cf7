package dev.acidispatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acidispatch.api.ApiResponse;
import dev.acidispatch.api.JobsApi;
import dev.acidispatch.app.App;
import dev.acidispatch.json.Json;
import dev.acidispatch.watch.Watchers;

/**
 * Commands that act on the deployed dispatcher's storage (AzureWebJobsStorage or AzureWebJobsStorage__accountName):
 * the same API logic as the HTTP endpoints, so the CLI and HTTP answers agree.
 */
abstract class ApiCommand extends CliCommand {
    JobsApi api() {
        return App.from(settings()).jobsApi(Watchers.viaJobRecordOnly());
    }

    /**
     * Prints the answer and maps it to an exit code: 2xx ok (the JSON body on stdout), 4xx invalid input, anything
     * else failure; an error is printed as its message (and one line per field error) on stderr.
     */
    int print(ApiResponse response) {
        boolean ok = response.status() / 100 == 2;
        if (ok) {
            out().println(response.body());
            return Dispatchctl.OK;
        }
        err().println(errorText(response));
        return response.status() / 100 == 4 ? Dispatchctl.INVALID_INPUT : Dispatchctl.FAILURE;
    }

    private static String errorText(ApiResponse response) {
        if (response.contentType() == null || !response.contentType().startsWith("application/json")) {
            return response.body();
        }
        JsonNode body;
        try {
            body = Json.read(response.body(), JsonNode.class);
        } catch (RuntimeException notJson) {
            return response.body();
        }
        if (!body.hasNonNull("error")) {
            return response.body();
        }
        StringBuilder text = new StringBuilder(body.get("error").asText());
        for (JsonNode error : body.path("errors")) {
            text.append(System.lineSeparator()).append("  ").append(error.path("path").asText()).append(": ")
                    .append(error.path("message").asText());
        }
        return text.toString();
    }
}
