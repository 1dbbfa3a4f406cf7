package dev.acidispatch.emulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;

/**
 * {@code GET .../containerGroups/{group}/containers/{container}/logs[?tail=N][&timestamps=true]}: {@code {"content":
 * "..."}}, modelled on Containers_ListLogs (containerInstance.json, api-version 2023-05-01): {@code tail} is optional
 * ("If not provided, all available logs are shown up to 4mb"), {@code timestamps=true} "adds a timestamp at the
 * beginning of every line". Each container, init containers included, has its own log, asked for by name, and a
 * stopped or exited group's logs stay readable until the group is deleted, cut to what ACI keeps of a stopped
 * instance.
 */
final class ContainerLogs {
    /**
     * ACI's two log limits (Resource availability and quota limits for ACI,
     * learn.microsoft.com/azure/container-instances/container-instances-resource-and-quota-limits): a stopped
     * instance keeps "16 KB or 1,000 lines"; a running one serves up to 4 MB ("Log size - running instance", and
     * Containers_ListLogs: "all available logs are shown up to 4mb").
     */
    static final int STOPPED_LOG_LINES = 1000;
    static final int STOPPED_LOG_BYTES = 16 * 1024;
    static final int RUNNING_LOG_BYTES = 4 * 1024 * 1024;

    private final ContainerGroups groups;

    ContainerLogs(ContainerGroups groups) {
        this.groups = groups;
    }

    Reply get(ArmRequest request) {
        String resourceGroup = request.resourceGroup();
        String groupName = request.path("group");
        String containerName = request.path("container");
        Optional<EmulatedGroup> group = groups.find(resourceGroup, groupName, request.now());
        if (group.isEmpty()) {
            return ContainerGroups.notFound(resourceGroup, groupName);
        }
        List<String> names = group.get().spec().containerNames();
        List<String> initNames = group.get().spec().initContainerNames();
        int index = names.indexOf(containerName);
        int initIndex = initNames.indexOf(containerName);
        if (index < 0 && initIndex < 0) {
            return Reply.error(404, "ContainerNotFound", "The container '" + containerName + "' is not found in "
                    + "container group '" + groupName + "'.");
        }
        GroupView view = group.get().view(request.now());
        // Init containers are asked for by name like the others.
        GroupView.Container container = index >= 0 ? view.containers().get(index) : view.initContainers().get(initIndex);
        if (container.startTime() == null && container.logs().isEmpty()) {
            // A container that has not started has no log yet: ACI answers ContainerLogNotAvailable (the code an
            // early logs call gets in gbowerman/azurerm's container test; the status is the emulator's choice).
            return ArmErrors.reply(404, ArmErrors.error("ContainerLogNotAvailable", "The logs of container '"
                    + containerName + "' in container group '" + groupName + "' are not available: the container "
                    + "has not started."));
        }
        TimedLog log = container.logs().lastBytes(RUNNING_LOG_BYTES);
        if (request.query().containsKey("tail")) {
            try {
                log = log.tail(Integer.parseInt(request.query().get("tail")));
            } catch (NumberFormatException e) {
                return Reply.error(400, "InvalidParameter", "The 'tail' parameter must be a whole number.");
            }
        }
        String timestamps = request.query().getOrDefault("timestamps", "false");
        if (!timestamps.equalsIgnoreCase("true") && !timestamps.equalsIgnoreCase("false")) {
            return Reply.error(400, "InvalidParameter", "The 'timestamps' parameter must be true or false.");
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("content", log.render(timestamps.equalsIgnoreCase("true")));
        return Reply.json(200, body);
    }

    /** The last {@code lines} lines; a trailing newline is kept, and {@code lines <= 0} gives nothing. */
    static String tail(String content, int lines) {
        return TimedLog.of(content, java.time.Instant.EPOCH).tail(lines).text();
    }

    /** What remains of a log once its container stopped or exited: the last 1,000 lines, then the last 16 KB of those. */
    static TimedLog keptAfterStop(TimedLog logs) {
        return logs.tail(STOPPED_LOG_LINES).lastBytes(STOPPED_LOG_BYTES);
    }
}
