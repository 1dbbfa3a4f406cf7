package dev.acidispatch.arm;

import dev.acidispatch.log.JobLog;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Deploys a job's container group at most once, however often the same job message is delivered. Queue triggers
 * are at-least-once and may run concurrently, so the rules are:
 * <ol>
 *   <li>an existing group is adopted ({@link DeployOutcome#ADOPTED_GROUP}), unless it is being deleted;</li>
 *   <li>a deployment of that name that is active or succeeded is adopted ({@link DeployOutcome#ADOPTED_DEPLOYMENT});</li>
 *   <li>a group or deployment still being deleted (an attempt that was cleaned up) is not deployed over: ARM
 *       refuses that ({@code DeploymentBeingDeleted}), so {@link ResourceBeingDeletedException} says "later";</li>
 *   <li>otherwise (none, or Failed/Canceled with no group) the deployment is submitted
 *       ({@link DeployOutcome#CREATED}); a 409 from ARM means another caller won the race: adopted.</li>
 * </ol>
 * Across processes the final guard is ARM itself: a deployment name is unique per resource group, a second PUT on
 * an active deployment gets 409 DeploymentActive, and an incremental redeploy updates the group instead of adding
 * one. Within one process, calls for the same deployment are serialised to avoid needless 409s.
 */
public final class IdempotentDeployer {
    private static final JobLog LOG = JobLog.of(IdempotentDeployer.class);
    private static final ConcurrentMap<String, Object> LOCKS = new ConcurrentHashMap<>();

    private final ContainerGroups arm;

    public IdempotentDeployer(ContainerGroups arm) {
        this.arm = Objects.requireNonNull(arm, "arm");
    }

    public DeployOutcome deployOnce(String resourceGroup, String deploymentName, String groupName,
                                    String deploymentBodyJson) {
        requireText(resourceGroup, "resourceGroup");
        requireText(deploymentName, "deploymentName");
        requireText(groupName, "groupName");
        requireText(deploymentBodyJson, "deploymentBodyJson");
        String key = resourceGroup.toLowerCase() + "/" + deploymentName.toLowerCase();
        Object lock = LOCKS.computeIfAbsent(key, k -> new Object());
        synchronized (lock) {
            try {
                return decideAndDeploy(resourceGroup, deploymentName, groupName, deploymentBodyJson);
            } finally {
                LOCKS.remove(key, lock);
            }
        }
    }

    private DeployOutcome decideAndDeploy(String resourceGroup, String deploymentName, String groupName,
                                          String body) {
        Optional<GroupStatus> group = arm.getGroup(resourceGroup, groupName);
        if (group.isPresent() && group.get().isDeleting()) {
            // A group being deleted is on its way out (a cleaned-up attempt): adopting it would watch it vanish.
            throw new ResourceBeingDeletedException("Container group " + resourceGroup + "/" + groupName + " is "
                    + "still being deleted; deploy again once it is gone", "ContainerGroupBeingDeleted", 0,
                    Optional.empty(), null);
        }
        if (group.isPresent()) {
            LOG.info(JobLog.currentJob(), JobLog.currentStep("arm"), () -> "container group " + resourceGroup + "/" + groupName
                    + " exists: adopted, not redeployed");
            return DeployOutcome.ADOPTED_GROUP;
        }
        Optional<DeploymentStatus> existing = arm.getDeployment(resourceGroup, deploymentName);
        if (existing.isPresent() && existing.get().isDeleting()) {
            // ARM would refuse the PUT with DeploymentBeingDeleted (Azure/data-factory-deploy-action#25).
            throw new ResourceBeingDeletedException("Deployment " + resourceGroup + "/" + deploymentName + " is "
                    + "still being deleted; deploy again once it is gone", "DeploymentBeingDeleted", 0,
                    Optional.empty(), null);
        }
        if (existing.isPresent() && !existing.get().isFailedOrCanceled()) {
            LOG.info(JobLog.currentJob(), JobLog.currentStep("arm"), () -> "deployment " + resourceGroup + "/"
                    + deploymentName + " is " + existing.get().provisioningState() + ": adopted");
            return DeployOutcome.ADOPTED_DEPLOYMENT;
        }
        try {
            arm.beginDeployment(resourceGroup, deploymentName, body);
            return DeployOutcome.CREATED;
        } catch (ResourceBeingDeletedException beingDeleted) {
            throw beingDeleted;
        } catch (ArmConflictException conflict) {
            LOG.info(JobLog.currentJob(), JobLog.currentStep("arm"), () -> "deployment " + resourceGroup + "/"
                    + deploymentName + " refused with " + conflict.code() + " (another caller is deploying it): adopted");
            return DeployOutcome.ADOPTED_DEPLOYMENT;
        }
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("The value for " + field + " must not be blank");
        }
    }
}
