package dev.acidispatch.watch;

/** Which container group a job runs in: the activities' input. References only, never secrets. */
public record GroupRef(String jobId, String resourceGroup, String containerGroupName, String deploymentName,
                       String containerName, boolean keepContainerGroup) {

    public static GroupRef of(WatchPlan plan) {
        return new GroupRef(plan.jobId(), plan.resourceGroup(), plan.containerGroupName(), plan.deploymentName(),
                plan.containerName(), plan.keepContainerGroup());
    }
}
