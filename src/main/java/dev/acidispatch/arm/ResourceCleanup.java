package dev.acidispatch.arm;

import dev.acidispatch.log.JobLog;

import java.util.Objects;

/**
 * Deletes a job's container group and its deployment record, the way ARM lets them be deleted: ACI deletes groups
 * asynchronously, and ARM refuses to delete a deployment that still runs ("A template deployment that is currently
 * running cannot be deleted", Deployments - Delete; Azure/azure-cli#12252), so a running one (a group that never
 * started, say) is canceled first. One place for the watcher's cleanup, the dispatcher's and the orphan sweeper.
 */
public final class ResourceCleanup {
    private static final JobLog LOG = JobLog.of(ResourceCleanup.class);

    private final ContainerGroups arm;

    public ResourceCleanup(ContainerGroups arm) {
        this.arm = Objects.requireNonNull(arm, "arm");
    }

    /**
     * Deletes the deployment record, canceling the deployment first when ARM refuses because it still runs.
     *
     * @return {@code false} when there was no record
     */
    public boolean deleteDeployment(String resourceGroup, String deploymentName) {
        try {
            return arm.deleteDeployment(resourceGroup, deploymentName);
        } catch (ResourceBeingDeletedException alreadyGoing) {
            return true;
        } catch (ArmConflictException stillRunning) {
            boolean canceled = arm.cancelDeployment(resourceGroup, deploymentName);
            LOG.info(JobLog.currentJob(), JobLog.currentStep("cleanup"), () -> "deployment " + resourceGroup + "/" + deploymentName + " still ran ("
                    + stillRunning.code() + "): " + (canceled ? "canceled" : "finished meanwhile") + ", deleting it");
            return arm.deleteDeployment(resourceGroup, deploymentName);
        }
    }

    /** Starts deleting the group ({@link ContainerGroups#deleteGroup}). */
    public GroupDeletion deleteGroup(String resourceGroup, String groupName) {
        return arm.deleteGroup(resourceGroup, groupName);
    }

    /**
     * Where a started group delete stands: gone, still deleting, or (the delete failed or was never accepted) there
     * and not being deleted, in which case it is deleted again.
     */
    public GroupDeletion finishGroupDeletion(String resourceGroup, String groupName) {
        return arm.getGroup(resourceGroup, groupName)
                .map(group -> group.isDeleting() ? GroupDeletion.IN_PROGRESS : arm.deleteGroup(resourceGroup, groupName))
                .orElse(GroupDeletion.ALREADY_GONE);
    }
}
