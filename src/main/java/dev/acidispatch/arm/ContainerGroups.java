package dev.acidispatch.arm;

import java.util.List;
import java.util.Optional;

/**
 * The dispatcher's only door to Azure Resource Manager: deployments that create container groups, and the groups
 * themselves. Implementations retry transient failures and throttling within their own bounds and then throw a
 * subclass of {@link ArmException}; absent resources are reported as {@link Optional#empty()} or {@code false}, never
 * as exceptions.
 */
public interface ContainerGroups {

    /**
     * Sends the deployment PUT and returns as soon as ARM accepted it; it does not wait for the deployment to finish.
     * The PUT is idempotent by name: after a lost response the implementation re-reads the deployment before sending
     * it again.
     *
     * @param deploymentBodyJson {@code {"properties":{"mode":"Incremental","template":{...},"parameters":{...}}}}
     * @throws ArmConflictException when a deployment of that name is still active (ARM code DeploymentActive)
     * @throws InvalidTemplateException when ARM rejects the template or its parameters
     */
    DeploymentStatus beginDeployment(String resourceGroup, String deploymentName, String deploymentBodyJson);

    /** The deployment's current state, or empty when no deployment of that name exists in the resource group. */
    Optional<DeploymentStatus> getDeployment(String resourceGroup, String deploymentName);

    /** The container group with its instance view, or empty when it does not exist. */
    Optional<GroupStatus> getGroup(String resourceGroup, String groupName);

    /**
     * The last {@code tailLines} lines of a container's output.
     *
     * @throws ResourceNotFoundException when the group or container does not exist
     */
    String logs(String resourceGroup, String groupName, String containerName, int tailLines);

    /**
     * A container's whole log as ACI serves it, each line prefixed with its time: Containers_ListLogs without
     * {@code tail} ("If not provided, all available logs are shown up to 4mb") and with {@code timestamps=true}
     * (containerInstance.json, api-version 2023-05-01). A stopped container's answer is what ACI kept of it (16 KB or
     * 1,000 lines, container-instances-resource-and-quota-limits); users report shorter answers than documented
     * (Azure/azure-cli#5163, Azure/azure-sdk-for-java#30152), so readers go by the lines' times, not their count.
     *
     * @throws ResourceNotFoundException when the group or container does not exist, or the container has no log yet
     */
    String timestampedLogs(String resourceGroup, String groupName, String containerName);

    /**
     * Stops every container in the group and keeps the group.
     *
     * @throws ResourceNotFoundException when the group does not exist
     */
    void stop(String resourceGroup, String groupName);

    /**
     * Starts deleting the group. ACI deletes asynchronously: the group may still exist, {@link GroupStatus#isDeleting()
     * deleting}, when this returns {@link GroupDeletion#IN_PROGRESS}.
     *
     * @throws ThrottledException when ACI's delete rate for the region is used up (retry after its Retry-After)
     */
    GroupDeletion deleteGroup(String resourceGroup, String groupName);

    /**
     * Deletes the deployment record (resource groups keep at most 800 in their history); {@code false} when it was
     * already gone. ARM finishes the deletion asynchronously, and refuses it while the deployment still runs.
     *
     * @throws ArmConflictException when the deployment is still running ({@link #cancelDeployment} it first)
     */
    boolean deleteDeployment(String resourceGroup, String deploymentName);

    /**
     * Cancels a deployment that is Accepted or Running ("You can cancel a deployment only if the provisioningState is
     * Accepted or Running", Deployments - Cancel); the resources it created stay. {@code false} when it was not
     * running (or does not exist).
     */
    boolean cancelDeployment(String resourceGroup, String deploymentName);

    /**
     * Groups in the resource group carrying tag {@code tagName}, with {@code tagValueOrNull} when given. The list
     * omits instance views: call {@link #getGroup} for state.
     */
    List<GroupSummary> listGroups(String resourceGroup, String tagName, String tagValueOrNull);

    /** Shorthand for {@code new IdempotentDeployer(this).deployOnce(...)}; see {@link IdempotentDeployer}. */
    /**
     * ACI's usage and limits in {@code location} (Location_ListUsage); empty when this port cannot tell (a test double).
     */
    default Optional<RegionUsage> usage(String location) {
        return Optional.empty();
    }

    default DeployOutcome deployOnce(String resourceGroup, String deploymentName, String groupName,
                                     String deploymentBodyJson) {
        return new IdempotentDeployer(this).deployOnce(resourceGroup, deploymentName, groupName, deploymentBodyJson);
    }
}
