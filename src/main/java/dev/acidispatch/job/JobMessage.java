package dev.acidispatch.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Job message, contract v1: exactly what users put on the {@code jobs} queue. Every field but {@code image} is
 * optional (null = absent, defaults apply in {@link JobValidator}). Use {@link JobValidator#resolve} to parse and check
 * a message; {@link JobJson#write} turns one back into JSON. {@link #toString()} hides secret values.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"jobId", "image", "command", "cpu", "memoryGb", "env", "secureEnv", "registry", "identities",
        "subnetIds", "dnsServers", "tags", "priority", "location", "resourceGroup", "startTimeoutSeconds",
        "timeoutSeconds", "keepContainerGroup", "template", "variables", "volumes", "initContainers", "sidecars",
        "osType", "restartPolicy", "maxRestarts", "ports", "ipAddress", "dnsConfig", "systemAssignedIdentity",
        "cleanup", "retry", "spotFallback", "maxDetectionDelaySeconds"})
public record JobMessage(
        String jobId,
        String image,
        List<String> command,
        Double cpu,
        Double memoryGb,
        Map<String, String> env,
        Map<String, SecretValue> secureEnv,
        Registry registry,
        List<String> identities,
        List<String> subnetIds,
        List<String> dnsServers,
        Map<String, String> tags,
        String priority,
        String location,
        String resourceGroup,
        Integer startTimeoutSeconds,
        Integer timeoutSeconds,
        Boolean keepContainerGroup,
        String template,
        ObjectNode variables,
        List<Volume> volumes,
        List<InitContainer> initContainers,
        List<Sidecar> sidecars,
        String osType,
        String restartPolicy,
        Integer maxRestarts,
        List<Port> ports,
        IpAddress ipAddress,
        DnsConfig dnsConfig,
        Boolean systemAssignedIdentity,
        String cleanup,
        RetryPolicy.Wire retry,
        String spotFallback,
        Integer maxDetectionDelaySeconds) {

    public JobMessage {
        command = copy(command);
        env = copy(env);
        secureEnv = copy(secureEnv);
        volumes = copy(volumes);
        initContainers = copy(initContainers);
        sidecars = copy(sidecars);
        ports = copy(ports);
        identities = copy(identities);
        subnetIds = copy(subnetIds);
        dnsServers = copy(dnsServers);
        tags = copy(tags);
        variables = variables == null ? null : variables.deepCopy();
    }

    /** A message with only the required image set. */
    public static JobMessage ofImage(String image) {
        return new JobMessage(null, image, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** A copy of the free-form variables (JSON nodes are mutable). */
    @Override
    public ObjectNode variables() {
        return variables == null ? null : variables.deepCopy();
    }

    /**
     * Private registry credentials: either {@code server + identity} (managed identity pull) or
     * {@code server + username + password} (the password given, or a Key Vault reference). {@link #toString()} hides
     * the password.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"server", "identity", "username", "password"})
    public record Registry(String server, String identity, String username, SecretValue password) {
        public boolean usesIdentity() {
            return identity != null;
        }

        @Override
        public String toString() {
            return "Registry[server=" + server + ", identity=" + identity + ", username=" + username
                    + ", password=" + (password == null ? "null" : "***") + "]";
        }
    }

    @Override
    public String toString() {
        return "JobMessage[jobId=" + jobId + ", image=" + image + ", command=" + command + ", cpu=" + cpu
                + ", memoryGb=" + memoryGb + ", env=" + env + ", secureEnv=" + redacted(secureEnv)
                + ", registry=" + registry + ", identities=" + identities + ", subnetIds=" + subnetIds
                + ", dnsServers=" + dnsServers + ", tags=" + tags + ", priority=" + priority + ", location=" + location
                + ", resourceGroup=" + resourceGroup + ", startTimeoutSeconds=" + startTimeoutSeconds
                + ", timeoutSeconds=" + timeoutSeconds + ", keepContainerGroup=" + keepContainerGroup
                + ", template=" + template + ", variables=" + variables + ", volumes=" + volumes
                + ", initContainers=" + initContainers + ", sidecars=" + sidecars + ", osType=" + osType
                + ", restartPolicy=" + restartPolicy + ", maxRestarts=" + maxRestarts + ", ports=" + ports
                + ", ipAddress=" + ipAddress + ", dnsConfig=" + dnsConfig + ", systemAssignedIdentity="
                + systemAssignedIdentity + ", cleanup=" + cleanup + ", retry=" + retry + ", spotFallback=" + spotFallback
                + ", maxDetectionDelaySeconds=" + maxDetectionDelaySeconds + "]";
    }

    static String redacted(Map<String, ?> secrets) {
        if (secrets == null) {
            return "null";
        }
        return secrets.keySet().stream().map(k -> k + "=***").collect(Collectors.joining(", ", "{", "}"));
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? null : List.copyOf(list);
    }

    /** Keeps insertion order: env and tags render in the order the user wrote them. */
    private static <V> Map<String, V> copy(Map<String, V> map) {
        return map == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
