package dev.acidispatch.bench;

import dev.acidispatch.arm.ContainerGroups;
import dev.acidispatch.arm.ContainerStatus;
import dev.acidispatch.arm.DeploymentStatus;
import dev.acidispatch.arm.GroupStatus;
import dev.acidispatch.arm.GroupDeletion;
import dev.acidispatch.arm.GroupSummary;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-process {@link ContainerGroups} that answers at once, for figures that must exclude ARM latency (dispatch CPU
 * time, watcher heap). A deployment PUT creates a group whose container runs until the benchmark ends.
 */
final class InstantContainerGroups implements ContainerGroups {
    private static final Instant STARTED = Instant.parse("2026-11-23T08:00:00Z");

    private final Set<String> deployments = ConcurrentHashMap.newKeySet();

    @Override
    public DeploymentStatus beginDeployment(String resourceGroup, String deploymentName, String deploymentBodyJson) {
        deployments.add(resourceGroup + "/" + deploymentName);
        return new DeploymentStatus(deploymentName, "Accepted", Optional.empty(), Optional.empty());
    }

    @Override
    public Optional<DeploymentStatus> getDeployment(String resourceGroup, String deploymentName) {
        return deployments.contains(resourceGroup + "/" + deploymentName)
                ? Optional.of(new DeploymentStatus(deploymentName, "Succeeded", Optional.empty(), Optional.empty()))
                : Optional.empty();
    }

    @Override
    public Optional<GroupStatus> getGroup(String resourceGroup, String groupName) {
        // Dispatch checks for an existing group before deploying: report none, so every job takes the create path.
        if (!deployments.contains(resourceGroup + "/" + groupName)) {
            return Optional.empty();
        }
        ContainerStatus running = new ContainerStatus("job", Optional.of("Running"), Optional.empty(),
                Optional.of(STARTED), Optional.empty(), Optional.empty(), 0);
        return Optional.of(new GroupStatus(groupName, "Succeeded", Optional.of("Running"), Map.of(),
                List.of(running), List.of()));
    }

    @Override
    public String logs(String resourceGroup, String groupName, String containerName, int tailLines) {
        return "";
    }

    @Override
    public String timestampedLogs(String resourceGroup, String groupName, String containerName) {
        return "";
    }

    @Override
    public void stop(String resourceGroup, String groupName) {
    }

    @Override
    public GroupDeletion deleteGroup(String resourceGroup, String groupName) {
        return GroupDeletion.DELETED;
    }

    @Override
    public boolean cancelDeployment(String resourceGroup, String deploymentName) {
        return false;
    }

    @Override
    public boolean deleteDeployment(String resourceGroup, String deploymentName) {
        return deployments.remove(resourceGroup + "/" + deploymentName);
    }

    @Override
    public List<GroupSummary> listGroups(String resourceGroup, String tagName, String tagValueOrNull) {
        return List.of();
    }
}
