package dev.acidispatch.job;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

import static dev.acidispatch.job.ValueDescriptions.plain;

/**
 * The group's {@code osType}: Linux (default) or Windows, and what ACI does not offer Windows groups, each refused at
 * the field that asks for it:
 * <ul>
 *   <li>a virtual network: "Currently, only Linux containers are supported in a container group deployed to a virtual
 *   network" (container-instances-virtual-network-concepts, "Other limitations");</li>
 *   <li>more than one container, so no sidecars and no init containers: "Multi-container groups currently support
 *   only Linux containers. For Windows containers, Azure Container Instances only supports deployment of a single
 *   container instance" (container-instances-container-groups);</li>
 *   <li>volumes: "Volume mounting (Azure Files, emptyDir, GitRepo, secret)" is among the features "currently
 *   restricted to Linux containers" (container-instances-overview, "Linux and Windows containers");</li>
 *   <li>more than 4 vCPU or 16 GB ("Windows Containers" in container-instances-resource-and-quota-limits).</li>
 * </ul>
 * Spot is allowed: "Azure Container Instances Spot Containers support both Linux and Windows containers"
 * (container-instances-spot-containers-overview).
 */
final class OsTypeRules implements FieldRules {
    private final JobDefaults defaults;

    OsTypeRules(JobDefaults defaults) {
        this.defaults = defaults;
    }

    @Override
    public List<String> fields() {
        return List.of("osType");
    }

    @Override
    public void check(MessageFields message) {
        ChoiceChecks.oneOf(message, message.get("osType"), "$.osType", JobLimits.OS_TYPES, "an OS type", "")
                .filter(ResolvedJob.WINDOWS::equals)
                .ifPresent(windows -> windows(message));
    }

    private void windows(MessageFields message) {
        String why = " with osType Windows: ";
        if (message.has("subnetIds")) {
            message.error("$.subnetIds", "not available" + why + "ACI deploys only Linux container groups into a "
                    + "virtual network; remove subnetIds or use osType Linux");
        }
        for (String field : List.of("sidecars", "initContainers")) {
            if (message.has(field)) {
                message.error("$." + field, "not available" + why + "ACI runs a single container in a Windows "
                        + "group (multi-container groups are Linux only); remove " + field + " or use osType Linux");
            }
        }
        if (message.has("volumes")) {
            message.error("$.volumes", "not available" + why + "ACI mounts volumes (Azure Files, emptyDir, secret) "
                    + "only in Linux containers; remove volumes or use osType Linux");
        }
        size(message, "cpu", defaults.defaultCpu(), JobLimits.WINDOWS_MAX_CPU, "cores");
        size(message, "memoryGb", defaults.defaultMemoryGb(), JobLimits.WINDOWS_MAX_MEMORY_GB, "GB");
    }

    private static void size(MessageFields message, String field, double defaultValue, double max, String unit) {
        String path = "$." + field;
        JsonNode node = message.get(field);
        double value = node == null ? defaultValue : node.isNumber() ? node.doubleValue() : 0;
        if (value > max && !message.errors().hasErrorAt(path)) {
            message.error(path, (node == null ? "the default of " : "") + plain(value) + " " + unit + " is too "
                    + "large for a Windows container group: ACI gives Windows groups at most " + plain(max) + " "
                    + unit + "; set at most " + plain(max));
        }
    }
}
