package dev.acidispatch.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

import static dev.acidispatch.job.ValueDescriptions.kind;

/**
 * What init containers and sidecars have in common: an array of entries, each with a name, an image, an optional
 * command and environment, checked like the job container's. The job container is named
 * {@value JobLimits#JOB_CONTAINER_NAME}; every container of the group needs its own name.
 */
final class AdditionalContainers {
    private final EnvironmentChecks environment;

    AdditionalContainers(EnvironmentChecks environment) {
        this.environment = environment;
    }

    /**
     * Checks the array {@code field} and each entry's common fields; returns the entries that are objects (with
     * their paths) for the caller's own checks, and reports names already used in the group.
     *
     * @param refusedFields fields an entry may not have, known so their own check can say why
     * @param usedNames     names taken so far (the job container's, other containers'); valid names are added
     */
    List<Entry> check(MessageFields message, String field, List<String> entryFields, List<String> refusedFields,
                      int max, String example, List<String> usedNames) {
        List<Entry> entries = new ArrayList<>();
        JsonNode array = message.get(field);
        String base = "$." + field;
        if (array == null) {
            return entries;
        }
        if (array.isNull() || !array.isArray()) {
            message.error(base, (array.isNull() ? "must not be null; omit the field for none"
                    : "must be an array, got " + kind(array)) + ", e.g. [" + example + "]");
            return entries;
        }
        if (array.size() > max) {
            message.error(base, "has " + array.size() + " entries; at most " + max + " are allowed");
        }
        for (int i = 0; i < array.size(); i++) {
            String path = JsonPaths.index(base, i);
            JsonNode node = array.get(i);
            if (!node.isObject()) {
                message.error(path, "must be a JSON object, got " + kind(node) + ", e.g. " + example);
                continue;
            }
            ObjectNode entry = (ObjectNode) node;
            message.unknownFields(entry, path, entryFields, refusedFields);
            String namePath = JsonPaths.child(path, "name");
            String name = ContainerChecks.name(message, entry.get("name"), namePath);
            if (name != null) {
                if (usedNames.contains(name)) {
                    message.error(namePath, "'" + name + "' is already the name of "
                            + (name.equals(JobLimits.JOB_CONTAINER_NAME) ? "the job container"
                            : "another container in this group") + "; every container of a group needs its own name "
                            + "(logs and states are read by name)");
                } else {
                    usedNames.add(name);
                }
            }
            ContainerChecks.image(message, entry.get("image"), JsonPaths.child(path, "image"));
            ContainerChecks.command(message, entry.get("command"), JsonPaths.child(path, "command"));
            environment.check(message, entry.get("env"), JsonPaths.child(path, "env"), entry.get("secureEnv"),
                    JsonPaths.child(path, "secureEnv"));
            entries.add(new Entry(entry, path));
        }
        return entries;
    }

    /** The names the entries of {@code field} give (as written, valid or not), for cross-field checks. */
    static List<String> namesIn(MessageFields message, String field) {
        List<String> names = new ArrayList<>();
        JsonNode array = message.get(field);
        if (array != null && array.isArray()) {
            array.forEach(entry -> {
                if (entry.path("name").isTextual()) {
                    names.add(entry.get("name").asText());
                }
            });
        }
        return names;
    }

    /** One entry that is a JSON object, and its path. */
    record Entry(ObjectNode node, String path) {
    }
}
