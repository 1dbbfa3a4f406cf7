package dev.acidispatch.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One emulated container group: its spec, the deployment that last wrote it, whether it was stopped, and the
 * {@link GroupRuntime} that drives its containers. Its state is derived at each request from the containers'
 * states: the group finishes when every container has terminated (no container is ever restarted, whatever the
 * restartPolicy says).
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

    boolean neverProvisions() {
        return runtime.neverProvisions();
    }

    Instant provisionedAt() {
        return runtime.provisionedAt();
    }

    /** The first stop counts; the containers are killed. */
    void stop(Instant now) {
        if (stoppedAt == null) {
            stoppedAt = now;
        }
        kill();
    }

    void kill() {
        runtime.kill();
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
        } else if (stoppedAt != null) {
            provisioningState = "Succeeded";
            instanceState = "Stopped";
        } else if ("OnFailure".equals(spec.restartPolicy()) && containers.stream().anyMatch(c ->
                c.state().equals("Terminated") && c.exitCode() != null && c.exitCode() != 0)) {
            // ACI restarts a container that failed under OnFailure: the group is still running.
            provisioningState = "Succeeded";
            instanceState = "Running";
        } else if (containers.stream().anyMatch(c -> c.state().equals("Waiting"))) {
            provisioningState = "Creating";
            instanceState = "Pending";
        } else if (containers.stream().allMatch(c -> c.state().equals("Terminated"))) {
            provisioningState = "Succeeded";
            instanceState = containers.stream().allMatch(c -> Integer.valueOf(0).equals(c.exitCode()))
                    ? "Succeeded" : "Failed";
        } else {
            provisioningState = "Succeeded";
            instanceState = "Running";
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
        ObjectNode properties = sanitized(spec.properties());
        properties.put("provisioningState", view.provisioningState());
        if (!properties.has("osType")) {
            properties.put("osType", "Linux");
        }
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
            ObjectNode containerProperties = (ObjectNode) definitions.get(i).path("properties");
            GroupView.Container c = views.get(i);
            ObjectNode instanceView = containerProperties.putObject("instanceView");
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
            if (c.previousExitCode() != null) {
                instanceView.putObject("previousState").put("state", "Terminated")
                        .put("exitCode", c.previousExitCode()).put("detailStatus", "Error");
            }
            ArrayNode events = instanceView.putArray("events");
            c.events().forEach(event -> events.add(toJson(event)));
        }
    }

    private static ObjectNode toJson(GroupView.Event event) {
        ObjectNode node = NODES.objectNode();
        node.put("count", 1);
        node.put("firstTimestamp", event.at().toString());
        node.put("lastTimestamp", event.at().toString());
        node.put("name", event.name());
        node.put("message", event.message());
        node.put("type", event.type());
        return node;
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
}
