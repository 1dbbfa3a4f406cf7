package dev.acidispatch.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Sends every container's log stream to a Log Analytics workspace, beyond what ACI keeps (4 MB while running, 16 KB or
 * 1,000 lines once stopped: quota doc container-instances-resource-and-quota-limits). It sets the group's
 * {@code properties.diagnostics.logAnalytics} (ContainerGroupDiagnostics / LogAnalytics in containerInstance.json,
 * api-version 2023-05-01: {@code workspaceId} and {@code workspaceKey} required, {@code logType} ContainerInsights or
 * ContainerInstanceLogs), with the key as its own top-level {@code secureString} parameter, {@value #KEY_PARAMETER},
 * like every secret here (a nested string would be evaluated as an expression, Azure/bicep#9173). A template that
 * sets {@code diagnostics} itself keeps its own.
 *
 * @param workspaceId  the workspace's id (its customer id, a GUID), not its resource id
 * @param workspaceKey its primary or secondary shared key; never logged or shown ({@link #toString()} hides it)
 */
public record LogAnalyticsDiagnostics(String workspaceId, String workspaceKey) {
    public static final String KEY_PARAMETER = "logAnalyticsWorkspaceKey";
    /** ACI writes the stream to ContainerInstanceLog_CL with this log type (container-instances-log-analytics). */
    public static final String LOG_TYPE = "ContainerInstanceLogs";
    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}");

    public LogAnalyticsDiagnostics {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(workspaceKey, "workspaceKey");
        if (!GUID.matcher(workspaceId).matches()) {
            throw new IllegalArgumentException("workspaceId: '" + workspaceId + "' is not a workspace id; expected the "
                    + "workspace's GUID (az monitor log-analytics workspace show --query customerId)");
        }
        if (workspaceKey.isBlank()) {
            throw new IllegalArgumentException("workspaceKey: empty; expected the workspace's shared key "
                    + "(az monitor log-analytics workspace get-shared-keys --query primarySharedKey)");
        }
    }

    /** Where a reader finds the complete log of a job's group: for the stored log's markers. */
    public String whereToFind(String containerGroupName) {
        return "Log Analytics workspace " + workspaceId + " (ContainerInstanceLog_CL | where ContainerGroup_s == '"
                + containerGroupName + "', see docs/operations.md)";
    }

    /**
     * Adds the diagnostics to {@code group} (unless it has some), declares the key parameter in {@code armTemplate}
     * and writes its value into the deployment's {@code parameters}.
     *
     * @return whether the diagnostics were added
     */
    boolean apply(ObjectNode armTemplate, ObjectNode group, ObjectNode parameters) {
        JsonNode properties = group.get("properties");
        if (!(properties instanceof ObjectNode groupProperties) || groupProperties.has("diagnostics")) {
            return false;
        }
        ObjectNode logAnalytics = groupProperties.putObject("diagnostics").putObject("logAnalytics");
        logAnalytics.put("workspaceId", workspaceId);
        logAnalytics.put("workspaceKey", "[parameters('" + KEY_PARAMETER + "')]");
        logAnalytics.put("logType", LOG_TYPE);
        JsonNode declared = armTemplate.get("parameters");
        ObjectNode templateParameters = declared instanceof ObjectNode o ? o : armTemplate.putObject("parameters");
        templateParameters.putObject(KEY_PARAMETER).put("type", "secureString");
        parameters.putObject(KEY_PARAMETER).put("value", workspaceKey);
        return true;
    }

    @Override
    public String toString() {
        return "LogAnalyticsDiagnostics[workspaceId=" + workspaceId + ", workspaceKey=***]";
    }
}
