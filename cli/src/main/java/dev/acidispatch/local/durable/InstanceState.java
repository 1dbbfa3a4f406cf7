package dev.acidispatch.local.durable;

import com.microsoft.durabletask.JacksonDataConverter;
import com.microsoft.durabletask.OrchestrationRuntimeStatus;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of one orchestration instance as the in-process runner sees it.
 *
 * @param instanceId          the instance id
 * @param orchestratorName    the registered orchestrator it runs
 * @param runtimeStatus       RUNNING until the orchestration completes, fails or is terminated
 * @param serializedOutput    the orchestration's output as JSON, null while running or when it returned nothing
 * @param failure             why it failed, null unless {@code runtimeStatus} is FAILED
 * @param serializedCustomStatus the custom status as JSON, null when none was set
 * @param createdAt           when {@code scheduleNew} started this execution (runner clock)
 * @param lastUpdatedAt       when the last episode finished (runner clock)
 * @param stats               history and execution counters
 */
public record InstanceState(
        String instanceId,
        String orchestratorName,
        OrchestrationRuntimeStatus runtimeStatus,
        String serializedOutput,
        OrchestrationFailure failure,
        String serializedCustomStatus,
        Instant createdAt,
        Instant lastUpdatedAt,
        InstanceStats stats) {

    private static final JacksonDataConverter CONVERTER = new JacksonDataConverter();

    public InstanceState {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(orchestratorName, "orchestratorName");
        Objects.requireNonNull(runtimeStatus, "runtimeStatus");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastUpdatedAt, "lastUpdatedAt");
        Objects.requireNonNull(stats, "stats");
    }

    /** True once the instance will never run again: completed, failed, terminated or canceled. */
    public boolean isTerminal() {
        return runtimeStatus == OrchestrationRuntimeStatus.COMPLETED
                || runtimeStatus == OrchestrationRuntimeStatus.FAILED
                || runtimeStatus == OrchestrationRuntimeStatus.TERMINATED
                || runtimeStatus == OrchestrationRuntimeStatus.CANCELED;
    }

    /** The output read as {@code type} with durabletask's JSON converter; empty when there is no output. */
    public <T> Optional<T> readOutputAs(Class<T> type) {
        return Optional.ofNullable(CONVERTER.deserialize(serializedOutput, type));
    }

    /** The custom status read as {@code type}; empty when none was set. */
    public <T> Optional<T> readCustomStatusAs(Class<T> type) {
        return Optional.ofNullable(CONVERTER.deserialize(serializedCustomStatus, type));
    }
}
