package dev.acidispatch.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static dev.acidispatch.job.ValueDescriptions.kind;

/**
 * The container's environment: plain {@code env} and secret {@code secureEnv} variables, a name in at most one of
 * them. Secret values are never shown in errors, only their length.
 */
final class EnvironmentRules implements FieldRules {
    private static final Pattern ENV_NAME = Pattern.compile(JobLimits.ENV_NAME_PATTERN);

    @Override
    public List<String> fields() {
        return List.of("env", "secureEnv");
    }

    @Override
    public void check(MessageFields message) {
        Map<String, String> env = variables(message, "env", false);
        Map<String, String> secureEnv = variables(message, "secureEnv", true);
        for (String name : secureEnv.keySet()) {
            if (env.containsKey(name)) {
                message.error(JsonPaths.child("$.secureEnv", name), "'" + name + "' is also set in $.env; a variable "
                        + "must be in only one of env and secureEnv (keep it in secureEnv if it is secret)");
            }
        }
    }

    /** Returns the well-formed entries so cross-checks can run on them. */
    private static Map<String, String> variables(MessageFields message, String field, boolean secret) {
        Map<String, String> valid = new LinkedHashMap<>();
        Optional<ObjectNode> object = message.object(field);
        if (object.isEmpty()) {
            return valid;
        }
        String base = "$." + field;
        ObjectNode node = object.get();
        if (node.size() > JobLimits.MAX_ENV_VARIABLES) {
            message.error(base, "has " + node.size() + " variables; at most " + JobLimits.MAX_ENV_VARIABLES
                    + " are allowed");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            String path = JsonPaths.child(base, name);
            boolean ok = true;
            if (name.length() > JobLimits.MAX_ENV_NAME_LENGTH || !ENV_NAME.matcher(name).matches()) {
                message.error(path, "is not a valid variable name; use letters, digits and '_', not starting with a "
                        + "digit, at most " + JobLimits.MAX_ENV_NAME_LENGTH + " characters (e.g. DB_PASSWORD)");
                ok = false;
            }
            JsonNode value = entry.getValue();
            if (!value.isTextual()) {
                message.error(path, "must be a string, got " + kind(value) + "; write numbers and booleans in quotes"
                        + (value.isNull() ? ", or remove the variable" : ""));
                ok = false;
            } else if (value.asText().length() > JobLimits.MAX_ENV_VALUE_LENGTH) {
                message.error(path, (secret ? "the value" : "is") + " is " + value.asText().length()
                        + " characters; values have at most " + JobLimits.MAX_ENV_VALUE_LENGTH);
                ok = false;
            }
            if (ok) {
                valid.put(name, value.asText());
            }
        }
        return valid;
    }
}
