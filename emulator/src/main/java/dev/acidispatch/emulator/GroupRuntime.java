package dev.acidispatch.emulator;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What drives a group's containers: a {@link ContainerScript} on the emulator's clock ({@link ScriptedRuntime}), or
 * the containers' commands as local processes ({@link SandboxRuntime}). {@link EmulatedGroup} turns the containers'
 * states into the group's.
 */
interface GroupRuntime {
    /** The ACI error provisioning fails with, if it does; it shows from {@link #provisionedAt()} on. */
    Optional<ContainerScript.ProvisioningFailure> provisioningFailure();

    /** When provisioning completes (or fails: ACI gives up on a pull that never succeeds after 30 minutes). */
    Instant provisionedAt();

    /**
     * @param spec      the group's current spec (an incremental redeploy may have changed it)
     * @param stoppedAt when the group was stopped, or {@code null}
     */
    GroupView.Container container(String containerName, GroupSpec spec, Instant now, Instant stoppedAt);

    /**
     * An init container's view. By default init containers take no time: each has run to completion, exit code 0,
     * by the time provisioning completes (scripted lifecycles say nothing about them).
     */
    default GroupView.Container initContainer(String containerName, GroupSpec spec, Instant now, Instant stoppedAt) {
        Instant done = provisionedAt();
        if (provisioningFailure().isPresent() || now.isBefore(done)) {
            return new GroupView.Container("Waiting", null, null, null, "Waiting", List.of(), TimedLog.EMPTY);
        }
        return new GroupView.Container("Terminated", 0, done, done, "Completed",
                List.of(new GroupView.Event("Normal", "Started", "Started init container", done)), TimedLog.EMPTY);
    }

    /** Whether an init container failed for good, so the group's containers never start and the group fails. */
    default boolean initContainerFailed() {
        return false;
    }

    /** Ends whatever still runs (stop, delete, emulator shutdown). */
    void kill();
}
