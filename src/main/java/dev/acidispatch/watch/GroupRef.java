package dev.acidispatch.watch;

/**
 * Which container group a job runs in: the activities' input. References only, never secrets.
 *
 * @param keepContainerGroup whether Cleanup stops the group instead of deleting it (the watcher sets it from the
 *                           cleanup policy and the outcome)
 * @param shape              the job's other containers and policies (a ref written before these existed reads as a
 *                           single container with restartPolicy Never)
 * @param captureLogs        whether CheckGroup also captures the logs of the containers that run (the watcher
 *                           decides when, see {@link WatchPlan#logCaptureDue})
 */
public record GroupRef(String jobId, String resourceGroup, String containerGroupName, String deploymentName,
                       String containerName, boolean keepContainerGroup, JobShape shape, boolean captureLogs) {

    public GroupRef(String jobId, String resourceGroup, String containerGroupName, String deploymentName,
                    String containerName, boolean keepContainerGroup, JobShape shape) {
        this(jobId, resourceGroup, containerGroupName, deploymentName, containerName, keepContainerGroup, shape, false);
    }

    /** A single-container job's ref. */
    public GroupRef(String jobId, String resourceGroup, String containerGroupName, String deploymentName,
                    String containerName, boolean keepContainerGroup) {
        this(jobId, resourceGroup, containerGroupName, deploymentName, containerName, keepContainerGroup, null);
    }

    public GroupRef {
        shape = shape == null ? JobShape.single(keepContainerGroup) : shape;
    }

    public static GroupRef of(WatchPlan plan) {
        return new GroupRef(plan.jobId(), plan.resourceGroup(), plan.containerGroupName(), plan.deploymentName(),
                plan.containerName(), plan.keepContainerGroup(), plan.shape());
    }

    /** The same group, cleaned up by stopping ({@code true}) or deleting it. */
    public GroupRef keeping(boolean keep) {
        return new GroupRef(jobId, resourceGroup, containerGroupName, deploymentName, containerName, keep, shape,
                captureLogs);
    }

    /** The same group; CheckGroup captures the running containers' logs too when {@code capture}. */
    public GroupRef capturingLogs(boolean capture) {
        return new GroupRef(jobId, resourceGroup, containerGroupName, deploymentName, containerName,
                keepContainerGroup, shape, capture);
    }
}
