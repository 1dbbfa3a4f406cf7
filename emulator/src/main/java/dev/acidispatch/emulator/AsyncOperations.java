package dev.acidispatch.emulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * ARM's asynchronous-operation headers, pointing back at the emulator, and the operations behind them:
 * {@code Azure-AsyncOperation} for an accepted deployment PUT (polled at the deployment's {@code operationStatuses},
 * answered by {@link Deployments}); {@code Location} for an accepted deployment DELETE, polled at the subscription's
 * {@code operationresults}: "While the process is running, a call to the URI in the Location header returns a status
 * of 202. When the process finishes, the URI in the Location header returns a status of 204 on success"
 * (Deployments - Delete, 2025-04-01); and {@code Azure-AsyncOperation} for an accepted container group DELETE, polled
 * at ACI's {@code locations/{location}/operations/{id}} for {@code {"status": "InProgress" | "Succeeded"}} (ARM's
 * async operation pattern, "Track asynchronous Azure operations").
 */
final class AsyncOperations {
    /** The api-version the polling URLs carry (the deployments API the SDK here sends). */
    static final String API_VERSION = "2025-04-01";
    /** The container instance API the SDK here sends. */
    static final String ACI_API_VERSION = "2023-05-01";

    private final Supplier<URI> endpoint;
    /** Operation id to "is it done at this instant". */
    private final Map<String, Predicate<Instant>> operations = new HashMap<>();

    /** @param endpoint the emulator's base URL; read when an operation is accepted (the port is known by then) */
    AsyncOperations(Supplier<URI> endpoint) {
        this.endpoint = endpoint;
    }

    /** Headers of a 200/201 deployment PUT: where to poll, and how soon. */
    Map<String, String> deploymentAccepted(EmulatedDeployment deployment) {
        String asyncOperation = endpoint.get() + deployment.id() + "/operationStatuses/" + UUID.randomUUID()
                + "?api-version=" + API_VERSION;
        return Map.of("Azure-AsyncOperation", asyncOperation, "Retry-After", "1");
    }

    /** A new operation id whose completion {@code done} tells. */
    String track(Predicate<Instant> done) {
        String id = UUID.randomUUID().toString();
        operations.put(id, done);
        return id;
    }

    /** Headers of a 202 deployment DELETE for operation {@code id}. */
    Map<String, String> deleteAccepted(String subscription, String id) {
        String location = endpoint.get() + "/subscriptions/" + subscription + "/operationresults/" + id
                + "?api-version=" + API_VERSION;
        return Map.of("Location", location, "Retry-After", "1");
    }

    /** Headers of a 202 container group DELETE for operation {@code id}. */
    Map<String, String> groupDeleteAccepted(String subscription, String location, String id) {
        String base = endpoint.get() + "/subscriptions/" + subscription
                + "/providers/Microsoft.ContainerInstance/locations/" + QuotaLedger.region(location) + "/operations/"
                + id + "?api-version=" + ACI_API_VERSION;
        return Map.of("Azure-AsyncOperation", base, "Location", base, "Retry-After", "1");
    }

    /**
     * {@code GET /subscriptions/{s}/operationresults/{id}}: 202 while the operation runs, 204 once done. An id the
     * emulator does not know (from before a restart) answers 204 too.
     */
    Reply result(ArmRequest request) {
        Predicate<Instant> done = operations.get(request.path("operation"));
        if (done != null && !done.test(request.now())) {
            return Reply.empty(202).withHeaders(Map.of("Retry-After", "1"));
        }
        return Reply.empty(204);
    }

    /** {@code GET .../locations/{location}/operations/{id}}: the status document; unknown ids are 404. */
    Reply status(ArmRequest request) {
        String id = request.path("operation");
        Predicate<Instant> done = operations.get(id);
        if (done == null) {
            return ArmErrors.reply(404, ArmErrors.error("OperationNotFound", "The operation '" + id
                    + "' could not be found."));
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("id", id);
        body.put("status", done.test(request.now()) ? "Succeeded" : "InProgress");
        return Reply.json(200, body);
    }
}
