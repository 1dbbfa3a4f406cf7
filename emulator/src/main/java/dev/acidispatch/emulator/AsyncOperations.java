package dev.acidispatch.emulator;

import java.net.URI;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * ARM's asynchronous-operation headers, pointing back at the emulator: {@code Azure-AsyncOperation} for an accepted
 * deployment PUT (polled at the deployment's {@code operationStatuses}, answered by {@link Deployments}) and
 * {@code Location} for an accepted DELETE (polled at the subscription's {@code operationresults}, answered here).
 * Every such DELETE completes before it is answered, so its result is always 204: no operation is tracked yet.
 */
final class AsyncOperations {
    /** The api-version the polling URLs carry (the deployments API the SDK here sends). */
    static final String API_VERSION = "2025-04-01";

    private final Supplier<URI> endpoint;

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

    /** Headers of a 202 DELETE. */
    Map<String, String> deleteAccepted(String subscription) {
        String location = endpoint.get() + "/subscriptions/" + subscription + "/operationresults/" + UUID.randomUUID()
                + "?api-version=" + API_VERSION;
        return Map.of("Location", location, "Retry-After", "1");
    }

    /** {@code GET /subscriptions/{s}/operationresults/{id}}: done, with nothing to return. */
    Reply result(ArmRequest request) {
        return Reply.empty(204);
    }
}
