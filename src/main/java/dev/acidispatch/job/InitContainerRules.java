package dev.acidispatch.job;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code initContainers} that run, in order, before the job: each {name, image, command?, env?, secureEnv?}. No
 * cpu or memory: ACI gives init containers the group's resources ("You don't specify resources for init containers",
 * container-instances-init-container). Names must differ from the job container's and from each other.
 */
final class InitContainerRules implements FieldRules {
    static final List<String> INIT_CONTAINER_FIELDS = List.of("name", "image", "command", "env", "secureEnv");
    private static final List<String> REFUSED = List.of("cpu", "memoryGb");
    private static final String EXAMPLE = "{\"name\": \"setup\", \"image\": \"busybox:1.36\", \"command\": "
            + "[\"sh\", \"-c\", \"echo ready > /mnt/shared/flag\"]}";

    private final AdditionalContainers containers;

    InitContainerRules(AdditionalContainers containers) {
        this.containers = containers;
    }

    @Override
    public List<String> fields() {
        return List.of("initContainers");
    }

    @Override
    public void check(MessageFields message) {
        List<String> used = new ArrayList<>(List.of(JobLimits.JOB_CONTAINER_NAME));
        List<AdditionalContainers.Entry> entries = containers.check(message, "initContainers", INIT_CONTAINER_FIELDS,
                REFUSED, JobLimits.MAX_INIT_CONTAINERS, EXAMPLE, used);
        for (AdditionalContainers.Entry entry : entries) {
            for (String resource : REFUSED) {
                if (entry.node().has(resource)) {
                    message.error(JsonPaths.child(entry.path(), resource), "init containers have no resources of "
                            + "their own: ACI gives them the whole group's cpu and memory while they run; remove it");
                }
            }
        }
    }
}
