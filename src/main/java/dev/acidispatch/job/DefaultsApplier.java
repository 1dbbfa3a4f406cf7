package dev.acidispatch.job;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a valid {@link JobMessage} into a {@link ResolvedJob}: absent fields get the deployment's defaults (a
 * generated job id, default cpu, memory, location, resource group and timeouts, the default template) and the
 * resource group takes the allow-list's spelling.
 */
final class DefaultsApplier {
    private static final String DEFAULT_PRIORITY = "Regular";

    private final JobDefaults defaults;
    private final JobIdGenerator ids;

    DefaultsApplier(JobDefaults defaults, JobIdGenerator ids) {
        this.defaults = defaults;
        this.ids = ids;
    }

    /** @param m a message that passed {@link MessageRules} (its resource group is on the allow-list) */
    ResolvedJob apply(JobMessage m) {
        String resourceGroup = m.resourceGroup() == null ? defaults.defaultResourceGroup()
                : PlacementRules.canonicalResourceGroup(defaults, m.resourceGroup()).orElseThrow();
        return new ResolvedJob(
                m.jobId() == null ? ids.next() : m.jobId(),
                m.image(),
                orEmpty(m.command()),
                m.cpu() == null ? defaults.defaultCpu() : m.cpu(),
                m.memoryGb() == null ? defaults.defaultMemoryGb() : m.memoryGb(),
                orEmpty(m.env()),
                orEmpty(m.secureEnv()),
                Optional.ofNullable(m.registry()),
                orEmpty(m.identities()),
                orEmpty(m.subnetIds()),
                orEmpty(m.dnsServers()),
                orEmpty(m.tags()),
                m.priority() == null ? DEFAULT_PRIORITY : m.priority(),
                m.location() == null ? defaults.defaultLocation() : m.location(),
                resourceGroup,
                m.startTimeoutSeconds() == null ? defaults.defaultStartTimeout()
                        : Duration.ofSeconds(m.startTimeoutSeconds()),
                m.timeoutSeconds() == null ? defaults.defaultTimeout() : Duration.ofSeconds(m.timeoutSeconds()),
                cleanup(m),
                m.template() == null ? JobLimits.DEFAULT_TEMPLATE : m.template(),
                m.variables() == null ? JobJson.mapper().createObjectNode() : m.variables(),
                orEmpty(m.volumes()),
                orEmpty(m.initContainers()),
                orEmpty(m.sidecars()),
                m.osType() == null ? ResolvedJob.LINUX : m.osType(),
                m.restartPolicy() == null ? ResolvedJob.NEVER : m.restartPolicy(),
                maxRestarts(m),
                orEmpty(m.ports()),
                Optional.ofNullable(m.ipAddress()),
                Optional.ofNullable(m.dnsConfig()),
                Boolean.TRUE.equals(m.systemAssignedIdentity()),
                m.retry() == null ? RetryPolicy.NONE : m.retry().resolve(),
                m.spotFallback(),
                Optional.ofNullable(m.maxDetectionDelaySeconds()).map(s -> Duration.ofSeconds(s)),
                1);
    }

    /** {@code cleanup} if given, else the old {@code keepContainerGroup} (the rules refuse both together). */
    private static CleanupPolicy cleanup(JobMessage m) {
        if (m.cleanup() != null) {
            return CleanupPolicy.fromWireName(m.cleanup()).orElseThrow();
        }
        return CleanupPolicy.ofKeepContainerGroup(Boolean.TRUE.equals(m.keepContainerGroup()));
    }

    private static int maxRestarts(JobMessage m) {
        if (!ResolvedJob.ON_FAILURE.equals(m.restartPolicy())) {
            return 0;
        }
        return m.maxRestarts() == null ? JobLimits.DEFAULT_MAX_RESTARTS : m.maxRestarts();
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static <V> Map<String, V> orEmpty(Map<String, V> map) {
        return map == null ? Map.of() : map;
    }
}
