package dev.acidispatch.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acidispatch.config.Settings;

import java.math.BigDecimal;
import java.util.List;

import static dev.acidispatch.job.ValueDescriptions.kind;
import static dev.acidispatch.job.ValueDescriptions.plain;

/**
 * What the container group may use: {@code cpu} and {@code memoryGb}, each above 0, within the configured maximum
 * and in ACI's steps. Limits that depend on the priority are checked in {@link PriorityRules}.
 */
final class ResourceRules implements FieldRules {
    static final BigDecimal CPU_STEP = new BigDecimal("0.01");
    static final BigDecimal MEMORY_STEP = new BigDecimal("0.1");

    private final JobDefaults defaults;

    ResourceRules(JobDefaults defaults) {
        this.defaults = defaults;
    }

    @Override
    public List<String> fields() {
        return List.of("cpu", "memoryGb");
    }

    @Override
    public void check(MessageFields message) {
        decimal(message, "cpu", CPU_STEP, defaults.maxCpu(), "cores", Settings.Names.MAX_CPU, "1 or 0.5");
        decimal(message, "memoryGb", MEMORY_STEP, defaults.maxMemoryGb(), "GB", Settings.Names.MAX_MEMORY_GB, "1.5");
    }

    private static void decimal(MessageFields message, String field, BigDecimal step, double max, String unit,
                                String setting, String example) {
        String path = "$." + field;
        JsonNode node = message.present(message.root(), field, path);
        if (node != null) {
            decimal(message, node, path, step, max, unit, setting, example);
        }
    }

    /** A number of {@code unit} above 0, at most {@code max} (the {@code setting}), in {@code step}s. */
    static boolean decimal(MessageFields message, JsonNode node, String path, BigDecimal step, double max, String unit,
                           String setting, String example) {
        String valid = "a number of " + unit + " above 0 and at most " + plain(max) + " (" + setting
                + "), in steps of " + step.toPlainString() + ", e.g. " + example;
        if (!node.isNumber()) {
            message.error(path, "must be " + valid + "; got " + kind(node)
                    + (node.isTextual() ? " (remove the quotes)" : ""));
            return false;
        }
        BigDecimal value = node.decimalValue();
        if (value.signum() <= 0 || value.compareTo(BigDecimal.valueOf(max)) > 0
                || value.remainder(step).signum() != 0) {
            message.error(path, value.stripTrailingZeros().toPlainString() + " is not allowed; expected " + valid);
            return false;
        }
        return true;
    }
}
