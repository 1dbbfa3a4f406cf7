package dev.acidispatch.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;

import static dev.acidispatch.job.ValueDescriptions.kind;

/**
 * One job message's top-level fields as the {@link FieldRules} read them, and the errors they report. The typed
 * accessors return empty when a field is absent, and report an error (then return empty) when it is null or of the
 * wrong type, so a rule only sees values of the type it expects. Not thread-safe: one per check pass.
 */
final class MessageFields {
    private final ObjectNode root;
    private final FieldErrors errors = new FieldErrors();

    MessageFields(ObjectNode root) {
        this.root = root;
    }

    ObjectNode root() {
        return root;
    }

    FieldErrors errors() {
        return errors;
    }

    /** Reports a problem; {@code message} says what would be valid and never contains a secret value. */
    void error(String path, String message) {
        errors.add(path, message);
    }

    boolean has(String field) {
        return root.has(field);
    }

    /** The top-level field as written, null when absent; no type check. */
    JsonNode get(String field) {
        return root.get(field);
    }

    /** The field's node; null when absent or null (JSON null is reported: omitting the field is how to default). */
    JsonNode present(ObjectNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null) {
            return null;
        }
        if (node.isNull()) {
            error(path, "must not be null; omit the field to use the default");
            return null;
        }
        return node;
    }

    Optional<String> text(String field) {
        String path = "$." + field;
        JsonNode node = present(root, field, path);
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            error(path, "must be a string, got " + kind(node));
            return Optional.empty();
        }
        return Optional.of(node.asText());
    }

    /** An array (of strings, which the caller checks per item). */
    Optional<JsonNode> array(String field) {
        String path = "$." + field;
        JsonNode node = present(root, field, path);
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isArray()) {
            error(path, "must be an array of strings, got " + kind(node) + (node.isTextual()
                    ? "; split it into items, e.g. [\"sh\", \"-c\", \"echo hi\"]" : ""));
            return Optional.empty();
        }
        return Optional.of(node);
    }

    Optional<ObjectNode> object(String field) {
        String path = "$." + field;
        JsonNode node = present(root, field, path);
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            error(path, "must be a JSON object, got " + kind(node));
            return Optional.empty();
        }
        return Optional.of((ObjectNode) node);
    }

    void bool(ObjectNode parent, String field, String path) {
        JsonNode node = present(parent, field, path);
        if (node != null && !node.isBoolean()) {
            error(path, "must be true or false, got " + kind(node) + (node.isTextual() ? " (remove the quotes)" : ""));
        }
    }

    void unknownFields(ObjectNode node, String path, List<String> known) {
        unknownFields(node, path, known, List.of());
    }

    /** {@code retired} fields are known (another check explains them) but not offered as valid. */
    void unknownFields(ObjectNode node, String path, List<String> known, List<String> retired) {
        node.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name) && !retired.contains(name)) {
                String suggestion = FieldSuggestions.closest(name, known)
                        .map(s -> "did you mean '" + s + "'? ").orElse("");
                error(JsonPaths.child(path, name), "unknown field; " + suggestion + "valid fields here are: "
                        + String.join(", ", known));
            }
        });
    }
}
