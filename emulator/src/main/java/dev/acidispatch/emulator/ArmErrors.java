package dev.acidispatch.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The error documents ARM and ACI answer with, worded as the services word them (each message cites where its
 * wording was seen). All have ARM's shape, {@code {"code", "message", "details"}}.
 */
final class ArmErrors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ArmErrors() {
    }

    static ObjectNode error(String code, String message) {
        return JSON.createObjectNode().put("code", code).put("message", message);
    }

    static ObjectNode error(String code, String message, List<ObjectNode> details) {
        ObjectNode error = error(code, message);
        details.forEach(error.putArray("details")::add);
        return error;
    }

    /** {@code {"error": {...}}} with this status. */
    static Reply reply(int status, ObjectNode error) {
        ObjectNode body = JSON.createObjectNode();
        body.set("error", error);
        return Reply.json(status, body);
    }

    /** A finished deployment's {@code error}: {@code DeploymentFailed} with the failed operations' errors inside. */
    static ObjectNode deploymentFailed(List<ObjectNode> details) {
        return error("DeploymentFailed", "At least one resource deployment operation failed. Please list deployment "
                + "operations for details. Please see https://aka.ms/arm-deployment-operations for usage details.",
                details);
    }

    /**
     * How ARM reports a resource provider's failure inside a deployment error: a detail whose code is the HTTP status
     * the provider answered ({@code Conflict}, {@code BadRequest}, {@code NotFound}, ...) and whose message is the
     * provider's error document as JSON text. Seen with {@code Conflict} around {@code ResourceDeploymentFailure}
     * (microsoft/mwt-ds#8), {@code BadRequest} around {@code SubnetMissingRequiredDelegation}
     * (Azure/dev-box-images#8) and {@code Forbidden} around {@code AuthorizationFailed} (Azure/ARO-RP#558).
     */
    static ObjectNode nested(String statusName, ObjectNode providerError) {
        ObjectNode document = JSON.createObjectNode();
        document.put("status", "Failed");
        document.set("error", providerError);
        try {
            return error(statusName, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document)
                    .replace("\n", "\r\n"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** ARM's wording for a resource whose provisioning ended in {@code state} (Azure/azure-quickstart-templates#12094). */
    static ObjectNode resourceDeploymentFailure(String state, List<ObjectNode> details) {
        return error("ResourceDeploymentFailure", "The resource operation completed with terminal provisioning "
                + "state '" + state + "'.", details);
    }

    /**
     * 403 for a caller without {@code action} at {@code scope}; the wording ARM uses (MicrosoftDocs/azure-docs#122458,
     * CDCgov/prime-reportstream#16705 for {@code containerGroups/stop/action}).
     */
    static ObjectNode authorizationFailed(String principalId, String action, String scope) {
        return error("AuthorizationFailed", "The client '" + principalId + "' with object id '" + principalId
                + "' does not have authorization to perform action '" + action + "' over scope '" + scope
                + "' or the scope is invalid. If access was recently granted, please refresh your credentials.");
    }

    /**
     * The caller may write the resource but not use a resource it links to (a subnet it joins, an identity it
     * assigns); ARM's wording (microsoft/planetary-computer-hub#25; a deployment reports it as a detail of
     * {@code DeploymentFailed}: Azure/bicep#17206, Azure/Enterprise-Scale-for-AKS#90).
     */
    static ObjectNode linkedAuthorizationFailed(String principalId, String action, String scope, String linkedAction,
                                                String linkedScope) {
        return error("LinkedAuthorizationFailed", "The client '" + principalId + "' with object id '" + principalId
                + "' has permission to perform action '" + action + "' on scope '" + scope + "'; however, it does "
                + "not have permission to perform action '" + linkedAction + "' on the linked scope(s) '"
                + linkedScope + "' or the linked scope(s) are invalid.");
    }

    /** ARM's 404 for a resource that does not exist (as {@link ContainerGroups} answers a missing group). */
    static ObjectNode resourceNotFound(String type, String name, String resourceGroup) {
        return error("ResourceNotFound", "The Resource '" + type + "/" + name + "' under resource group '"
                + resourceGroup + "' was not found. For more details please go to "
                + "https://aka.ms/ARMResourceNotFoundFix");
    }

    static Reply resourceGroupNotFound(String resourceGroup) {
        return reply(404, error("ResourceGroupNotFound", "Resource group '" + resourceGroup
                + "' could not be found."));
    }

    /**
     * ARM's subscription throttle (MicrosoftDocs/azure-docs#105248, webdevops/azure-metrics-exporter#36 quote it),
     * with the {@code Retry-After} the request-limits doc says a 429 carries.
     */
    static Reply subscriptionThrottled(String subscription, String operation, long retryAfterSeconds) {
        return reply(429, error("SubscriptionRequestsThrottled", "Number of requests for subscription '"
                + subscription + "' and operation '" + operation + "' exceeded the backend storage limit. Please "
                + "try again after '" + retryAfterSeconds + "' seconds."))
                .withHeaders(java.util.Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    /** A resource provider's own throttle; wording as Azure/azqr's README quotes it. */
    static Reply resourceThrottled(String action, int limit, java.time.Duration window, long retryAfterSeconds) {
        return reply(429, error("ResourceRequestsThrottled", "Number of requests for action '" + action
                + "' exceeded the limit of '" + limit + "' for time interval '" + timeSpan(window) + "'. Please try "
                + "again after '" + retryAfterSeconds + "' seconds."))
                .withHeaders(java.util.Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    /** A .NET TimeSpan as ARM prints it, e.g. {@code 00:05:00} or {@code 01:00:00}. */
    private static String timeSpan(java.time.Duration window) {
        long seconds = window.getSeconds();
        return String.format("%02d:%02d:%02d", seconds / 3600, (seconds % 3600) / 60, seconds % 60);
    }
}
