package dev.acidispatch.emulator;

import java.time.Instant;
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

    /** Ends whatever still runs (stop, delete, emulator shutdown). */
    void kill();
}
