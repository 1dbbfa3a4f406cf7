package dev.acidispatch.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acidispatch.config.Settings;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import static dev.acidispatch.job.ValueDescriptions.plain;

/**
 * The {@code sidecars} that run alongside the job: each {name, image, command?, cpu, memoryGb, env?, secureEnv?}. The
 * job is the main container; sidecars are stopped with the group when it ends. Their cpu and memory are added to the
 * job's: the group's total must stay within {@code DISPATCH_MAX_CPU}/{@code DISPATCH_MAX_MEMORY_GB} (and ACI's Spot
 * limits), and the whole group has at most 60 containers (ACI's hard limit, init containers included).
 */
final class SidecarRules implements FieldRules {
    static final List<String> SIDECAR_FIELDS = List.of("name", "image", "command", "cpu", "memoryGb", "env",
            "secureEnv");
    private static final String EXAMPLE = "{\"name\": \"log-shipper\", \"image\": \"fluent/fluent-bit:3.0\", "
            + "\"cpu\": 0.25, \"memoryGb\": 0.5}";

    private final JobDefaults defaults;
    private final AdditionalContainers containers;

    SidecarRules(JobDefaults defaults, AdditionalContainers containers) {
        this.defaults = defaults;
        this.containers = containers;
    }

    @Override
    public List<String> fields() {
        return List.of("sidecars");
    }

    @Override
    public void check(MessageFields message) {
        List<String> used = new ArrayList<>(List.of(JobLimits.JOB_CONTAINER_NAME));
        used.addAll(AdditionalContainers.namesIn(message, "initContainers"));
        List<AdditionalContainers.Entry> entries = containers.check(message, "sidecars", SIDECAR_FIELDS, List.of(),
                JobLimits.MAX_CONTAINERS_PER_GROUP - 1, EXAMPLE, used);
        BigDecimal cpu = BigDecimal.ZERO;
        BigDecimal memory = BigDecimal.ZERO;
        boolean allSized = true;
        for (AdditionalContainers.Entry entry : entries) {
            BigDecimal sidecarCpu = resource(message, entry, "cpu", ResourceRules.CPU_STEP, defaults.maxCpu(), "cores",
                    Settings.Names.MAX_CPU, "0.25");
            BigDecimal sidecarMemory = resource(message, entry, "memoryGb", ResourceRules.MEMORY_STEP,
                    defaults.maxMemoryGb(), "GB", Settings.Names.MAX_MEMORY_GB, "0.5");
            allSized &= sidecarCpu != null && sidecarMemory != null;
            cpu = cpu.add(sidecarCpu == null ? BigDecimal.ZERO : sidecarCpu);
            memory = memory.add(sidecarMemory == null ? BigDecimal.ZERO : sidecarMemory);
        }
        JsonNode init = message.get("initContainers");
        int total = 1 + (init != null && init.isArray() ? init.size() : 0) + entries.size();
        if (total > JobLimits.MAX_CONTAINERS_PER_GROUP) {
            message.error("$.sidecars", "the group would have " + total + " containers (the job, its init containers "
                    + "and sidecars); ACI allows at most " + JobLimits.MAX_CONTAINERS_PER_GROUP + " per group");
        }
        if (!entries.isEmpty() && allSized) {
            total(message, "cpu", cpu, defaults.defaultCpu(), defaults.maxCpu(), "cores", Settings.Names.MAX_CPU,
                    JobLimits.SPOT_MAX_CPU);
            total(message, "memoryGb", memory, defaults.defaultMemoryGb(), defaults.maxMemoryGb(), "GB",
                    Settings.Names.MAX_MEMORY_GB, JobLimits.SPOT_MAX_MEMORY_GB);
        }
    }

    /** A sidecar's own cpu or memory: required, valid like the job's; null when absent or invalid. */
    private static BigDecimal resource(MessageFields message, AdditionalContainers.Entry entry, String field,
                                       BigDecimal step, double max, String unit, String setting, String example) {
        String path = JsonPaths.child(entry.path(), field);
        JsonNode node = entry.node().get(field);
        if (node == null || node.isNull()) {
            message.error(path, "required; a sidecar states its own " + unit + " (they count toward the group's size "
                    + "and admission), e.g. " + example);
            return null;
        }
        return ResourceRules.decimal(message, node, path, step, max, unit, setting, example) ? node.decimalValue()
                : null;
    }

    /** The job's share plus the sidecars' must fit one group, and Spot's smaller one. */
    private static void total(MessageFields message, String field, BigDecimal sidecars, double defaultValue,
                              double max, String unit, String setting, double spotMax) {
        JsonNode own = message.get(field);
        if (own != null && (!own.isNumber() || message.errors().hasErrorAt("$." + field))) {
            return; // the job's own value is refused already
        }
        BigDecimal job = own != null ? own.decimalValue() : BigDecimal.valueOf(defaultValue);
        BigDecimal total = job.add(sidecars);
        boolean spot = message.get("priority") != null && "Spot".equals(message.get("priority").asText());
        double limit = spot ? Math.min(max, spotMax) : max;
        if (total.compareTo(BigDecimal.valueOf(limit)) > 0) {
            message.error("$.sidecars", "the group requests " + total.stripTrailingZeros().toPlainString() + " "
                    + unit + " in total (" + field + " " + job.stripTrailingZeros().toPlainString()
                    + (own == null ? " by default" : "") + " plus " + sidecars.stripTrailingZeros().toPlainString()
                    + " for the sidecars); one group may request at most " + plain(limit) + " " + unit
                    + (spot ? " with priority Spot (an ACI limit)" : " (" + setting + ")")
                    + "; make the job or its sidecars smaller");
        }
    }
}
