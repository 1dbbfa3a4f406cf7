package dev.acidispatch.cli.doctor;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The HTTP API has function keys, so its routes (all at function level) can be called at all. With {@code --app}:
 * the Function App's host keys through ARM ("Web Apps - List Host Keys", {@code POST .../host/default/listkeys},
 * Microsoft.Web 2024-04-01); only the names of the function keys are read, never printed values. Against a local
 * {@code dispatchctl up} (its printed ACI_DISPATCH_API and ACI_DISPATCH_KEY): a request without the key must be
 * refused with 401 and the same request with it answered.
 */
public final class FunctionKeysCheck implements DoctorCheck {
    public static final String API = "ACI_DISPATCH_API";
    public static final String KEY = "ACI_DISPATCH_KEY";
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    @Override
    public String title() {
        return "The Functions app has function keys";
    }

    @Override
    public CheckResult run(DoctorContext context) {
        if (context.hasApp()) {
            return viaArm(context.app().orElseThrow());
        }
        String api = context.environment().get(API);
        String key = context.environment().get(KEY);
        if (api == null || api.isBlank() || key == null || key.isBlank()) {
            return CheckResult.fail("no Function App to check: neither --app nor " + API + " and " + KEY + " are given",
                    context.emulator() ? "start `bin/dispatchctl up` and paste the export lines it prints"
                            : "pass --app NAME --resource-group RG");
        }
        return viaLocalHost(api.replaceAll("/+$", ""), key);
    }

    private static CheckResult viaArm(Deployment app) {
        Optional<JsonNode> keys = app.hostKeys();
        if (keys.isEmpty()) {
            return CheckResult.fail("no Function App '" + app.appName() + "' in resource group '" + app.resourceGroup()
                    + "'", "check --app and --resource-group");
        }
        List<String> names = new ArrayList<>();
        keys.get().path("functionKeys").fieldNames().forEachRemaining(names::add);
        if (names.isEmpty()) {
            return CheckResult.fail("the Function App has no function keys, so no HTTP route can be called",
                    "az functionapp keys set --name " + app.appName() + " --resource-group " + app.resourceGroup()
                            + " --key-type functionKeys --key-name default");
        }
        return CheckResult.pass(names.size() + " function key(s): " + String.join(", ", names)
                + " (values not shown; az functionapp keys list prints them)");
    }

    private static CheckResult viaLocalHost(String api, String key) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        URI document = URI.create(api + "/openapi.json");
        try {
            int withoutKey = http.send(HttpRequest.newBuilder(document).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            int withKey = http.send(HttpRequest.newBuilder(document).timeout(TIMEOUT).header("x-functions-key", key)
                    .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (withoutKey != 401) {
                return CheckResult.fail(document + " answered " + withoutKey + " without a key: the routes are open",
                        "every route must be authLevel FUNCTION; run the app's own host (bin/dispatchctl up)");
            }
            if (withKey != 200) {
                return CheckResult.fail(document + " refused " + KEY + " (HTTP " + withKey + ")",
                        "paste the export lines the running `bin/dispatchctl up` printed (its key is in its data"
                                + " folder, .dispatchctl/up/function-key)");
            }
            return CheckResult.pass(api + " refuses requests without a key and accepts " + KEY);
        } catch (IOException e) {
            return CheckResult.fail("cannot reach " + api + " (" + StorageCheck.rootCause(e) + ")",
                    "start it: bin/dispatchctl up (and paste the export lines it prints)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.fail("interrupted while calling " + api, "run doctor again");
        }
    }
}
