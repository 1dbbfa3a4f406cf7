package dev.acidispatch.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** A container group as a deployment declares it (template expressions already evaluated). */
record GroupSpec(String name, String location, Map<String, String> tags, ObjectNode properties) {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern NAME = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$");

    /** @param resource an evaluated {@code Microsoft.ContainerInstance/containerGroups} template resource */
    static GroupSpec fromResource(JsonNode resource, String defaultLocation) {
        Map<String, String> tags = new LinkedHashMap<>();
        resource.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        JsonNode properties = resource.get("properties");
        ObjectNode groupProperties = properties != null && properties.isObject() ? (ObjectNode) properties
                : NODES.objectNode();
        coerceResourceNumbers(groupProperties);
        return new GroupSpec(resource.path("name").asText(""), resource.path("location").asText(defaultLocation),
                tags, groupProperties);
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
        JsonNode containers = properties.path("containers");
        if (!containers.isArray() || containers.isEmpty()) {
            problems.add(problem("ContainerGroupMissingContainers", "The container group '" + name
                    + "' must have at least one container (properties.containers)."));
        }
        for (JsonNode container : containers) {
            String containerName = container.path("name").asText("");
            JsonNode containerProperties = container.path("properties");
            if (containerName.isEmpty()) {
                problems.add(problem("InvalidContainerName", "A container of group '" + name + "' has no name."));
            }
            if (containerProperties.path("image").asText("").isBlank()) {
                problems.add(problem("InvalidImageName", "The container '" + containerName + "' of group '"
                        + name + "' has no image (properties.image)."));
            }
            JsonNode requests = containerProperties.path("resources").path("requests");
            if (!(requests.path("cpu").asDouble(0) > 0) || !(requests.path("memoryInGB").asDouble(0) > 0)) {
                problems.add(problem("InvalidResourceRequests", "The container '" + containerName + "' of group '"
                        + name + "' must request cpu and memoryInGB greater than 0 "
                        + "(properties.resources.requests)."));
            }
        }
        problems.addAll(GroupSpecRules.problems(name, properties));
        return problems;
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
