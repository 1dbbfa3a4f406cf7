package dev.acidispatch.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Containers that follow a {@link ContainerScript}, computed from the clock at request time: pulling for the
 * provisioning delay, running for the run duration (log lines appear in proportion to the time elapsed), then
 * terminated with the script's exit code. Every container of the group follows the same script.
 */
final class ScriptedRuntime implements GroupRuntime {
    private final ContainerScript script;
    private final Instant createdAt;

    ScriptedRuntime(ContainerScript script, Instant createdAt) {
        this.script = script;
        this.createdAt = createdAt;
    }

    @Override
    public Optional<ContainerScript.ProvisioningFailure> provisioningFailure() {
        return script.provisioningFailure();
    }

    @Override
    public boolean neverProvisions() {
        return script.neverStart();
    }

    @Override
    public Instant provisionedAt() {
        return createdAt.plus(script.provisioningDelay());
    }

    @Override
    public GroupView.Container container(String containerName, GroupSpec spec, Instant now, Instant stoppedAt) {
        String image = spec.firstImage();
        Instant start = createdAt.plus(script.provisioningDelay());
        Instant finish = start.plus(script.runDuration());
        List<GroupView.Event> events = new ArrayList<>();
        events.add(new GroupView.Event("Normal", "Pulling", "pulling image \"" + image + "\"", createdAt));
        boolean provisioned = !script.neverStart() && script.provisioningFailure().isEmpty()
                && !now.isBefore(start);
        if (script.provisioningFailure().isPresent() && !now.isBefore(start)) {
            events.add(new GroupView.Event("Warning", "Failed", script.provisioningFailure().get().message(),
                    start));
        }
        boolean finished = provisioned && !now.isBefore(finish);
        if (stoppedAt != null && (!provisioned || stoppedAt.isBefore(finish))) {
            events.add(new GroupView.Event("Normal", "Killing", "Killing container", stoppedAt));
            return new GroupView.Container("Terminated", null, provisioned ? start : null, stoppedAt, "Stopped",
                    events, ContainerLogs.keptAfterStop(visibleLines(start, stoppedAt)));
        }
        if (!provisioned) {
            return new GroupView.Container("Waiting", null, null, null, script.provisioningFailure().isPresent()
                    ? "ProvisioningFailed" : "Pulling", events, "");
        }
        events.add(new GroupView.Event("Normal", "Pulled", "Successfully pulled image \"" + image + "\"", start));
        events.add(new GroupView.Event("Normal", "Started", "Started container", start));
        if (!finished) {
            return new GroupView.Container("Running", null, start, null, "", events, visibleLines(start, now));
        }
        String logs = String.join("\n", script.logLines()) + (script.logLines().isEmpty() ? "" : "\n");
        return new GroupView.Container("Terminated", script.exitCode(), start, finish,
                script.exitCode() == 0 ? "Completed" : "Error", events,
                stoppedAt != null ? ContainerLogs.keptAfterStop(logs) : logs);
    }

    /** The script's log lines written by {@code now}, in proportion to the run time elapsed. */
    private String visibleLines(Instant start, Instant now) {
        List<String> lines = script.logLines();
        long total = script.runDuration().toMillis();
        long elapsed = Duration.between(start, now).toMillis();
        int visible = total <= 0 ? lines.size() : (int) Math.min(lines.size(), lines.size() * elapsed / total);
        return lines.subList(0, Math.max(visible, 0)).stream().map(l -> l + "\n")
                .reduce("", String::concat);
    }

    @Override
    public void kill() {
        // Nothing runs: the lifecycle is computed from the clock.
    }
}
