package dev.acidispatch.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One deployment record. Its state follows the clock: Running until the groups it created have provisioned
 * ({@code completesAt}, Succeeded), or until the first of them fails provisioning or a quota refuses one
 * ({@code failsAt}, Failed, with {@code error}). A cancel ends it Canceled; a delete makes it Deleting until
 * the delete completes ({@link AsyncDelete}), when it is gone.
 */
final class EmulatedDeployment {
    final String subscription;
    final String resourceGroup;
    final String name;
    final Instant createdAt;
    private final String location;
    private final String correlationId = UUID.randomUUID().toString();
    private final ObjectNode parameters;
    private final List<String> groupIds = new ArrayList<>();
    private Instant completesAt;
    private Instant failsAt;
    private ObjectNode error;
    private Instant canceledAt;
    private final AsyncDelete delete = new AsyncDelete();

    /** @param parameters the parameters as ARM echoes them (secure values left out) */
    EmulatedDeployment(String subscription, String resourceGroup, String name, Instant createdAt, String location,
                       ObjectNode parameters) {
        this.subscription = subscription;
        this.resourceGroup = resourceGroup;
        this.name = name;
        this.createdAt = createdAt;
        this.location = location;
        this.parameters = parameters;
    }

    void addGroup(String groupId) {
        groupIds.add(groupId);
    }

    /** Succeeds at {@code at} unless it fails. */
    void completesAt(Instant at) {
        this.completesAt = at;
    }

    /** Fails at {@code at} with this {@code DeploymentFailed} error (replacing a failure set before). */
    void failsAt(Instant at, ObjectNode deploymentError) {
        this.failsAt = at;
        this.error = deploymentError;
    }

    /** When it fails, or {@code null} if it does not. */
    Instant failsAt() {
        return failsAt;
    }

    /** The state the clock gives it, ignoring a delete: Running, Succeeded, Failed or Canceled. */
    private String lifecycleState(Instant now) {
        if (canceledAt != null) {
            return "Canceled";
        }
        if (failsAt != null && !now.isBefore(failsAt)) {
            return "Failed";
        }
        if (failsAt == null && completesAt != null && !now.isBefore(completesAt)) {
            return "Succeeded";
        }
        return "Running";
    }

    String state(Instant now) {
        return delete.isDeleting() ? "Deleting" : lifecycleState(now);
    }

    boolean isRunning(Instant now) {
        return "Running".equals(state(now));
    }

    /** "You can cancel a deployment only if the provisioningState is Accepted or Running" (Deployments - Cancel). */
    boolean cancel(Instant now) {
        if (!isRunning(now)) {
            return false;
        }
        canceledAt = now;
        return true;
    }

    void beginDelete(Instant now, Instant completes, String operationId) {
        delete.begin(now, completes, operationId);
    }

    boolean isDeleting() {
        return delete.isDeleting();
    }

    String deleteOperation() {
        return delete.operation();
    }

    boolean isDeleted(Instant now) {
        return delete.isDone(now);
    }

    /** The error of a Failed deployment (null otherwise). */
    ObjectNode error(Instant now) {
        return "Failed".equals(lifecycleState(now)) ? error : null;
    }

    private Instant updatedAt(Instant now) {
        return switch (lifecycleState(now)) {
            case "Failed" -> failsAt;
            case "Succeeded" -> completesAt;
            case "Canceled" -> canceledAt;
            default -> createdAt;
        };
    }

    String id() {
        return "/subscriptions/" + subscription + "/resourceGroups/" + resourceGroup
                + "/providers/Microsoft.Resources/deployments/" + name;
    }

    /** @param stateOverride the state to report instead of the clock's ({@code Accepted} in the PUT's answer) */
    ObjectNode toJson(Instant now, String stateOverride) {
        String state = stateOverride != null ? stateOverride : state(now);
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", id());
        node.put("name", name);
        node.put("type", "Microsoft.Resources/deployments");
        ObjectNode properties = node.putObject("properties");
        properties.put("templateHash", TemplateEvaluator.uniqueString(id()));
        properties.set("parameters", parameters);
        properties.put("mode", "Incremental");
        properties.put("provisioningState", state);
        properties.put("timestamp", (stateOverride != null ? createdAt : updatedAt(now)).toString());
        properties.put("duration", Duration.between(createdAt, stateOverride != null ? createdAt : updatedAt(now))
                .toString());
        properties.put("correlationId", correlationId);
        ObjectNode provider = properties.putArray("providers").addObject();
        provider.put("namespace", "Microsoft.ContainerInstance");
        ObjectNode type = provider.putArray("resourceTypes").addObject();
        type.put("resourceType", "containerGroups");
        type.putArray("locations").add(location);
        properties.putArray("dependencies");
        if ("Succeeded".equals(state)) {
            ArrayNode outputs = properties.putArray("outputResources");
            groupIds.forEach(id -> outputs.addObject().put("id", id));
        }
        ObjectNode failure = error(now);
        if (stateOverride == null && failure != null) {
            properties.set("error", failure);
        }
        return node;
    }
}
