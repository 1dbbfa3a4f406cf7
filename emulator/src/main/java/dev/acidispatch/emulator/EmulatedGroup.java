package dev.acidispatch.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One emulated container group: its spec, the deployment that last wrote it, whether it was stopped or is being
 * deleted, and the {@link GroupRuntime} that drives its containers. Its state is derived at each request from the
 * containers' states: the group finishes when every container has terminated.
 */
final class EmulatedGroup {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    final String subscription;
    final String resourceGroup;
    final String name;
    private final GroupRuntime runtime;
    private GroupSpec spec;
    private String deploymentName;
    private Instant stoppedAt;
    private final AsyncDelete delete = new AsyncDelete();

    EmulatedGroup(String subscription, String resourceGroup, GroupSpec spec, String deploymentName,
                  GroupRuntime runtime) {
        this.subscription = subscription;
        this.resourceGroup = resourceGroup;
        this.name = spec.name();
        this.spec = spec;
        this.deploymentName = deploymentName;
        this.runtime = runtime;
    }

    /** An incremental redeploy: properties and tags are updated in place, the running instance is kept. */
    void update(GroupSpec newSpec, String newDeploymentName) {
        this.spec = newSpec;
        this.deploymentName = newDeploymentName;
    }

    String id() {
        return "/subscriptions/" + subscription + "/resourceGroups/" + resourceGroup
                + "/providers/Microsoft.ContainerInstance/containerGroups/" + name;
    }

    GroupSpec spec() {
        return spec;
    }

    String deploymentName() {
        return deploymentName;
    }

    Optional<ContainerScript.ProvisioningFailure> provisioningFailure() {
        return runtime.provisioningFailure();
    }

    Instant provisionedAt() {
        return runtime.provisionedAt();
    }

    /**
     * A stop kills what runs and keeps the group, Stopped. On a group that has finished it has no effect: "Stopped"
     * is a state of a group that stopped running, and a finished group's state (Succeeded, Failed) stays.
     */
    void stop(Instant now) {
        if (stoppedAt == null && !view(now).isFinished()) {
            stoppedAt = now;
        }
        kill();
    }

    void kill() {
        runtime.kill();
    }

    /** Starts the asynchronous delete: the containers are killed now, the group is gone at {@code completesAt}. */
    void beginDelete(Instant now, Instant completesAt, String operationId) {
        if (delete.begin(now, completesAt, operationId)) {
            kill();
        }
    }

    boolean isDeleting() {
        return delete.isDeleting();
    }

    /** The delete's operation id, while it runs. */
    String deleteOperation() {
        return delete.operation();
    }

    /** Whether the delete has finished by {@code now} (the group no longer exists). */
    boolean isDeleted(Instant now) {
        return delete.isDone(now);
    }

    /** Whether its cores count against the regional quota: it runs, or still provisions, and is not being deleted. */
    boolean usesCores(Instant now) {
        return !delete.isDeleting() && !view(now).isFinished();
    }

    GroupView view(Instant now) {
        List<GroupView.Container> containers = new ArrayList<>();
        boolean provisioningFailed = provisioningFailure().isPresent() && !now.isBefore(provisionedAt());
        for (String containerName : spec.containerNames()) {
            containers.add(runtime.container(containerName, spec, now, stoppedAt));
        }
        List<GroupView.Container> initContainers = new ArrayList<>();
        for (String containerName : spec.initContainerNames()) {
            initContainers.add(runtime.initContainer(containerName, spec, now, stoppedAt));
        }
        String provisioningState;
        String instanceState;
        if (provisioningFailed) {
            provisioningState = "Failed";
            instanceState = "Pending";
        } else if (runtime.initContainerFailed() && stoppedAt == null) {
            // A failed init container under restartPolicy Never: the other containers never start.
            provisioningState = "Succeeded";
            instanceState = "Failed";
        } else if (stoppedAt != null || containers.stream().anyMatch(GroupView.Container::stopped)) {
            provisioningState = "Succeeded";
            instanceState = "Stopped";
        } else if ("OnFailure".equals(spec.restartPolicy()) && containers.stream().anyMatch(c ->
                c.isTerminated() && c.exitCode() != null && c.exitCode() != 0)) {
            // ACI restarts a container that failed under OnFailure: the group is still running.
            provisioningState = "Succeeded";
            instanceState = "Running";
        } else if (containers.stream().anyMatch(c -> c.isWaiting() && c.restartCount() == 0)) {
            provisioningState = "Creating";
            instanceState = "Pending";
        } else if (containers.stream().allMatch(GroupView.Container::isTerminated)) {
            provisioningState = "Succeeded";
            instanceState = containers.stream().allMatch(c -> Integer.valueOf(0).equals(c.exitCode()))
                    ? "Succeeded" : "Failed";
        } else {
            provisioningState = "Succeeded";
            instanceState = "Running";
        }
        if (delete.isDeleting()) {
            // The emulator's choice: ACI's documented provisioning states for a DELETE are only the final ones
            // (container-state, "Stop and delete operations"); "Deleting" is ARM's usual word while it runs.
            provisioningState = "Deleting";
        }
        return new GroupView(provisioningState, instanceState, containers, initContainers);
    }

    /**
     * The resource as ACI's GET returns it ({@code withInstanceView}) or as its list returns it (without: lists omit
     * the instance view). Defaults ACI fills in are added, and secrets are never echoed.
     */
    ObjectNode toJson(Instant now, boolean withInstanceView) {
        GroupView view = view(now);
        ObjectNode node = NODES.objectNode();
        node.put("id", id());
        node.put("location", spec.location());
        node.put("name", name);
        ObjectNode tagNode = node.putObject("tags");
        spec.tags().forEach(tagNode::put);
        node.put("type", ContainerGroups.RESOURCE_TYPE);
        if (spec.identity() != null) {
            node.set("identity", identityJson(spec.identity()));
        }
        ObjectNode properties = sanitized(spec.properties());
        properties.put("provisioningState", view.provisioningState());
        if (!properties.has("restartPolicy")) {
            properties.put("restartPolicy", "Always");
        }
        if (!properties.has("sku")) {
            properties.put("sku", "Standard");
        }
        if (withInstanceView) {
            putInstanceViews(properties.path("containers"), view.containers());
            putInstanceViews(properties.path("initContainers"), view.initContainers());
        }
        if (withInstanceView) {
            ObjectNode groupView = properties.putObject("instanceView");
            groupView.putArray("events");
            groupView.put("state", view.instanceState());
        }
        node.set("properties", properties);
        return node;
    }

    /** Each container's {@code properties.instanceView}: restartCount, currentState, previousState, events. */
    private static void putInstanceViews(JsonNode definitions, List<GroupView.Container> views) {
        for (int i = 0; i < definitions.size() && i < views.size(); i++) {
            ((ObjectNode) definitions.get(i).path("properties")).set("instanceView", instanceView(views.get(i)));
        }
    }

    private static ObjectNode instanceView(GroupView.Container c) {
        ObjectNode instanceView = NODES.objectNode();
        instanceView.put("restartCount", c.restartCount());
        ObjectNode current = instanceView.putObject("currentState");
        current.put("state", c.state());
        if (c.startTime() != null) {
            current.put("startTime", c.startTime().toString());
        }
        if (c.exitCode() != null) {
            current.put("exitCode", c.exitCode());
        }
        if (c.finishTime() != null) {
            current.put("finishTime", c.finishTime().toString());
        }
        current.put("detailStatus", c.detailStatus());
        if (c.previousState() != null) {
            GroupView.PreviousState p = c.previousState();
            ObjectNode previous = instanceView.putObject("previousState");
            previous.put("state", p.state());
            if (p.startTime() != null) {
                previous.put("startTime", p.startTime().toString());
            }
            if (p.exitCode() != null) {
                previous.put("exitCode", p.exitCode());
            }
            if (p.finishTime() != null) {
                previous.put("finishTime", p.finishTime().toString());
            }
            previous.put("detailStatus", p.detailStatus());
        }
        ArrayNode events = instanceView.putArray("events");
        c.events().forEach(event -> events.add(toJson(event)));
        return instanceView;
    }

    private static ObjectNode toJson(GroupView.Event event) {
        ObjectNode node = NODES.objectNode();
        node.put("count", event.count());
        node.put("firstTimestamp", event.firstAt().toString());
        node.put("lastTimestamp", event.at().toString());
        node.put("name", event.name());
        node.put("message", event.message());
        node.put("type", event.type());
        return node;
    }

    /**
     * The {@code identity} as ACI returns it (containerInstance.json 2023-05-01, {@code ContainerGroupIdentity}): each
     * user-assigned identity gets its read-only {@code principalId} and {@code clientId} (stable fakes derived from
     * its id), and a system-assigned identity its {@code principalId} and {@code tenantId}.
     */
    private ObjectNode identityJson(ObjectNode declared) {
        ObjectNode identity = declared.deepCopy();
        JsonNode assigned = identity.path("userAssignedIdentities");
        if (assigned.isObject()) {
            List<String> ids = new ArrayList<>();
            assigned.fieldNames().forEachRemaining(ids::add);
            for (String id : ids) {
                ObjectNode entry = NODES.objectNode();
                entry.put("principalId", fakeGuid("principal:" + id));
                entry.put("clientId", fakeGuid("client:" + id));
                ((ObjectNode) assigned).set(id, entry);
            }
        }
        if (identity.path("type").asText("").contains("SystemAssigned")) {
            identity.put("principalId", fakeGuid("system:" + id()));
            identity.put("tenantId", fakeGuid("tenant:" + subscription));
        }
        return identity;
    }

    private static String fakeGuid(String seed) {
        return UUID.nameUUIDFromBytes(seed.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /**
     * A copy without secrets. Secure environment values: "aren't visible in your container's properties" (ACI docs,
     * Set environment variables in container instances). Registry passwords, storage account keys and secret volume
     * contents are dropped too (the files' names stay, their values become null).
     */
    private static ObjectNode sanitized(ObjectNode properties) {
        ObjectNode copy = properties.deepCopy();
        copy.remove("instanceView");
        for (String section : List.of("containers", "initContainers")) {
            for (JsonNode container : copy.path(section)) {
                JsonNode env = container.path("properties").path("environmentVariables");
                for (JsonNode variable : env) {
                    if (variable.has("secureValue")) {
                        ((ObjectNode) variable).remove("secureValue");
                    }
                }
            }
        }
        for (JsonNode credential : copy.path("imageRegistryCredentials")) {
            ((ObjectNode) credential).remove("password");
        }
        // Volume secrets are write-only too: the account key and the secret files' contents.
        for (JsonNode volume : copy.path("volumes")) {
            if (volume.path("azureFile").isObject()) {
                ((ObjectNode) volume.get("azureFile")).remove("storageAccountKey");
            }
            if (volume.path("secret").isObject()) {
                ObjectNode secret = (ObjectNode) volume.get("secret");
                List<String> files = new ArrayList<>();
                secret.fieldNames().forEachRemaining(files::add);
                files.forEach(file -> secret.putNull(file));
            }
        }
        return copy;
    }

    /** For {@link ArmEmulator#groups()}: the spec's tags. */
    Map<String, String> tags() {
        return spec.tags();
    }
}
