package dev.acidispatch.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What ACI refuses in a group's init containers, volumes, networking and OS type, as ARM error details
 * ({@code code}, {@code message}). Where a public source shows ACI's code or message it is used and named below;
 * otherwise the code is the emulator's own, named after the rule, and says so in this list:
 * <ul>
 *   <li>{@code DuplicateVolumes}, "Duplicate volumes '...' are found." (ACI's answer quoted in
 *   kubeflow/pipelines#8318);</li>
 *   <li>a mount path with ':': "The volume mount path cannot contain ':'" (ACI's message, Azure/azure-cli#26591; the
 *   2023-05-01 spec: "Must not contain colon (:)"); code {@code InvalidVolumeMountPath} is the emulator's;</li>
 *   <li>a DNS name label: ACI's message is quoted in derekbekoe/vscode-spot#38; code {@code InvalidDnsNameLabel} is
 *   the emulator's;</li>
 *   <li>the emulator's own codes for rules the documentation states without a code: {@code DuplicateContainerNames}
 *   (container and init container names in one group), {@code VolumeMountNotFound} (a mount naming no volume),
 *   {@code InvalidVolume} (not exactly one kind, or a secret file that is not base64: "Base64-encoded secrets",
 *   container-instances-volume-secret), {@code MissingIpAddressPorts} (ARM's IpAddress requires ports),
 *   {@code UnsupportedWindowsFeature} (Windows groups: no virtual network, one container, no volumes;
 *   container-instances-virtual-network-concepts, container-instances-container-groups, container-instances-overview),
 *   {@code InvalidInitContainer} (init containers cannot use ports, container-instances-init-container).</li>
 * </ul>
 */
final class GroupSpecRules {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern DNS_NAME_LABEL = Pattern.compile("^[a-z][a-z0-9-]{3,61}[a-z0-9]$");
    private static final List<String> VOLUME_KINDS = List.of("azureFile", "emptyDir", "secret", "gitRepo");

    private GroupSpecRules() {
    }

    static List<ObjectNode> problems(String group, JsonNode properties) {
        List<ObjectNode> problems = new ArrayList<>();
        containerNames(group, properties, problems);
        Set<String> volumes = volumes(group, properties, problems);
        mounts(group, properties, volumes, problems);
        ipAddress(group, properties, problems);
        windows(group, properties, problems);
        for (JsonNode init : properties.path("initContainers")) {
            if (init.path("properties").has("ports")) {
                problems.add(problem("InvalidInitContainer", "The init container '" + init.path("name").asText()
                        + "' of container group '" + group + "' cannot expose ports."));
            }
        }
        return problems;
    }

    private static void containerNames(String group, JsonNode properties, List<ObjectNode> problems) {
        Set<String> seen = new HashSet<>();
        for (String section : List.of("initContainers", "containers")) {
            for (JsonNode container : properties.path(section)) {
                String name = container.path("name").asText("");
                if (!name.isEmpty() && !seen.add(name)) {
                    problems.add(problem("DuplicateContainerNames", "The container name '" + name + "' is used more "
                            + "than once in container group '" + group + "'. Container and init container names must "
                            + "be unique."));
                }
            }
        }
    }

    private static Set<String> volumes(String group, JsonNode properties, List<ObjectNode> problems) {
        Set<String> names = new HashSet<>();
        for (JsonNode volume : properties.path("volumes")) {
            String name = volume.path("name").asText("");
            if (!names.add(name)) {
                problems.add(problem("DuplicateVolumes", "Duplicate volumes '" + name + "' are found."));
            }
            long kinds = VOLUME_KINDS.stream().filter(volume::has).count();
            if (kinds != 1) {
                problems.add(problem("InvalidVolume", "The volume '" + name + "' of container group '" + group
                        + "' must have exactly one of azureFile, emptyDir, secret or gitRepo."));
            }
            for (JsonNode content : volume.path("secret")) {
                try {
                    Base64.getDecoder().decode(content.asText());
                } catch (IllegalArgumentException e) {
                    problems.add(problem("InvalidVolume", "The secret volume '" + name + "' of container group '"
                            + group + "' has a value that is not base64-encoded."));
                }
            }
            JsonNode azureFile = volume.path("azureFile");
            if (azureFile.isObject() && (!azureFile.hasNonNull("shareName")
                    || !azureFile.hasNonNull("storageAccountName"))) {
                problems.add(problem("InvalidVolume", "The azureFile volume '" + name + "' of container group '"
                        + group + "' needs shareName and storageAccountName."));
            }
        }
        return names;
    }

    private static void mounts(String group, JsonNode properties, Set<String> volumes, List<ObjectNode> problems) {
        for (String section : List.of("initContainers", "containers")) {
            for (JsonNode container : properties.path(section)) {
                for (JsonNode mount : container.path("properties").path("volumeMounts")) {
                    String volume = mount.path("name").asText("");
                    if (!volumes.contains(volume)) {
                        problems.add(problem("VolumeMountNotFound", "The volume mount '" + volume + "' of container '"
                                + container.path("name").asText() + "' in container group '" + group + "' names no "
                                + "volume of the group."));
                    }
                    if (mount.path("mountPath").asText("").contains(":")) {
                        problems.add(problem("InvalidVolumeMountPath", "The volume mount path cannot contain ':'."));
                    }
                }
            }
        }
    }

    private static void ipAddress(String group, JsonNode properties, List<ObjectNode> problems) {
        JsonNode ip = properties.path("ipAddress");
        if (!ip.isObject()) {
            return;
        }
        if (!ip.path("ports").isArray() || ip.path("ports").isEmpty()) {
            problems.add(problem("MissingIpAddressPorts", "The IP address of container group '" + group + "' must "
                    + "list the ports it exposes (ipAddress.ports)."));
        }
        String label = ip.path("dnsNameLabel").asText(null);
        if (label != null && !DNS_NAME_LABEL.matcher(label).matches()) {
            problems.add(problem("InvalidDnsNameLabel", "The DNS name label '" + label + "' in container group '"
                    + group + "' is invalid. It can contain only lowercase letters, numbers and hyphens. The first "
                    + "character must be a letter. The last character must be a letter or number. The value must be "
                    + "between 5 and 63 characters long."));
        }
    }

    private static void windows(String group, JsonNode properties, List<ObjectNode> problems) {
        if (!"Windows".equalsIgnoreCase(properties.path("osType").asText())) {
            return;
        }
        if (properties.path("subnetIds").size() > 0) {
            problems.add(problem("UnsupportedWindowsFeature", "Container group '" + group + "' has osType Windows "
                    + "and subnetIds: only Linux container groups can be deployed to a virtual network."));
        }
        if (properties.path("containers").size() + properties.path("initContainers").size() > 1) {
            problems.add(problem("UnsupportedWindowsFeature", "Container group '" + group + "' has osType Windows "
                    + "and more than one container: multi-container groups support only Linux containers."));
        }
        if (properties.path("volumes").size() > 0) {
            problems.add(problem("UnsupportedWindowsFeature", "Container group '" + group + "' has osType Windows "
                    + "and volumes: volume mounting is restricted to Linux containers."));
        }
    }

    private static ObjectNode problem(String code, String message) {
        return NODES.objectNode().put("code", code).put("message", message);
    }
}
