package dev.acidispatch.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acidispatch.config.Settings;

import java.util.List;

import static dev.acidispatch.job.ValueDescriptions.kind;

/**
 * How long the job may take and what happens to its container group afterwards: {@code startTimeoutSeconds},
 * {@code timeoutSeconds} (whole seconds up to the configured maximum) and {@code keepContainerGroup}.
 */
final class LifecycleRules implements FieldRules {
    private final JobDefaults defaults;

    LifecycleRules(JobDefaults defaults) {
        this.defaults = defaults;
    }

    @Override
    public List<String> fields() {
        return List.of("startTimeoutSeconds", "timeoutSeconds", "keepContainerGroup");
    }

    @Override
    public void check(MessageFields message) {
        timeout(message, "startTimeoutSeconds");
        timeout(message, "timeoutSeconds");
        message.bool(message.root(), "keepContainerGroup", "$.keepContainerGroup");
    }

    private void timeout(MessageFields message, String field) {
        String path = "$." + field;
        JsonNode node = message.present(message.root(), field, path);
        if (node == null) {
            return;
        }
        long max = defaults.maxTimeout().toSeconds();
        String rule = "a whole number of seconds from " + JobLimits.MIN_TIMEOUT_SECONDS + " to " + max
                + " (" + Settings.Names.MAX_TIMEOUT_SECONDS + ")";
        if (!node.isIntegralNumber()) {
            message.error(path, "must be " + rule + ", got " + kind(node)
                    + (node.isNumber() ? " with a fraction" : node.isTextual() ? " (remove the quotes)" : ""));
        } else if (!node.canConvertToInt() || node.intValue() < JobLimits.MIN_TIMEOUT_SECONDS
                || node.intValue() > max) {
            message.error(path, node.asText() + " is out of range; expected " + rule);
        }
    }
}
