package dev.acidispatch.functions;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import dev.acidispatch.api.DashboardPage;
import dev.acidispatch.api.OpenApiDocument;
import dev.acidispatch.app.App;

import java.util.Optional;

/**
 * What operators open: the dashboard page and the API's OpenAPI document, each behind a function key like every route.
 * Mapping only: the page is {@link DashboardPage}, the document {@link OpenApiDocument}; neither reads the app's
 * state, so no part of the app is built to serve them.
 */
public final class OperatorHttpFunctions {
    /** The Functions host creates one per invocation with this constructor. */
    public OperatorHttpFunctions() {
    }

    /** The local stack creates every functions class on its app; these routes need none of it. */
    public OperatorHttpFunctions(App app) {
    }

    @FunctionName("Dashboard")
    public HttpResponseMessage dashboard(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "ui",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request) {
        return JobsHttpFunctions.respond(request, DashboardPage.response());
    }

    @FunctionName("GetOpenApi")
    public HttpResponseMessage openApi(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "openapi.json",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request) {
        return JobsHttpFunctions.respond(request, OpenApiDocument.response());
    }
}
