package dev.acidispatch.watch;

/**
 * Where a job's cleanup stands (the output of the Cleanup and FinishCleanup activities, and FinishCleanup's input).
 * ACI deletes groups asynchronously, and a group being deleted still counts against the regional quota, so the watcher
 * waits until the group is gone before it gives the job's admission lease back.
 *
 * @param kept              the group was kept (stopped), not deleted
 * @param groupGone         the container group no longer exists
 * @param deploymentDeleted the deployment record is deleted (ARM may still be finishing that: nothing waits on it)
 * @param retryAfterMillis  ACI asked to wait this long before deleting again (its delete rate was used up), or 0
 * @param problem           why cleanup cannot finish (a missing permission), or null; the sweeper takes over
 */
public record CleanupState(String jobId, String resourceGroup, String containerGroupName, String deploymentName,
                           boolean kept, boolean groupGone, boolean deploymentDeleted, long retryAfterMillis,
                           String problem) {

    static CleanupState start(GroupRef ref) {
        return new CleanupState(ref.jobId(), ref.resourceGroup(), ref.containerGroupName(), ref.deploymentName(),
                false, false, false, 0, null);
    }

    /** Nothing more to do: kept, everything gone, or a problem that waiting does not fix. */
    public boolean settled() {
        return kept || problem != null || (groupGone && deploymentDeleted);
    }

    CleanupState with(boolean group, boolean deployment, long retryAfter, String why) {
        return new CleanupState(jobId, resourceGroup, containerGroupName, deploymentName, kept, group, deployment,
                retryAfter, why);
    }

    CleanupState keptGroup() {
        return new CleanupState(jobId, resourceGroup, containerGroupName, deploymentName, true, false, false, 0, null);
    }
}
