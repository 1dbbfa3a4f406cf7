package dev.acidispatch.watch;

import dev.acidispatch.job.CleanupPolicy;
import dev.acidispatch.job.InitContainer;
import dev.acidispatch.job.ResolvedJob;
import dev.acidispatch.job.Sidecar;

import java.util.List;
import java.util.Objects;

/**
 * What the watcher needs to know about a job beyond its names: its other containers (init containers, in the order
 * they run, and sidecars), its restart policy and its cleanup policy. Small and free of secrets: it travels in the
 * watch plan and the activities' inputs, which Durable Functions keeps in history.
 *
 * @param maxRestarts restarts allowed under restartPolicy OnFailure before the watcher stops the group
 */
public record JobShape(List<String> initContainers, List<String> sidecars, String restartPolicy, int maxRestarts,
                       CleanupPolicy cleanup) {
    public JobShape {
        initContainers = initContainers == null ? List.of() : List.copyOf(initContainers);
        sidecars = sidecars == null ? List.of() : List.copyOf(sidecars);
        restartPolicy = restartPolicy == null ? ResolvedJob.NEVER : restartPolicy;
        Objects.requireNonNull(cleanup, "cleanup");
        if (maxRestarts < 0) {
            throw new IllegalArgumentException("The value for maxRestarts must not be negative, was " + maxRestarts);
        }
    }

    public static JobShape of(ResolvedJob job) {
        return new JobShape(job.initContainers().stream().map(InitContainer::name).toList(),
                job.sidecars().stream().map(Sidecar::name).toList(), job.restartPolicy(), job.maxRestarts(),
                job.cleanup());
    }

    /** A single-container job with restartPolicy Never (what every job was before these fields existed). */
    public static JobShape single(boolean keepContainerGroup) {
        return new JobShape(List.of(), List.of(), ResolvedJob.NEVER, 0,
                CleanupPolicy.ofKeepContainerGroup(keepContainerGroup));
    }

    public boolean restartsOnFailure() {
        return ResolvedJob.ON_FAILURE.equals(restartPolicy);
    }

    /** Whether the group has containers besides the job's (their logs are captured too). */
    public boolean hasOtherContainers() {
        return !initContainers.isEmpty() || !sidecars.isEmpty();
    }
}
