package dev.acidispatch.cli;

import dev.acidispatch.api.ApiResponse;
import dev.acidispatch.api.JobsApi;
import dev.acidispatch.app.App;
import dev.acidispatch.watch.Watchers;

/**
 * Commands that act on the deployed dispatcher's storage (AzureWebJobsStorage or AzureWebJobsStorage__accountName):
 * the same API logic as the HTTP endpoints, so the CLI and HTTP answers agree.
 */
abstract class ApiCommand extends CliCommand {
    JobsApi api() {
        return App.from(settings()).jobsApi(Watchers.viaJobRecordOnly());
    }

    /** Prints the answer and maps it to an exit code: 2xx ok, 4xx invalid input, anything else failure. */
    int print(ApiResponse response) {
        boolean ok = response.status() / 100 == 2;
        (ok ? out() : err()).println(response.body());
        if (ok) {
            return Dispatchctl.OK;
        }
        return response.status() / 100 == 4 ? Dispatchctl.INVALID_INPUT : Dispatchctl.FAILURE;
    }
}
