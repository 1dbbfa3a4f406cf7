package dev.acidispatch.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.regex.Pattern;

/**
 * The {@code Microsoft.Resources/deployments} resource at resource-group scope: PUT validates the request and the
 * inline template ({@link ParameterTypes}, {@link TemplateEvaluator}), checks the caller may write each container
 * group (preflight), validates the groups as ACI would, and creates or updates them (incremental mode) through
 * {@link ContainerGroups}, checking the resources each links to; GET, the operation-status poll, cancel and DELETE
 * (asynchronous; it keeps the resources it created, as in ARM). Resources of other types are accepted and ignored.
 * Names are case-insensitive.
 *
 * <p>Not thread-safe: the emulator calls it under its state lock.
 */
final class Deployments {
    private static final Logger LOG = Logger.getLogger(Deployments.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Deployments - Create Or Update (2025-04-01): deploymentName maxLength 64, pattern {@code ^[-\w\._\(\)]+$}. */
    private static final Pattern NAME = Pattern.compile("^[-\\w._()]+$");
    static final String GROUP_WRITE = "Microsoft.ContainerInstance/containerGroups/write";
    static final String SUBNET_JOIN = "Microsoft.Network/virtualNetworks/subnets/join/action";
    static final String IDENTITY_ASSIGN = "Microsoft.ManagedIdentity/userAssignedIdentities/assign/action";

    private final Map<String, EmulatedDeployment> deployments = new LinkedHashMap<>();
    private final ContainerGroups groups;
    private final AsyncOperations operations;
    private final String location;
    private final TemplateEvaluator.KeyVaultResolver keyVault;
    private final Authorization authorization;
    private final ExistingResources existing;
    private final Duration deleteDuration;

    /**
     * @param location the region: what {@code resourceGroup().location} returns and where groups go by default
     * @param keyVault resolves parameter values given as Key Vault references
     */
    Deployments(ContainerGroups groups, AsyncOperations operations, String location,
                TemplateEvaluator.KeyVaultResolver keyVault, Authorization authorization, ExistingResources existing,
                Duration deleteDuration) {
        this.groups = groups;
        this.operations = operations;
        this.location = location;
        this.keyVault = keyVault;
        this.authorization = authorization;
        this.existing = existing;
        this.deleteDuration = deleteDuration;
    }

    /** {@code PUT}: 201 (200 when replacing a finished one) Accepted, with an {@code Azure-AsyncOperation}. */
    Reply put(ArmRequest request) {
        String subscription = request.subscription();
        String resourceGroup = request.resourceGroup();
        String name = request.path("deployment");
        Instant now = request.now();
        if (name.length() > 64) {
            // The wording ARM uses (OctopusDeploy/Issues#3545, Azure/azure-policy#1220).
            return Reply.error(400, "InvalidDeployment", "The provided deployment name '" + name + "' has a length "
                    + "of '" + name.length() + "' which exceeds the maximum length of '64'. Please see "
                    + "https://aka.ms/arm-deploy for usage details.");
        }
        if (!NAME.matcher(name).matches()) {
            return Reply.error(400, "InvalidDeployment", "The provided deployment name '" + name + "' is invalid: "
                    + "it must match '^[-\\w\\._\\(\\)]+$'. Please see https://aka.ms/arm-deploy for usage details.");
        }
        String deploymentKey = key(resourceGroup, name);
        EmulatedDeployment existingDeployment = find(deploymentKey, now);
        if (existingDeployment != null && existingDeployment.isDeleting()) {
            // The wording ARM uses (Azure/data-factory-deploy-action#25); Azure/azure-service-operator's deployment
            // reconciler waits on this 409 code.
            return Reply.error(409, "DeploymentBeingDeleted", "The deployment '" + name + "' cannot be edited "
                    + "because it is being deleted. Please wait for deletion to finish.");
        }
        if (existingDeployment != null && existingDeployment.isRunning(now)) {
            return Reply.error(409, "DeploymentActive", "Unable to edit or replace deployment '" + name
                    + "': previous deployment from '" + existingDeployment.createdAt + "' is still active "
                    + "(expiration time is '" + existingDeployment.createdAt.plus(Duration.ofDays(14)) + "'). Please "
                    + "see https://aka.ms/arm-deploy for usage details.");
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
            ParameterTypes.check(properties.get("template"), properties.get("parameters"));
            TemplateEvaluator evaluator = new TemplateEvaluator(properties.get("template"),
                    properties.get("parameters"), new TemplateEvaluator.Scope(subscription, resourceGroup, location,
                    name), keyVault);
            specs = containerGroupsOf(properties.get("template"), evaluator);
        } catch (TemplateException e) {
            return Reply.error(400, e.code(), e.getMessage());
        }
        // Preflight: "ARM verifies that the caller has sufficient permissions at the deployment scope to create or
        // modify the requested resources. If the identity lacks permissions, the deployment is rejected before
        // execution" (Preflight: Server validation before deployment).
        for (GroupSpec spec : specs) {
            String groupId = groupId(subscription, resourceGroup, spec.name());
            if (!authorization.permits(GROUP_WRITE, groupId)) {
                return ArmErrors.reply(403, ArmErrors.authorizationFailed(authorization.principalId(), GROUP_WRITE,
                        groupId));
            }
        }
        List<ObjectNode> problems = new ArrayList<>();
        for (GroupSpec spec : specs) {
            problems.addAll(spec.problems());
        }
        if (!problems.isEmpty()) {
            return ArmErrors.reply(400, ArmErrors.error("InvalidTemplateDeployment", "The template deployment '"
                    + name + "' is not valid according to the validation procedure. See inner errors for details.",
                    problems));
        }
        EmulatedDeployment deployment = new EmulatedDeployment(subscription, resourceGroup, name, now, location,
                redactedParameters(properties.get("template"), properties.get("parameters")));
        deployment.completesAt(deployGroups(deployment, specs, now));
        deployments.put(deploymentKey, deployment);
        return new Reply(existingDeployment == null ? 201 : 200, deployment.toJson(now, "Accepted"),
                operations.deploymentAccepted(deployment));
    }

    /**
     * Creates or updates each group in order; the first group refused (a linked resource it may not use or that does
     * not exist, a quota) fails the deployment and stops it. A group whose provisioning fails fails the deployment
     * when it does (the earliest failure wins).
     *
     * @return when the deployment succeeds (its last group provisioned)
     */
    private Instant deployGroups(EmulatedDeployment deployment, List<GroupSpec> specs, Instant now) {
        Instant completesAt = now;
        for (GroupSpec spec : specs) {
            Optional<ObjectNode> linkRefusal = linkRefusal(deployment, spec);
            if (linkRefusal.isPresent()) {
                deployment.failsAt(now, ArmErrors.deploymentFailed(List.of(linkRefusal.get())));
                break;
            }
            Optional<EmulatedGroup> existingGroup = groups.find(deployment.resourceGroup, spec.name(), now);
            if (existingGroup.isPresent() && existingGroup.get().isDeleting()) {
                // A group still being deleted cannot be written: ACI answers a conflict (code as gbowerman/azurerm's
                // container test sees it during a transition; the wording is the emulator's).
                deployment.failsAt(now, ArmErrors.deploymentFailed(List.of(ArmErrors.nested("Conflict",
                        ArmErrors.error("ContainerGroupTransitioning", "The container group '" + spec.name()
                                + "' is being deleted; retry once the deletion has finished.")))));
                break;
            }
            if (existingGroup.isPresent()) {
                existingGroup.get().update(spec, deployment.name);
                deployment.addGroup(existingGroup.get().id());
                continue;
            }
            Optional<ContainerScript.ProvisioningFailure> refused = groups.scriptFor(spec.name()).createRefusal();
            if (refused.isPresent()) {
                // ACI refuses the group's PUT itself, so it never exists, and the deployment fails with that error
                // as its detail (jacobalberty/unifi-docker#641: InaccessibleImage; Azure/azure-cli#18596 gets the
                // same error straight from az container create).
                deployment.failsAt(now, ArmErrors.deploymentFailed(List.of(ArmErrors.error(refused.get().code(),
                        refused.get().message()))));
                break;
            }
            Optional<ObjectNode> quotaError = groups.quotaRefusal(deployment.resourceGroup, spec, now);
            if (quotaError.isPresent()) {
                // Nested as ARM nests it (src/test/resources/arm-specs/authored-DeploymentGet_Failed_Quota.json).
                deployment.failsAt(now, ArmErrors.deploymentFailed(List.of(ArmErrors.nested("Conflict",
                        ArmErrors.resourceDeploymentFailure("Failed", List.of(quotaError.get()))))));
                break;
            }
            EmulatedGroup group = groups.create(deployment.subscription, deployment.resourceGroup, spec,
                    deployment.name, now);
            deployment.addGroup(group.id());
            if (group.provisioningFailure().isPresent()) {
                ContainerScript.ProvisioningFailure failure = group.provisioningFailure().get();
                Instant failsAt = group.provisionedAt();
                if (deployment.failsAt() == null || failsAt.isBefore(deployment.failsAt())) {
                    List<ObjectNode> cause = failure.code().equals(ScriptedRuntime.TIMED_OUT.code()) ? List.of()
                            : List.of(ArmErrors.error(failure.code(), failure.message()));
                    deployment.failsAt(failsAt, ArmErrors.deploymentFailed(List.of(
                            ArmErrors.resourceDeploymentFailure("Failed", cause))));
                }
            } else if (group.provisionedAt().isAfter(completesAt)) {
                completesAt = group.provisionedAt();
            }
        }
        return completesAt;
    }

    /**
     * Why ARM would refuse to create this group for what it links to: a subnet it joins or an identity it assigns
     * that the caller may not use ({@code LinkedAuthorizationFailed}), or that does not exist (the provider's
     * {@code ResourceNotFound}, nested as ARM nests provider errors).
     */
    private Optional<ObjectNode> linkRefusal(EmulatedDeployment deployment, GroupSpec spec) {
        String groupId = groupId(deployment.subscription, deployment.resourceGroup, spec.name());
        Map<String, String> links = new LinkedHashMap<>();
        spec.subnetIds().forEach(id -> links.put(id, SUBNET_JOIN));
        spec.userAssignedIdentities().forEach(id -> links.put(id, IDENTITY_ASSIGN));
        for (Map.Entry<String, String> link : links.entrySet()) {
            if (!authorization.permits(link.getValue(), link.getKey())) {
                return Optional.of(ArmErrors.linkedAuthorizationFailed(authorization.principalId(), GROUP_WRITE,
                        groupId, link.getValue(), link.getKey()));
            }
        }
        for (String id : links.keySet()) {
            if (!existing.exists(id)) {
                String[] parts = id.split("/");
                String type = id.toLowerCase(Locale.ROOT).contains("/subnets/")
                        ? "Microsoft.Network/virtualNetworks/" + segmentAfter(parts, "virtualNetworks") + "/subnets"
                        : "Microsoft.ManagedIdentity/userAssignedIdentities";
                String rg = ExistingResources.resourceGroupOf(id);
                return Optional.of(ArmErrors.nested("NotFound", ArmErrors.resourceNotFound(type,
                        parts[parts.length - 1], rg == null ? "" : rg)));
            }
        }
        return Optional.empty();
    }

    /** {@code GET}: the deployment, its state at this instant. */
    Reply get(ArmRequest request) {
        EmulatedDeployment deployment = find(key(request.resourceGroup(), request.path("deployment")), request.now());
        if (deployment == null) {
            return notFound(request.path("deployment"));
        }
        return Reply.json(200, deployment.toJson(request.now(), null));
    }

    /** {@code GET .../operationStatuses/{operation}}: {@code {"status": ..., "error": ...}}. */
    Reply operationStatus(ArmRequest request) {
        EmulatedDeployment deployment = find(key(request.resourceGroup(), request.path("deployment")), request.now());
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
     * {@code POST .../cancel}: 204, and the deployment is Canceled; the groups it created stay ("Canceling a template
     * deployment stops the currently running template deployment and leaves the resources partially deployed",
     * Deployments - Cancel, 2025-04-01). "You can cancel a deployment only if the provisioningState is Accepted or
     * Running": otherwise 409 (the code is the emulator's choice; ARM's is not documented).
     */
    Reply cancel(ArmRequest request) {
        String name = request.path("deployment");
        EmulatedDeployment deployment = find(key(request.resourceGroup(), name), request.now());
        if (deployment == null) {
            return notFound(name);
        }
        if (!deployment.cancel(request.now())) {
            return Reply.error(409, "DeploymentNotCancellable", "The deployment '" + name + "' cannot be canceled: "
                    + "its provisioning state is '" + deployment.state(request.now()) + "'; only Accepted or Running "
                    + "deployments can be canceled.");
        }
        return Reply.empty(204);
    }

    /**
     * {@code DELETE}: 202 with a {@code Location} to poll, then Deleting until the configured delete duration has
     * passed; 204 when there is none (Deployments - Delete, 2025-04-01). "A template deployment that is currently
     * running cannot be deleted" (same page; Azure/azure-cli#12252): 409, with the code ARM uses for an active
     * deployment on PUT (the code for DELETE is not documented).
     */
    Reply delete(ArmRequest request) {
        String name = request.path("deployment");
        EmulatedDeployment deployment = find(key(request.resourceGroup(), name), request.now());
        if (deployment == null) {
            return Reply.empty(204);
        }
        if (deployment.isRunning(request.now())) {
            return Reply.error(409, "DeploymentActive", "The deployment '" + name + "' cannot be deleted: a template "
                    + "deployment that is currently running cannot be deleted. Cancel it first or wait for it to "
                    + "finish. Please see https://aka.ms/arm-deploy for usage details.");
        }
        if (!deployment.isDeleting()) {
            // The resources it created stay: "Deleting an entry from the deployment history doesn't affect the
            // deployed resources" (Azure subscription and service limits, Azure Resource Manager).
            Instant completes = request.now().plus(deleteDuration);
            deployment.beginDelete(request.now(), completes, operations.track(now -> !now.isBefore(completes)));
        }
        return new Reply(202, null, operations.deleteAccepted(request.subscription(), deployment.deleteOperation()));
    }

    /** The ids of the deployments that exist now (being deleted included). */
    List<String> ids(Instant now) {
        List<String> ids = new ArrayList<>();
        for (String key : List.copyOf(deployments.keySet())) {
            EmulatedDeployment deployment = find(key, now);
            if (deployment != null) {
                ids.add(deployment.id());
            }
        }
        return ids;
    }

    private static Reply notFound(String name) {
        return Reply.error(404, "DeploymentNotFound", "Deployment '" + name + "' could not be found.");
    }

    /** The deployment of that key, unless its delete has finished (then it is forgotten). */
    private EmulatedDeployment find(String deploymentKey, Instant now) {
        EmulatedDeployment deployment = deployments.get(deploymentKey);
        if (deployment != null && deployment.isDeleted(now)) {
            deployments.remove(deploymentKey);
            return null;
        }
        return deployment;
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

    static String groupId(String subscription, String resourceGroup, String name) {
        return "/subscriptions/" + subscription + "/resourceGroups/" + resourceGroup
                + "/providers/Microsoft.ContainerInstance/containerGroups/" + name;
    }

    private static String segmentAfter(String[] parts, String segment) {
        for (int i = 0; i + 1 < parts.length; i++) {
            if (parts[i].equalsIgnoreCase(segment)) {
                return parts[i + 1];
            }
        }
        return "";
    }

    private static String key(String resourceGroup, String name) {
        return resourceGroup.toLowerCase(Locale.ROOT) + "/" + name.toLowerCase(Locale.ROOT);
    }
}
