package dev.acidispatch.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acidispatch.config.Settings;

import java.util.List;

import static dev.acidispatch.job.ValueDescriptions.plain;
import static dev.acidispatch.job.ValueDescriptions.quote;

/**
 * The container group's {@code priority}, Regular or Spot, and what Spot rules out: more cpu or memory than ACI gives
 * Spot groups (see {@link JobLimits#SPOT_MAX_CPU}), and a virtual network.
 */
final class PriorityRules implements FieldRules {
    private final JobDefaults defaults;

    PriorityRules(JobDefaults defaults) {
        this.defaults = defaults;
    }

    @Override
    public List<String> fields() {
        return List.of("priority");
    }

    @Override
    public void check(MessageFields message) {
        message.text("priority").ifPresent(priority -> priority(message, priority));
    }

    private void priority(MessageFields message, String priority) {
        if (!JobLimits.PRIORITIES.contains(priority)) {
            String suggestion = JobLimits.PRIORITIES.stream().filter(p -> p.equalsIgnoreCase(priority))
                    .map(p -> " (did you mean '" + p + "'?)").findFirst().orElse("");
            message.error("$.priority", quote(priority) + " is not a priority" + suggestion + "; expected one of "
                    + String.join(", ", JobLimits.PRIORITIES));
            return;
        }
        if ("Spot".equals(priority)) {
            spotResource(message, "cpu", defaults.defaultCpu(), JobLimits.SPOT_MAX_CPU, "cores",
                    Settings.Names.DEFAULT_CPU);
            spotResource(message, "memoryGb", defaults.defaultMemoryGb(), JobLimits.SPOT_MAX_MEMORY_GB, "GB",
                    Settings.Names.DEFAULT_MEMORY_GB);
            if (message.has("subnetIds")) {
                message.error("$.priority", "Spot container groups cannot join a virtual network (an ACI limitation); "
                        + "remove subnetIds or use priority Regular");
            }
        }
    }

    /**
     * ACI gives Spot groups less than Regular ones. A value the general check already refused is not reported
     * twice; an absent value is checked through the default it would get.
     */
    private static void spotResource(MessageFields message, String field, double defaultValue, double spotMax,
                                     String unit, String defaultSetting) {
        String path = "$." + field;
        JsonNode node = message.get(field);
        String limit = "Spot container groups get at most " + plain(spotMax) + " " + unit + " (an ACI limit)";
        if (node == null && defaultValue > spotMax) {
            message.error(path, "the default of " + plain(defaultValue) + " " + unit + " (" + defaultSetting
                    + ") is too large: " + limit + "; set " + field + " to at most " + plain(spotMax)
                    + " or use priority Regular");
        } else if (node != null && node.isNumber() && node.doubleValue() > spotMax
                && !message.errors().hasErrorAt(path)) {
            message.error(path, node.decimalValue().stripTrailingZeros().toPlainString() + " is too large: " + limit
                    + "; set at most " + plain(spotMax) + " or use priority Regular");
        }
    }
}
