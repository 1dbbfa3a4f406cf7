package dev.acidispatch.emulator;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Sandbox mode: each container's command runs as a local process with the container's environment (secure values
 * included, never logged); the image is not pulled. A group runs as ACI runs it:
 * <ul>
 *   <li>its init containers first, one after another, each to a successful exit ("Init containers are executed in
 *   the order specified in the template, and before other containers", container-instances-init-container); with
 *   restartPolicy Never a failed one ends the group (Failed) and the other containers never start;</li>
 *   <li>then the containers (the job and its sidecars) together;</li>
 *   <li>with restartPolicy OnFailure, a run that exits non-zero is restarted in place ({@link SandboxContainer});</li>
 *   <li>its volumes are local directories under {@code $ACI_SANDBOX_ROOT} ({@link SandboxVolumes}).</li>
 * </ul>
 * It cannot run Windows containers, and a container without a command has nothing to run: both fail provisioning
 * with a message that says so.
 */
final class SandboxRuntime implements GroupRuntime {
    private static final Logger LOG = Logger.getLogger(SandboxRuntime.class.getName());

    private final Instant createdAt;
    private final Map<String, SandboxContainer> initContainers = new LinkedHashMap<>();
    private final Map<String, SandboxContainer> containers = new LinkedHashMap<>();
    private volatile SandboxVolumes volumes;
    private volatile ContainerScript.ProvisioningFailure failure;
    private volatile String failedInitContainer;
    private volatile boolean killed;

    private SandboxRuntime(Instant createdAt) {
        this.createdAt = createdAt;
    }

    /** Prepares the volumes and starts the init containers (then the containers) in the background. */
    static SandboxRuntime start(Clock clock, GroupSpec spec, Instant createdAt) {
        SandboxRuntime runtime = new SandboxRuntime(createdAt);
        runtime.prepare(clock, spec);
        if (runtime.failure == null) {
            Thread starter = new Thread(runtime::runInOrder, "sandbox-start-" + spec.name());
            starter.setDaemon(true);
            starter.start();
        }
        return runtime;
    }

    private void prepare(Clock clock, GroupSpec spec) {
        if ("Windows".equalsIgnoreCase(spec.osType())) {
            fail("SandboxWindowsUnsupported", "Sandbox mode runs each container's command as a local process on this "
                    + "machine and cannot run Windows container images (osType Windows). Run this job on Azure, or "
                    + "use osType Linux to try it locally.");
            return;
        }
        try {
            volumes = SandboxVolumes.create(spec);
        } catch (IOException e) {
            fail("SandboxVolumeFailed", "Sandbox mode could not prepare the group's volumes: " + e.getMessage());
            return;
        }
        boolean onFailure = "OnFailure".equals(spec.restartPolicy());
        String notices = volumes.noticeText();
        for (JsonNode init : spec.properties().path("initContainers")) {
            SandboxContainer container = container(clock, spec, init, onFailure, "");
            if (container == null) {
                return;
            }
            initContainers.put(container.name(), container);
        }
        for (JsonNode definition : spec.properties().path("containers")) {
            // The first container (the job's) tells what the sandbox could not provide.
            SandboxContainer container = container(clock, spec, definition, onFailure,
                    containers.isEmpty() ? notices : "");
            if (container == null) {
                return;
            }
            containers.put(container.name(), container);
        }
    }

    private SandboxContainer container(Clock clock, GroupSpec spec, JsonNode definition, boolean onFailure,
                                       String logPrefix) {
        String name = definition.path("name").asText();
        JsonNode properties = definition.path("properties");
        List<String> command = new ArrayList<>();
        properties.path("command").forEach(c -> command.add(c.asText()));
        if (command.isEmpty()) {
            fail("SandboxCommandMissing", "Sandbox mode runs each container's command as a local process, and "
                    + "container '" + name + "' has no command: give the job a command.");
            return null;
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode variable : properties.path("environmentVariables")) {
            String value = variable.hasNonNull("secureValue") ? variable.get("secureValue").asText()
                    : variable.path("value").asText("");
            env.put(variable.path("name").asText(), value);
        }
        env.put(SandboxVolumes.ROOT_VARIABLE, volumes.root().toString());
        return new SandboxContainer(clock, spec.name(), name, properties.path("image").asText(), command, env,
                onFailure, logPrefix);
    }

    private void fail(String code, String message) {
        failure = new ContainerScript.ProvisioningFailure(code, message);
        kill();
    }

    /** Init containers one by one, each to a successful exit; then every container at once. */
    private void runInOrder() {
        try {
            for (SandboxContainer init : initContainers.values()) {
                if (killed) {
                    return;
                }
                init.start();
                int exit = init.awaitSuccessOrFailure();
                if (exit != 0) {
                    failedInitContainer = init.name();
                    LOG.info(() -> "sandbox: init container '" + init.name() + "' exited with code " + exit
                            + "; the group's other containers do not start");
                    return;
                }
            }
            if (!killed) {
                containers.values().forEach(SandboxContainer::start);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Optional<ContainerScript.ProvisioningFailure> provisioningFailure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public Instant provisionedAt() {
        return createdAt;
    }

    @Override
    public GroupView.Container container(String containerName, GroupSpec spec, Instant now, Instant stoppedAt) {
        SandboxContainer container = containers.get(containerName);
        if (container == null) {
            return notStarted();
        }
        String waiting = failedInitContainer != null ? "Init container '" + failedInitContainer + "' failed"
                : "Waiting for init containers";
        return container.view(now, stoppedAt, waiting);
    }

    @Override
    public GroupView.Container initContainer(String containerName, GroupSpec spec, Instant now, Instant stoppedAt) {
        SandboxContainer container = initContainers.get(containerName);
        return container == null ? notStarted() : container.view(now, stoppedAt, "Waiting for earlier init containers");
    }

    private GroupView.Container notStarted() {
        String why = failure == null ? "not started" : failure.message();
        return new GroupView.Container("Waiting", null, null, null, "ProvisioningFailed",
                List.of(new GroupView.Event("Warning", "Failed", why, createdAt)), TimedLog.EMPTY);
    }

    /** Whether an init container failed for good (restartPolicy Never): the group ends Failed. */
    @Override
    public boolean initContainerFailed() {
        return failedInitContainer != null;
    }

    @Override
    public void kill() {
        killed = true;
        initContainers.values().forEach(SandboxContainer::kill);
        containers.values().forEach(SandboxContainer::kill);
        if (volumes != null) {
            volumes.delete();
        }
    }
}
