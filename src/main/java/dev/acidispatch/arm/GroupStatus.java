package dev.acidispatch.arm;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A container group with its instance view. With restartPolicy Never, completion is only visible here: the group's
 * {@code instanceState} becomes Succeeded (exit 0), Failed (non-zero) or Stopped, and the container's state
 * Terminated with an exit code.
 *
 * @param initContainers the init containers' states, in the order they run (empty when the group has none)
 */
public record GroupStatus(String name, String provisioningState, Optional<String> instanceState,
                          Map<String, String> tags, List<ContainerStatus> containers, List<GroupEvent> events,
                          List<ContainerStatus> initContainers) {
    private static final Set<String> TERMINAL_GROUP_STATES = Set.of("succeeded", "failed", "stopped");

    /** A group without init containers. */
    public GroupStatus(String name, String provisioningState, Optional<String> instanceState,
                       Map<String, String> tags, List<ContainerStatus> containers, List<GroupEvent> events) {
        this(name, provisioningState, instanceState, tags, containers, events, List.of());
    }

    public GroupStatus {
        initContainers = initContainers == null ? List.of() : List.copyOf(initContainers);
        Objects.requireNonNull(name, "name");
        provisioningState = provisioningState == null ? "" : provisioningState;
        instanceState = instanceState == null ? Optional.empty() : instanceState;
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        containers = containers == null ? List.of() : List.copyOf(containers);
        events = events == null ? List.of() : List.copyOf(events);
    }

    /**
     * True once the job can no longer make progress: the group's instance state is Succeeded, Failed or Stopped, or
     * its first container terminated. A provisioning failure is not terminal by itself (ACI may still retry the
     * pull); watchers combine {@link #isProvisioningFailed()} with their start timeout.
     */
    public boolean isTerminal() {
        boolean groupDone = instanceState.map(s -> TERMINAL_GROUP_STATES.contains(s.toLowerCase())).orElse(false);
        return groupDone || firstContainer().map(ContainerStatus::isTerminated).orElse(false);
    }

    /** The first container's exit code, once it has one. */
    public Optional<Integer> exitCode() {
        return firstContainer().flatMap(ContainerStatus::exitCode);
    }

    public boolean isProvisioningFailed() {
        return "failed".equalsIgnoreCase(provisioningState);
    }

    /**
     * ACI accepted a DELETE and is still deleting the group: it exists, counts against the quota, and will be gone.
     * The word is the emulator's ("Deleting", ARM's usual one for a resource being deleted): ACI documents only the
     * final provisioning states of a delete (container-state, "Stop and delete operations").
     */
    public boolean isDeleting() {
        return "deleting".equalsIgnoreCase(provisioningState);
    }

    public boolean isStopped() {
        return instanceState.map("stopped"::equalsIgnoreCase).orElse(false);
    }

    public Optional<ContainerStatus> firstContainer() {
        return containers.stream().findFirst();
    }

    /** The container of that name, if the group has one. */
    public Optional<ContainerStatus> container(String containerName) {
        return containers.stream().filter(c -> c.name().equals(containerName)).findFirst();
    }

    /** Warning events, newest information first as ARM lists them; the reason to give when provisioning fails. */
    public List<GroupEvent> warnings() {
        return events.stream().filter(GroupEvent::isWarning).toList();
    }
}
