package dev.acidispatch.emulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET .../containerGroups/{group}/containers/{container}/logs}: {@code {"content": "..."}}, the whole log
 * or its last {@code tail} lines, and what ACI keeps of a stopped container's log.
 */
final class ContainerLogs {
    /**
     * ACI keeps this much log for a stopped instance: "16 KB or 1,000 lines" (Resource availability and quota limits
     * for ACI, learn.microsoft.com/azure/container-instances/container-instances-resource-and-quota-limits). Its
     * 4 MB limit for a running instance is not modelled: a running container's log is served in full.
     */
    static final int STOPPED_LOG_LINES = 1000;
    static final int STOPPED_LOG_BYTES = 16 * 1024;

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
        String content = container.logs();
        if (request.query().containsKey("tail")) {
            try {
                content = tail(content, Integer.parseInt(request.query().get("tail")));
            } catch (NumberFormatException e) {
                return Reply.error(400, "InvalidParameter", "The 'tail' parameter must be a whole number.");
            }
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("content", content);
        return Reply.json(200, body);
    }

    /** The last {@code lines} lines; a trailing newline is kept, and {@code lines <= 0} gives nothing. */
    static String tail(String content, int lines) {
        if (lines <= 0 || content.isEmpty()) {
            return lines <= 0 ? "" : content;
        }
        boolean trailingNewline = content.endsWith("\n");
        String[] all = (trailingNewline ? content.substring(0, content.length() - 1) : content).split("\n", -1);
        int from = Math.max(0, all.length - lines);
        return String.join("\n", Arrays.copyOfRange(all, from, all.length)) + (trailingNewline ? "\n" : "");
    }

    /** What remains of a log once its container was stopped: the last 1,000 lines, then the last 16 KB of those. */
    static String keptAfterStop(String logs) {
        String[] lines = logs.split("\n", -1);
        int from = Math.max(0, lines.length - 1 - STOPPED_LOG_LINES);
        String kept = String.join("\n", Arrays.copyOfRange(lines, from, lines.length));
        byte[] bytes = kept.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= STOPPED_LOG_BYTES) {
            return kept;
        }
        return new String(bytes, bytes.length - STOPPED_LOG_BYTES, STOPPED_LOG_BYTES, StandardCharsets.UTF_8);
    }
}
