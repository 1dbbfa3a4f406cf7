package dev.acidispatch.emulator;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sandbox mode: each container's command runs as a local {@link SandboxProcess} with the container's environment
 * (secure values included); the image is not pulled. A container without a command fails provisioning, since there
 * is nothing to run.
 */
final class SandboxRuntime implements GroupRuntime {
    private final Instant createdAt;
    private final Map<String, SandboxProcess> processes = new LinkedHashMap<>();
    private String failure;

    private SandboxRuntime(Instant createdAt) {
        this.createdAt = createdAt;
    }

    /** Starts every container's process now. */
    static SandboxRuntime start(Clock clock, GroupSpec spec, Instant createdAt) {
        SandboxRuntime runtime = new SandboxRuntime(createdAt);
        runtime.startProcesses(clock, spec);
        return runtime;
    }

    private void startProcesses(Clock clock, GroupSpec spec) {
        for (JsonNode container : spec.properties().path("containers")) {
            String containerName = container.path("name").asText();
            JsonNode properties = container.path("properties");
            List<String> command = new ArrayList<>();
            properties.path("command").forEach(c -> command.add(c.asText()));
            if (command.isEmpty()) {
                failure = "Sandbox mode runs each container's command as a local process, and container '"
                        + containerName + "' has no command: give the job a command.";
                processes.values().forEach(SandboxProcess::kill);
                processes.clear();
                return;
            }
            Map<String, String> env = new LinkedHashMap<>();
            for (JsonNode variable : properties.path("environmentVariables")) {
                String value = variable.hasNonNull("secureValue") ? variable.get("secureValue").asText()
                        : variable.path("value").asText("");
                env.put(variable.path("name").asText(), value);
            }
            processes.put(containerName, SandboxProcess.start(clock, spec.name(), containerName,
                    properties.path("image").asText(), command, env));
        }
    }

    @Override
    public Optional<ContainerScript.ProvisioningFailure> provisioningFailure() {
        return Optional.ofNullable(failure)
                .map(message -> new ContainerScript.ProvisioningFailure("SandboxCommandMissing", message));
    }

    @Override
    public Instant provisionedAt() {
        return createdAt;
    }

    @Override
    public GroupView.Container container(String containerName, GroupSpec spec, Instant now, Instant stoppedAt) {
        SandboxProcess process = processes.get(containerName);
        String image = spec.firstImage();
        List<GroupView.Event> events = new ArrayList<>();
        if (process == null) {
            events.add(new GroupView.Event("Warning", "Failed", failure == null ? "not started" : failure,
                    createdAt));
            return new GroupView.Container("Waiting", null, null, null, "ProvisioningFailed", events, "");
        }
        events.add(new GroupView.Event("Normal", "Started", "Started local process (sandbox; image \"" + image
                + "\" not pulled)", process.startedAt()));
        if (process.isRunning() && stoppedAt == null) {
            return new GroupView.Container("Running", null, process.startedAt(), null, "", events, process.output());
        }
        // Killed by the stop (it was still running then): Stopped. A process that had exited before keeps its end.
        boolean endedByStop = stoppedAt != null && (process.isRunning()
                || process.finishedAt().map(f -> !f.isBefore(stoppedAt)).orElse(true));
        if (endedByStop) {
            return new GroupView.Container("Terminated", null, process.startedAt(), stoppedAt, "Stopped", events,
                    ContainerLogs.keptAfterStop(process.output()));
        }
        int exit = process.exitCode().orElse(-1);
        return new GroupView.Container("Terminated", exit, process.startedAt(), process.finishedAt().orElse(now),
                exit == 0 ? "Completed" : "Error", events, process.output());
    }

    @Override
    public void kill() {
        processes.values().forEach(SandboxProcess::kill);
    }
}
