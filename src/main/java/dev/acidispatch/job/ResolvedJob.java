package dev.acidispatch.job;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated job with every default applied: what the renderer and watcher work from. Built by
 * {@link JobValidator}; {@link #toMessage()} turns it back into an explicit v1 message (e.g. to re-enqueue a deferred
 * job with the same id). {@link #toString()} never shows secret values (secure environment values, the registry
 * password, storage keys, secret volume files).
 *
 * @param command       empty means "use the image's entrypoint"
 * @param tags          the user's tags only; the reserved {@code aci-dispatch-*} tags are added at rendering
 * @param cleanup       what happens to the group when the job is over ({@code keepContainerGroup: true} is
 *                      {@link CleanupPolicy#NEVER})
 * @param dnsServers    the short form of {@code dnsConfig.nameServers} (at most one of them is non-empty)
 * @param maxRestarts   restarts allowed with restartPolicy OnFailure before the watcher stops the group; 0 with Never
 * @param retry         how many attempts the job gets and which endings start another ({@link RetryPolicy#NONE}: one)
 * @param spotFallback  the priority of the attempt after a Spot eviction, or null to stay on Spot
 * @param maxDetectionDelay the job's cap on the watcher's wait between checks, if it set one
 * @param attempt       which attempt this is (1 for the first); each attempt is its own container group
 */
public record ResolvedJob(
        String jobId,
        String image,
        List<String> command,
        double cpu,
        double memoryGb,
        Map<String, String> env,
        Map<String, SecretValue> secureEnv,
        Optional<JobMessage.Registry> registry,
        List<String> identities,
        List<String> subnetIds,
        List<String> dnsServers,
        Map<String, String> tags,
        String priority,
        String location,
        String resourceGroup,
        Duration startTimeout,
        Duration timeout,
        CleanupPolicy cleanup,
        String template,
        ObjectNode variables,
        List<Volume> volumes,
        List<InitContainer> initContainers,
        List<Sidecar> sidecars,
        String osType,
        String restartPolicy,
        int maxRestarts,
        List<Port> ports,
        Optional<IpAddress> ipAddress,
        Optional<DnsConfig> dnsConfig,
        boolean systemAssignedIdentity,
        RetryPolicy retry,
        String spotFallback,
        Optional<Duration> maxDetectionDelay,
        int attempt) {

    public static final String LINUX = "Linux";
    public static final String WINDOWS = "Windows";
    public static final String NEVER = "Never";
    public static final String ON_FAILURE = "OnFailure";

    public ResolvedJob {
        if (!JobNames.isValidJobId(jobId)) {
            throw new IllegalArgumentException("The value for jobId must match " + JobLimits.JOB_ID_PATTERN);
        }
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(resourceGroup, "resourceGroup");
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(cleanup, "cleanup");
        Objects.requireNonNull(osType, "osType");
        Objects.requireNonNull(restartPolicy, "restartPolicy");
        Objects.requireNonNull(ipAddress, "ipAddress");
        Objects.requireNonNull(dnsConfig, "dnsConfig");
        command = List.copyOf(command);
        volumes = List.copyOf(volumes);
        initContainers = List.copyOf(initContainers);
        sidecars = List.copyOf(sidecars);
        ports = List.copyOf(ports);
        env = ordered(env);
        secureEnv = ordered(secureEnv);
        identities = List.copyOf(identities);
        subnetIds = List.copyOf(subnetIds);
        dnsServers = List.copyOf(dnsServers);
        tags = ordered(tags);
        variables = Objects.requireNonNull(variables, "variables").deepCopy();
        retry = retry == null ? RetryPolicy.NONE : retry;
        maxDetectionDelay = maxDetectionDelay == null ? Optional.empty() : maxDetectionDelay;
        if (attempt < 1 || attempt > RetryPolicy.MAX_ATTEMPTS) {
            throw new IllegalArgumentException("The value for attempt must be from 1 to " + RetryPolicy.MAX_ATTEMPTS
                    + ", was " + attempt);
        }
    }

    /**
     * The same job as attempt number {@code number}, at {@code attemptPriority}: its own container group and
     * deployment (so each attempt converges on one group), the rest unchanged.
     */
    public ResolvedJob forAttempt(int number, String attemptPriority) {
        return new ResolvedJob(jobId, image, command, cpu, memoryGb, env, secureEnv, registry, identities, subnetIds,
                dnsServers, tags, Objects.requireNonNull(attemptPriority, "attemptPriority"), location, resourceGroup,
                startTimeout, timeout, cleanup, template, variables, volumes, initContainers, sidecars, osType,
                restartPolicy, maxRestarts, ports, ipAddress, dnsConfig, systemAssignedIdentity, retry, spotFallback,
                maxDetectionDelay, number);
    }

    /** A copy of the free-form variables (JSON nodes are mutable). */
    @Override
    public ObjectNode variables() {
        return variables.deepCopy();
    }

    public String containerGroupName() {
        return JobNames.containerGroupName(jobId, attempt);
    }

    public String deploymentName() {
        return JobNames.deploymentName(jobId, attempt);
    }

    public boolean isSpot() {
        return "Spot".equals(priority);
    }

    /** Whether the group is kept (stopped) whatever the outcome: {@link CleanupPolicy#NEVER}. */
    public boolean keepContainerGroup() {
        return cleanup == CleanupPolicy.NEVER;
    }

    public boolean restartsOnFailure() {
        return ON_FAILURE.equals(restartPolicy);
    }

    /** The cores the whole group requests: the job's and its sidecars' (what admission and ACI's core quota count). */
    public double totalCpu() {
        return BigDecimal.valueOf(cpu).add(sidecars.stream().map(s -> BigDecimal.valueOf(s.cpu()))
                .reduce(BigDecimal.ZERO, BigDecimal::add)).doubleValue();
    }

    /** The memory the whole group requests, in GB. */
    public double totalMemoryGb() {
        return BigDecimal.valueOf(memoryGb).add(sidecars.stream()
                .map(s -> BigDecimal.valueOf(s.memoryGb()))
                .reduce(BigDecimal.ZERO, BigDecimal::add)).doubleValue();
    }

    /**
     * The explicit v1 message for this job: every default written out, secrets included (it is the wire format).
     * The cleanup policy is written as {@code cleanup}, never as {@code keepContainerGroup} (both would be refused).
     */
    public JobMessage toMessage() {
        return new JobMessage(jobId, image, command.isEmpty() ? null : command, cpu, memoryGb, env,
                secureEnv, registry.orElse(null), identities,
                // Absent, not []: the rules refuse subnetIds on a Spot job even when empty, so the kept copy of a
                // Spot job (deferred, or the next attempt's source) must not carry it.
                subnetIds.isEmpty() ? null : subnetIds, dnsServers, tags, priority, location,
                resourceGroup, (int) startTimeout.toSeconds(), (int) timeout.toSeconds(), null, template,
                variables, volumes.isEmpty() ? null : volumes, initContainers.isEmpty() ? null : initContainers,
                sidecars.isEmpty() ? null : sidecars, osType, restartPolicy, restartsOnFailure() ? maxRestarts : null,
                ports.isEmpty() ? null : ports, ipAddress.orElse(null), dnsConfig.orElse(null), systemAssignedIdentity,
                cleanup.wireName(), retry.maxAttempts() > 1 ? retry.toWire() : null, spotFallback,
                maxDetectionDelay.map(d -> (int) d.toSeconds()).orElse(null));
    }

    @Override
    public String toString() {
        return "ResolvedJob[jobId=" + jobId + ", image=" + image + ", command=" + command + ", cpu=" + cpu
                + ", memoryGb=" + memoryGb + ", env=" + env
                + ", secureEnv=" + JobMessage.redacted(secureEnv) + ", registry="
                + registry.map(Object::toString).orElse("none") + ", identities=" + identities
                + ", subnetIds=" + subnetIds + ", dnsServers=" + dnsServers + ", tags=" + tags + ", priority=" + priority
                + ", location=" + location + ", resourceGroup=" + resourceGroup + ", startTimeout=" + startTimeout
                + ", timeout=" + timeout + ", cleanup=" + cleanup + ", template=" + template
                + ", variables=" + variables + ", volumes=" + volumes + ", initContainers=" + initContainers
                + ", sidecars=" + sidecars + ", osType=" + osType + ", restartPolicy=" + restartPolicy
                + ", maxRestarts=" + maxRestarts + ", ports=" + ports + ", ipAddress=" + ipAddress
                + ", dnsConfig=" + dnsConfig + ", systemAssignedIdentity=" + systemAssignedIdentity + ", retry=" + retry
                + ", spotFallback=" + spotFallback + ", maxDetectionDelay=" + maxDetectionDelay + ", attempt=" + attempt
                + "]";
    }

    private static <V> Map<String, V> ordered(Map<String, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** The non-secret details a job record keeps (no env values, no registry credentials). */
    public JobRecord.Spec recordSpec() {
        return new JobRecord.Spec(image, resourceGroup, containerGroupName(), deploymentName(), cpu, memoryGb, priority,
                cleanup, retry.maxAttempts());
    }

    /** A new QUEUED record for this job. */
    public JobRecord queuedRecord(java.time.Instant at) {
        return JobRecord.queued(jobId, at, recordSpec());
    }
}
