package dev.acidispatch.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A container group as a deployment declares it (template expressions already evaluated), with its {@code identity}
 * (null when it has none), which ACI echoes on GET.
 */
record GroupSpec(String name, String location, Map<String, String> tags, ObjectNode properties, ObjectNode identity) {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /**
     * Container group and container names: "1-63, Lowercase, Alphanumeric, and hyphen anywhere except the first or
     * last character" (container-instances-troubleshooting, "Naming conventions").
     */
    private static final Pattern NAME = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$");

    /** @param resource an evaluated {@code Microsoft.ContainerInstance/containerGroups} template resource */
    static GroupSpec fromResource(JsonNode resource, String defaultLocation) {
        Map<String, String> tags = new LinkedHashMap<>();
        resource.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        JsonNode properties = resource.get("properties");
        ObjectNode groupProperties = properties != null && properties.isObject() ? (ObjectNode) properties
                : NODES.objectNode();
        coerceResourceNumbers(groupProperties);
        JsonNode identity = resource.get("identity");
        return new GroupSpec(resource.path("name").asText(""), resource.path("location").asText(defaultLocation),
                tags, groupProperties, identity != null && identity.isObject() ? (ObjectNode) identity : null);
    }

    /** The user-assigned identities the group asks for ({@code identity.userAssignedIdentities} keys). */
    List<String> userAssignedIdentities() {
        List<String> ids = new ArrayList<>();
        if (identity != null) {
            identity.path("userAssignedIdentities").fieldNames().forEachRemaining(ids::add);
        }
        return ids;
    }

    /** The subnets the group joins ({@code properties.subnetIds[].id}). */
    List<String> subnetIds() {
        List<String> ids = new ArrayList<>();
        properties.path("subnetIds").forEach(subnet -> {
            if (!subnet.path("id").asText("").isBlank()) {
                ids.add(subnet.path("id").asText());
            }
        });
        return ids;
    }

    /** The identities registries are pulled with ({@code properties.imageRegistryCredentials[].identity}). */
    List<String> registryIdentities() {
        List<String> ids = new ArrayList<>();
        properties.path("imageRegistryCredentials").forEach(credential -> {
            if (!credential.path("identity").asText("").isBlank()) {
                ids.add(credential.path("identity").asText());
            }
        });
        return ids;
    }

    /** The cores its containers request (what the regional core quota counts). */
    double cores() {
        double cores = 0;
        for (JsonNode container : properties.path("containers")) {
            cores += container.path("properties").path("resources").path("requests").path("cpu").asDouble(0);
        }
        return cores;
    }

    List<String> containerNames() {
        List<String> names = new ArrayList<>();
        properties.path("containers").forEach(c -> names.add(c.path("name").asText()));
        return names;
    }

    /** The init containers' names, in the order they run. */
    List<String> initContainerNames() {
        List<String> names = new ArrayList<>();
        properties.path("initContainers").forEach(c -> names.add(c.path("name").asText()));
        return names;
    }

    String osType() {
        return properties.path("osType").asText("Linux");
    }

    /** ACI's default when a group gives none is Always. */
    String restartPolicy() {
        return properties.path("restartPolicy").asText("Always");
    }

    /** Where containers (init containers included) mount the volume, in declaration order, each path once. */
    List<String> mountPaths(String volumeName) {
        List<String> paths = new ArrayList<>();
        for (JsonNode container : allContainers()) {
            for (JsonNode mount : container.path("properties").path("volumeMounts")) {
                String path = mount.path("mountPath").asText();
                if (volumeName.equals(mount.path("name").asText()) && !paths.contains(path)) {
                    paths.add(path);
                }
            }
        }
        return paths;
    }

    /** Whether every mount of the volume is read-only. */
    boolean mountedReadOnlyEverywhere(String volumeName) {
        boolean mounted = false;
        for (JsonNode container : allContainers()) {
            for (JsonNode mount : container.path("properties").path("volumeMounts")) {
                if (volumeName.equals(mount.path("name").asText())) {
                    mounted = true;
                    if (!mount.path("readOnly").asBoolean(false)) {
                        return false;
                    }
                }
            }
        }
        return mounted;
    }

    private List<JsonNode> allContainers() {
        List<JsonNode> all = new ArrayList<>();
        properties.path("initContainers").forEach(all::add);
        properties.path("containers").forEach(all::add);
        return all;
    }

    /** The image of the first container (what the scripted lifecycle's events name). */
    String firstImage() {
        return properties.path("containers").path(0).path("properties").path("image").asText();
    }

    /** What ACI refuses in this group, as ARM error details ({@code code}, {@code message}); empty when valid. */
    List<ObjectNode> problems() {
        List<ObjectNode> problems = new ArrayList<>();
        if (!NAME.matcher(name).matches()) {
            problems.add(problem("InvalidContainerGroupName", "The container group name '" + name + "' is "
                    + "invalid. The container group name must contain no more than 63 characters and must match the "
                    + "regex '[a-z0-9]([-a-z0-9]*[a-z0-9])?' (e.g. 'my-name')."));
        }
        // osType is required (containerInstance.json 2023-05-01: ContainerGroupProperties.properties.required is
        // [containers, osType]); the wording is ACI's (Azure/azure-cli#30439).
        String osType = properties.path("osType").asText("");
        if (!osType.equals("Linux") && !osType.equals("Windows")) {
            problems.add(problem("InvalidOsType", "The 'osType' for container group '" + name + "' is invalid. "
                    + "The value must be one of 'Windows,Linux'."));
        }
        JsonNode containers = properties.path("containers");
        if (!containers.isArray() || containers.isEmpty()) {
            problems.add(problem("ContainerGroupMissingContainers", "The container group '" + name
                    + "' must have at least one container (properties.containers)."));
        }
        for (JsonNode container : containers) {
            String containerName = container.path("name").asText("");
            JsonNode containerProperties = container.path("properties");
            if (!NAME.matcher(containerName).matches()) {
                problems.add(problem("InvalidContainerName", "The container name '" + containerName + "' in "
                        + "container group '" + name + "' is invalid. A container name must contain no more than 63 "
                        + "characters and must match the regex '[a-z0-9]([-a-z0-9]*[a-z0-9])?' (e.g. 'my-name')."));
            }
            if (containerProperties.path("image").asText("").isBlank()) {
                problems.add(problem("InvalidImageName", "The container '" + containerName + "' of group '"
                        + name + "' has no image (properties.image)."));
            }
            problems.addAll(requestProblems(containerName, containerProperties.path("resources").path("requests")));
        }
        // A registry is pulled with an identity the group has (MicrosoftDocs/azure-docs#117644 quotes the error).
        List<String> groupIdentities = userAssignedIdentities().stream().map(id -> id.toLowerCase(Locale.ROOT))
                .toList();
        for (String registryIdentity : registryIdentities()) {
            if (!groupIdentities.contains(registryIdentity.toLowerCase(Locale.ROOT))) {
                problems.add(problem("InvalidImageRegistryIdentity", "The identity in the "
                        + "'imageRegistryCredentials' of container group '" + name + "' not found in container "
                        + "group identity list"));
            }
        }
        problems.addAll(GroupSpecRules.problems(name, properties));
        return problems;
    }

    /**
     * Both requests are required, above zero: ACI's {@code ResourceRequestsNotSpecified} when both are missing and
     * {@code ResourceSomeRequestsNotSpecified} when one is (wording quoted in
     * MicrosoftLearning/mslearn-azure-developer#67 and MicrosoftDocs/azure-docs-cli#4812).
     */
    private List<ObjectNode> requestProblems(String containerName, JsonNode requests) {
        boolean cpu = requests.path("cpu").asDouble(0) > 0;
        boolean memory = requests.path("memoryInGB").asDouble(0) > 0;
        if (!cpu && !memory) {
            return List.of(problem("ResourceRequestsNotSpecified", "The resource requests are not specified in "
                    + "container '" + containerName + "' of contain group '" + name + "'. Both memory and CPU "
                    + "requests are required since API version '2017-07-01-preview'."));
        }
        if (!cpu || !memory) {
            String missing = cpu ? "MemoryInGB" : "Cpu";
            return List.of(problem("ResourceSomeRequestsNotSpecified", "The '" + missing + "' request is not "
                    + "specified in container '" + containerName + "' of contain group '" + name + "'. It is "
                    + "required since API version '2017-07-01-preview'."));
        }
        return List.of();
    }

    /**
     * ARM templates have no decimal type, so cpu and memory often arrive as strings ("1.5"); the resource provider
     * reads them as numbers, and so does the emulator (the SDK would fail on a string).
     */
    private static void coerceResourceNumbers(ObjectNode properties) {
        for (JsonNode container : properties.path("containers")) {
            JsonNode resources = container.path("properties").path("resources");
            for (String section : List.of("requests", "limits")) {
                JsonNode values = resources.path(section);
                if (!values.isObject()) {
                    continue;
                }
                for (String field : List.of("cpu", "memoryInGB")) {
                    JsonNode value = values.get(field);
                    if (value != null && value.isTextual()) {
                        try {
                            ((ObjectNode) values).put(field, Double.parseDouble(value.asText().trim()));
                        } catch (NumberFormatException notANumber) {
                            // left as is: validation reports it
                        }
                    }
                }
            }
        }
    }

    private static ObjectNode problem(String code, String message) {
        return NODES.objectNode().put("code", code).put("message", message);
    }
}
