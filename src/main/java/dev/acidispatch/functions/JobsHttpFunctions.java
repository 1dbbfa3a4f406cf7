package dev.acidispatch.functions;

import com.microsoft.azure.functions.ExecutionContext;
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
import dev.acidispatch.log.JobLog;
import dev.acidispatch.watch.DurableTaskWatchers;
import dev.acidispatch.watch.Watchers;

import java.net.URI;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * HTTP API, every route behind a function key. Mapping only: the logic is {@link JobsApi}. The body binds as
 * {@code Optional<String>} (the worker hands the request body's text; empty when there is none). A route that names a
 * job sends the lines of the code it calls (an ARM call's throttling, say) through its invocation's logger, for that
 * job ({@link JobLog}).
 */
public final class JobsHttpFunctions {
    private final Supplier<App> app;

    /** The Functions host creates one per invocation with this constructor; the app is the process-wide one. */
    public JobsHttpFunctions() {
        this.app = App::instance;
    }

    /** On a given app (the local stack runs these same classes on its own parts). */
    public JobsHttpFunctions(App app) {
        this.app = () -> app;
    }

    @FunctionName("SubmitJob")
    public HttpResponseMessage submit(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, route = "jobs",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            @DurableClientInput(name = "durableContext") DurableClientContext durableContext) {
        try (DurableTaskWatchers watchers = DurableTaskWatchers.onDemand(durableContext::getClient)) {
            return respond(request, api(watchers).submit(request.getBody().orElse(""), baseUrl(request.getUri())));
        }
    }

    @FunctionName("ListJobs")
    public HttpResponseMessage list(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "jobs",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request) {
        // Reads only: no watcher is started or signalled, so no durable client is opened.
        return respond(request, app.get().jobsApi(Watchers.viaJobRecordOnly()).list(request.getQueryParameters()));
    }

    @FunctionName("GetJob")
    public HttpResponseMessage status(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "jobs/{id}",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id,
            @DurableClientInput(name = "durableContext") DurableClientContext durableContext,
            final ExecutionContext context) {
        try (JobLog.Binding log = JobLog.invocation(context.getLogger(), id, "status");
             DurableTaskWatchers watchers = DurableTaskWatchers.onDemand(durableContext::getClient)) {
            return respond(request, api(watchers).status(id));
        }
    }

    @FunctionName("GetJobLogs")
    public HttpResponseMessage logs(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "jobs/{id}/logs",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id,
            @DurableClientInput(name = "durableContext") DurableClientContext durableContext,
            final ExecutionContext context) {
        try (JobLog.Binding log = JobLog.invocation(context.getLogger(), id, "logs");
             DurableTaskWatchers watchers = DurableTaskWatchers.onDemand(durableContext::getClient)) {
            // ?container=NAME picks a container, ?since=CURSOR asks for the lines after a cursor (JobsApi.logs).
            return respond(request, api(watchers).logs(id, request.getQueryParameters().get("container"),
                    request.getQueryParameters().get("since")));
        }
    }

    @FunctionName("CancelJob")
    public HttpResponseMessage cancel(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, route = "jobs/{id}/cancel",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id,
            @DurableClientInput(name = "durableContext") DurableClientContext durableContext,
            final ExecutionContext context) {
        try (JobLog.Binding log = JobLog.invocation(context.getLogger(), id, "cancel");
             DurableTaskWatchers watchers = DurableTaskWatchers.onDemand(durableContext::getClient)) {
            return respond(request, api(watchers).cancel(id));
        }
    }

    private JobsApi api(DurableTaskWatchers watchers) {
        return app.get().jobsApi(watchers);
    }

    static HttpResponseMessage respond(HttpRequestMessage<?> request, ApiResponse response) {
        HttpResponseMessage.Builder builder = request.createResponseBuilder(HttpStatus.valueOf(response.status()))
                .header("Content-Type", response.contentType());
        response.headers().forEach(builder::header);
        return builder.body(response.body()).build();
    }

    private static String baseUrl(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority();
    }
}
