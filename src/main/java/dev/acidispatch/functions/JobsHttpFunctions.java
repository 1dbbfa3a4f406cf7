package dev.acidispatch.functions;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.durabletask.azurefunctions.DurableClientContext;
import com.microsoft.durabletask.azurefunctions.DurableClientInput;
import dev.acidispatch.api.ApiResponse;
import dev.acidispatch.api.JobsApi;
import dev.acidispatch.app.App;
import dev.acidispatch.watch.DurableTaskWatchers;

import java.net.URI;
import java.util.Optional;

/** HTTP API, every route behind a function key. Mapping only: the logic is {@link JobsApi}. */
public final class JobsHttpFunctions {

    @FunctionName("SubmitJob")
    public HttpResponseMessage submit(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, route = "jobs",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            @DurableClientInput(name = "durableContext") DurableClientContext durableContext) {
        return respond(request, api(durableContext).submit(request.getBody().orElse(""), baseUrl(request.getUri())));
    }

    @FunctionName("GetJob")
    public HttpResponseMessage status(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "jobs/{id}",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id,
            @DurableClientInput(name = "durableContext") DurableClientContext durableContext) {
        return respond(request, api(durableContext).status(id));
    }

    @FunctionName("GetJobLogs")
    public HttpResponseMessage logs(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "jobs/{id}/logs",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id,
            @DurableClientInput(name = "durableContext") DurableClientContext durableContext) {
        return respond(request, api(durableContext).logs(id));
    }

    @FunctionName("CancelJob")
    public HttpResponseMessage cancel(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, route = "jobs/{id}/cancel",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id,
            @DurableClientInput(name = "durableContext") DurableClientContext durableContext) {
        return respond(request, api(durableContext).cancel(id));
    }

    private static JobsApi api(DurableClientContext durableContext) {
        return App.instance().jobsApi(new DurableTaskWatchers(durableContext.getClient()));
    }

    private static HttpResponseMessage respond(HttpRequestMessage<?> request, ApiResponse response) {
        return request.createResponseBuilder(HttpStatus.valueOf(response.status()))
                .header("Content-Type", response.contentType())
                .body(response.body())
                .build();
    }

    private static String baseUrl(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority();
    }
}
