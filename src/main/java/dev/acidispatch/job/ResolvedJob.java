package dev.acidispatch.job;

import com.fasterxml.jackson.databind.node.ObjectNode;

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
 * job with the same id). {@link #toString()} never shows secure environment values or the registry password.
 *
 * @param command empty means "use the image's entrypoint"
 * @param tags    the user's tags only; the reserved {@code aci-dispatch-*} tags are added at rendering
 */
public record ResolvedJob(
        String jobId,
        String image,
        List<String> command,
        double cpu,
        double memoryGb,
        Map<String, String> env,
        Map<String, String> secureEnv,
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
        boolean keepContainerGroup,
        String template,
        ObjectNode variables) {

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
        command = List.copyOf(command);
        env = ordered(env);
        secureEnv = ordered(secureEnv);
        identities = List.copyOf(identities);
        subnetIds = List.copyOf(subnetIds);
        dnsServers = List.copyOf(dnsServers);
        tags = ordered(tags);
        variables = Objects.requireNonNull(variables, "variables").deepCopy();
    }

    /** A copy of the free-form variables (JSON nodes are mutable). */
    @Override
    public ObjectNode variables() {
        return variables.deepCopy();
    }

    public String containerGroupName() {
        return JobNames.containerGroupName(jobId);
    }

    public String deploymentName() {
        return JobNames.deploymentName(jobId);
    }

    public boolean isSpot() {
        return "Spot".equals(priority);
    }

    /** The explicit v1 message for this job: every default written out, secrets included (it is the wire format). */
    public JobMessage toMessage() {
        return new JobMessage(jobId, image, command.isEmpty() ? null : command, cpu, memoryGb, env,
                secureEnv, registry.orElse(null), identities, subnetIds, dnsServers, tags, priority, location,
                resourceGroup, (int) startTimeout.toSeconds(), (int) timeout.toSeconds(), keepContainerGroup, template,
                variables);
    }

    @Override
    public String toString() {
        return "ResolvedJob[jobId=" + jobId + ", image=" + image + ", command=" + command + ", cpu=" + cpu
                + ", memoryGb=" + memoryGb + ", env=" + env
                + ", secureEnv=" + JobMessage.redacted(secureEnv) + ", registry="
                + registry.map(Object::toString).orElse("none") + ", identities=" + identities
                + ", subnetIds=" + subnetIds + ", dnsServers=" + dnsServers + ", tags=" + tags + ", priority=" + priority
                + ", location=" + location + ", resourceGroup=" + resourceGroup + ", startTimeout=" + startTimeout
                + ", timeout=" + timeout + ", keepContainerGroup=" + keepContainerGroup + ", template=" + template
                + ", variables=" + variables + "]";
    }

    private static Map<String, String> ordered(Map<String, String> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** The non-secret details a job record keeps (no env values, no registry credentials). */
    public JobRecord.Spec recordSpec() {
        return new JobRecord.Spec(image, resourceGroup, containerGroupName(), deploymentName(), cpu, memoryGb, priority,
                keepContainerGroup);
    }

    /** A new QUEUED record for this job. */
    public JobRecord queuedRecord(java.time.Instant at) {
        return JobRecord.queued(jobId, at, recordSpec());
    }
}
