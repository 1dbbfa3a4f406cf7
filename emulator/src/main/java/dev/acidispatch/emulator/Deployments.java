package dev.acidispatch.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The {@code Microsoft.Resources/deployments} resource at resource-group scope: PUT evaluates an inline template
 * ({@link TemplateEvaluator}), validates its container groups as ACI would, and creates or updates them
 * (incremental mode) through {@link ContainerGroups}; GET, the operation-status poll and DELETE (which keeps the
 * resources it created, as in ARM). Resources of other types are accepted and ignored. Names are
 * case-insensitive.
 *
 * <p>Not thread-safe: the emulator calls it under its state lock.
 */
final class Deployments {
    private static final Logger LOG = Logger.getLogger(Deployments.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, EmulatedDeployment> deployments = new LinkedHashMap<>();
    private final ContainerGroups groups;
    private final AsyncOperations operations;
    private final String location;
    private final TemplateEvaluator.KeyVaultResolver keyVault;

    /**
     * @param location the region: what {@code resourceGroup().location} returns and where groups go by default
     * @param keyVault resolves parameter values given as Key Vault references
     */
    Deployments(ContainerGroups groups, AsyncOperations operations, String location,
                TemplateEvaluator.KeyVaultResolver keyVault) {
        this.groups = groups;
        this.operations = operations;
        this.location = location;
        this.keyVault = keyVault;
    }

    /** {@code PUT}: 201 (200 when replacing a finished one) Accepted, with an {@code Azure-AsyncOperation}. */
    Reply put(ArmRequest request) {
        String subscription = request.subscription();
        String resourceGroup = request.resourceGroup();
        String name = request.path("deployment");
        Instant now = request.now();
        String deploymentKey = key(resourceGroup, name);
        EmulatedDeployment existing = deployments.get(deploymentKey);
        if (existing != null && "Running".equals(existing.state(now))) {
            return Reply.error(409, "DeploymentActive", "Unable to edit or replace deployment '" + name
                    + "': previous deployment from '" + existing.createdAt + "' is still active (expiration time is '"
                    + existing.createdAt.plus(Duration.ofDays(14)) + "'). Please see https://aka.ms/arm-deploy for "
                    + "usage details.");
        }
        JsonNode body;
        try {
            body = JSON.readTree(request.body());
        } catch (IOException e) {
            return Reply.error(400, "InvalidRequestContent", "The request content was invalid and could not be "
                    + "deserialized: '" + e.getMessage() + "'.");
        }
        JsonNode properties = body == null ? null : body.get("properties");
        if (properties == null || !properties.has("template")) {
            String why = properties != null && properties.has("templateLink")
                    ? "the emulator supports inline templates only (properties.template), not templateLink"
                    : "properties.template is missing";
            return Reply.error(400, "InvalidRequestContent", "The request content was invalid: " + why + ".");
        }
        List<GroupSpec> specs;
        try {
            TemplateEvaluator evaluator = new TemplateEvaluator(properties.get("template"),
                    properties.get("parameters"), new TemplateEvaluator.Scope(subscription, resourceGroup, location,
                    name), keyVault);
            specs = containerGroupsOf(properties.get("template"), evaluator);
        } catch (TemplateException e) {
            return Reply.error(400, e.code(), e.getMessage());
        }
        List<ObjectNode> problems = new ArrayList<>();
        specs.forEach(spec -> problems.addAll(spec.problems()));
        if (!problems.isEmpty()) {
            ObjectNode error = JSON.createObjectNode();
            ObjectNode inner = error.putObject("error");
            inner.put("code", "InvalidTemplateDeployment");
            inner.put("message", "The template deployment '" + name + "' is not valid according to the validation "
                    + "procedure. See inner errors for details.");
            ArrayNode details = inner.putArray("details");
            problems.forEach(details::add);
            return Reply.json(400, error);
        }
        EmulatedDeployment deployment = new EmulatedDeployment(subscription, resourceGroup, name, now, location,
                redactedParameters(properties.get("template"), properties.get("parameters")));
        deployment.completesAt(deployGroups(deployment, specs, now));
        deployments.put(deploymentKey, deployment);
        return new Reply(existing == null ? 201 : 200, deployment.toJson(now, "Accepted"),
                operations.deploymentAccepted(deployment));
    }

    /**
     * Creates or updates each group in order; the first quota refusal fails the deployment and stops it. A group
     * whose provisioning fails fails the deployment when it does (the earliest failure wins).
     *
     * @return when the deployment succeeds (its last group provisioned), or {@code null} if a group never does
     */
    private Instant deployGroups(EmulatedDeployment deployment, List<GroupSpec> specs, Instant now) {
        Instant completesAt = now;
        for (GroupSpec spec : specs) {
            Optional<EmulatedGroup> existing = groups.find(deployment.resourceGroup, spec.name());
            if (existing.isPresent()) {
                existing.get().update(spec, deployment.name);
                deployment.addGroup(existing.get().id());
                continue;
            }
            Optional<ObjectNode> quotaError = groups.quotaRefusal(deployment.resourceGroup, spec, now);
            if (quotaError.isPresent()) {
                deployment.failsAt(now, deploymentFailed(quotaError.get()));
                break;
            }
            EmulatedGroup group = groups.create(deployment.subscription, deployment.resourceGroup, spec,
                    deployment.name, now);
            deployment.addGroup(group.id());
            if (group.provisioningFailure().isPresent()) {
                ContainerScript.ProvisioningFailure failure = group.provisioningFailure().get();
                Instant failsAt = group.provisionedAt();
                if (deployment.failsAt() == null || failsAt.isBefore(deployment.failsAt())) {
                    ObjectNode detail = JSON.createObjectNode().put("code", failure.code())
                            .put("message", failure.message());
                    deployment.failsAt(failsAt, deploymentFailed(detail));
                }
            } else if (group.neverProvisions()) {
                completesAt = null;
            } else if (completesAt != null && group.provisionedAt().isAfter(completesAt)) {
                completesAt = group.provisionedAt();
            }
        }
        return completesAt;
    }

    /** {@code GET}: the deployment, its state at this instant. */
    Reply get(ArmRequest request) {
        EmulatedDeployment deployment = deployments.get(key(request.resourceGroup(), request.path("deployment")));
        if (deployment == null) {
            return notFound(request.path("deployment"));
        }
        return Reply.json(200, deployment.toJson(request.now(), null));
    }

    /** {@code GET .../operationStatuses/{operation}}: {@code {"status": ..., "error": ...}}. */
    Reply operationStatus(ArmRequest request) {
        EmulatedDeployment deployment = deployments.get(key(request.resourceGroup(), request.path("deployment")));
        if (deployment == null) {
            return notFound(request.path("deployment"));
        }
        ObjectNode status = JSON.createObjectNode();
        status.put("status", deployment.state(request.now()));
        ObjectNode error = deployment.error(request.now());
        if (error != null) {
            status.set("error", error);
        }
        return Reply.json(200, status);
    }

    /**
     * {@code DELETE}: 202 with a {@code Location} to poll, or 204 when there was none (REST reference, Deployments -
     * Delete, 2025-04-01). ARM refuses to delete a running deployment; the emulator deletes it anyway.
     */
    Reply delete(ArmRequest request) {
        EmulatedDeployment removed = deployments.remove(key(request.resourceGroup(), request.path("deployment")));
        if (removed == null) {
            return Reply.empty(204);
        }
        // The resources it created stay: "Deleting an entry from the deployment history doesn't affect the deployed
        // resources" (Azure subscription and service limits, Azure Resource Manager).
        return new Reply(202, null, operations.deleteAccepted(request.subscription()));
    }

    private static Reply notFound(String name) {
        return Reply.error(404, "DeploymentNotFound", "Deployment '" + name + "' could not be found.");
    }

    /** The template's container groups, evaluated; false conditions are skipped, other resource types ignored. */
    private List<GroupSpec> containerGroupsOf(JsonNode template, TemplateEvaluator evaluator) {
        List<GroupSpec> specs = new ArrayList<>();
        for (JsonNode rawResource : template.path("resources")) {
            JsonNode resource = evaluator.evaluate(rawResource);
            if (resource.has("condition") && !resource.get("condition").asBoolean()) {
                continue;
            }
            if (!ContainerGroups.RESOURCE_TYPE.equalsIgnoreCase(resource.path("type").asText())) {
                LOG.info(() -> "ARM emulator: ignoring resource of type " + resource.path("type").asText());
                continue;
            }
            specs.add(GroupSpec.fromResource(resource, location));
        }
        return specs;
    }

    private static ObjectNode deploymentFailed(ObjectNode detail) {
        ObjectNode error = JSON.createObjectNode();
        error.put("code", "DeploymentFailed");
        error.put("message", "At least one resource deployment operation failed. Please list deployment operations "
                + "for details. Please see https://aka.ms/arm-deployment-operations for usage details.");
        error.putArray("details").add(detail);
        return error;
    }

    /** Parameters as ARM echoes them: secure values are left out. */
    private static ObjectNode redactedParameters(JsonNode template, JsonNode given) {
        ObjectNode result = JSON.createObjectNode();
        template.path("parameters").fields().forEachRemaining(e -> {
            String type = e.getValue().path("type").asText("string");
            ObjectNode parameter = result.putObject(e.getKey());
            parameter.put("type", type);
            JsonNode supplied = given == null ? null : given.get(e.getKey());
            if (!type.toLowerCase(Locale.ROOT).startsWith("secure") && supplied != null && supplied.has("value")) {
                parameter.set("value", supplied.get("value"));
            }
        });
        return result;
    }

    private static String key(String resourceGroup, String name) {
        return resourceGroup.toLowerCase(Locale.ROOT) + "/" + name.toLowerCase(Locale.ROOT);
    }
}
