package dev.acidispatch.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.acidispatch.job.ValueDescriptions.kind;

/**
 * Checks a container's environment: plain {@code env} and secret {@code secureEnv} variables, a name in at most one of
 * them. Used for the job (top-level fields) and for each init container and sidecar (fields of their entry). Secret
 * values are never shown in errors, only their length; they may be Key Vault references ({@link SecretChecks}).
 */
final class EnvironmentChecks {
    private static final Pattern ENV_NAME = Pattern.compile(JobLimits.ENV_NAME_PATTERN);

    private final SecretChecks secrets;

    EnvironmentChecks(SecretChecks secrets) {
        this.secrets = secrets;
    }

    /** Checks {@code env} and {@code secureEnv} of one container; null nodes are absent fields. */
    void check(MessageFields message, JsonNode env, String envPath, JsonNode secureEnv, String secureEnvPath) {
        Set<String> plain = variables(message, env, envPath, false);
        Set<String> secret = variables(message, secureEnv, secureEnvPath, true);
        for (String name : secret) {
            if (plain.contains(name)) {
                message.error(JsonPaths.child(secureEnvPath, name), "'" + name + "' is also set in " + envPath
                        + "; a variable must be in only one of env and secureEnv (keep it in secureEnv if it is "
                        + "secret)");
            }
        }
    }

    /** Returns the names of the well-formed entries so cross-checks can run on them. */
    private Set<String> variables(MessageFields message, JsonNode node, String base, boolean secret) {
        Set<String> valid = new LinkedHashSet<>();
        if (node == null) {
            return valid;
        }
        if (node.isNull()) {
            message.error(base, "must not be null; omit the field to use the default");
            return valid;
        }
        if (!node.isObject()) {
            message.error(base, "must be a JSON object, got " + kind(node));
            return valid;
        }
        ObjectNode object = (ObjectNode) node;
        if (object.size() > JobLimits.MAX_ENV_VARIABLES) {
            message.error(base, "has " + object.size() + " variables; at most " + JobLimits.MAX_ENV_VARIABLES
                    + " are allowed");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
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
            if (secret) {
                ok &= secrets.check(message, value, path, JobLimits.MAX_ENV_VALUE_LENGTH, true);
            } else if (!value.isTextual()) {
                message.error(path, "must be a string, got " + kind(value) + "; write numbers and booleans in quotes"
                        + (value.isNull() ? ", or remove the variable" : ""));
                ok = false;
            } else if (value.asText().length() > JobLimits.MAX_ENV_VALUE_LENGTH) {
                message.error(path, "is " + value.asText().length() + " characters; values have at most "
                        + JobLimits.MAX_ENV_VALUE_LENGTH);
                ok = false;
            }
            if (ok) {
                valid.add(name);
            }
        }
        return valid;
    }
}
