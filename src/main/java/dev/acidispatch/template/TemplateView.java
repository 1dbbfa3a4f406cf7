package dev.acidispatch.template;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.acidispatch.job.DnsConfig;
import dev.acidispatch.job.ExtraContainer;
import dev.acidispatch.job.InitContainer;
import dev.acidispatch.job.JobMessage;
import dev.acidispatch.job.JobNames;
import dev.acidispatch.job.Port;
import dev.acidispatch.job.ResolvedJob;
import dev.acidispatch.job.Sidecar;
import dev.acidispatch.job.Volume;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The data a template sees. Raw job fields under their message names, plus ready-made ACI fragments under
 * {@code aci.*} (shaped as Microsoft.ContainerInstance/containerGroups 2023-05-01 defines them) and {@code has*} flags
 * for optional blocks. Secret values are not in the view at all: secure environment values, the registry password,
 * storage account keys and secret volume files appear only as references to secure deployment parameters, one
 * top-level {@code secureString} each ({@link SecureParameters}).
 */
final class TemplateView {
    /** Secure env values travel in parameters {@code secureEnv0}, {@code secureEnv1}, ... */
    static final String SECURE_ENV_PARAMETER_PREFIX = SecureParameters.SECURE_ENV_PREFIX;
    static final String REGISTRY_PASSWORD_PARAMETER = SecureParameters.REGISTRY_PASSWORD;
    private static final ObjectMapper CONVERTER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private TemplateView() {
    }

    static Map<String, Object> of(ResolvedJob job, String suggestedContainerName) {
        SecureParameters secrets = SecureParameters.of(job);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("jobId", job.jobId());
        view.put("containerGroupName", job.containerGroupName());
        view.put("deploymentName", job.deploymentName());
        view.put("containerName", suggestedContainerName);
        view.put("image", job.image());
        view.put("command", job.command());
        view.put("cpu", job.cpu());
        view.put("memoryGb", job.memoryGb());
        view.put("env", job.env());
        view.put("secureEnvNames", List.copyOf(job.secureEnv().keySet()));
        job.registry().ifPresent(registry -> view.put("registry", registryWithoutPassword(registry)));
        view.put("identities", job.identities());
        view.put("subnetIds", job.subnetIds());
        view.put("dnsServers", job.dnsServers());
        view.put("tags", job.tags());
        view.put("priority", job.priority());
        view.put("location", job.location());
        view.put("resourceGroup", job.resourceGroup());
        view.put("startTimeoutSeconds", job.startTimeout().toSeconds());
        view.put("timeoutSeconds", job.timeout().toSeconds());
        view.put("keepContainerGroup", job.keepContainerGroup());
        view.put("cleanup", job.cleanup().wireName());
        view.put("template", job.template());
        view.put("variables", CONVERTER.convertValue(job.variables(), Map.class));
        view.put("volumes", job.volumes().stream().map(TemplateView::volumeWithoutSecrets).toList());
        view.put("initContainers", job.initContainers().stream().map(TemplateView::initContainerWithoutSecrets)
                .toList());
        view.put("sidecars", job.sidecars().stream().map(TemplateView::sidecarWithoutSecrets).toList());
        view.put("osType", job.osType());
        view.put("restartPolicy", job.restartPolicy());
        view.put("maxRestarts", job.maxRestarts());
        view.put("ports", job.ports().stream().map(TemplateView::port).toList());
        job.ipAddress().ifPresent(ip -> view.put("ipAddress", ordered("type", ip.type(), "dnsNameLabel",
                ip.dnsNameLabel())));
        job.dnsConfig().ifPresent(dns -> view.put("dnsConfig", dnsConfig(dns)));
        view.put("systemAssignedIdentity", job.systemAssignedIdentity());

        view.put("hasCommand", !job.command().isEmpty());
        view.put("hasEnvironmentVariables", !job.env().isEmpty() || !job.secureEnv().isEmpty());
        view.put("hasRegistry", job.registry().isPresent());
        List<String> userAssigned = userAssignedIdentities(job);
        view.put("hasIdentity", !userAssigned.isEmpty() || job.systemAssignedIdentity());
        view.put("hasSubnet", !job.subnetIds().isEmpty());
        // dnsServers is the short form of dnsConfig: either one fills aci.dnsConfig.
        view.put("hasDnsServers", !job.dnsServers().isEmpty() || job.dnsConfig().isPresent());
        view.put("hasDnsConfig", !job.dnsServers().isEmpty() || job.dnsConfig().isPresent());
        view.put("hasVolumes", !job.volumes().isEmpty());
        view.put("hasInitContainers", !job.initContainers().isEmpty());
        view.put("hasSidecars", !job.sidecars().isEmpty());
        view.put("hasPorts", !job.ports().isEmpty());
        view.put("hasIpAddress", job.ipAddress().isPresent());

        Map<String, Object> aci = new LinkedHashMap<>();
        aci.put("resources", resources(job.cpu(), job.memoryGb()));
        aci.put("environmentVariables", environmentVariables(job.env(), secrets.jobSecureEnv(), secrets));
        job.registry().ifPresent(registry -> aci.put("imageRegistryCredentials",
                List.of(credentials(registry, secrets))));
        if (!userAssigned.isEmpty() || job.systemAssignedIdentity()) {
            aci.put("identity", identity(userAssigned, job.systemAssignedIdentity()));
        }
        aci.put("subnetIds", job.subnetIds().stream().map(id -> ordered("id", id)).toList());
        aci.put("dnsConfig", job.dnsConfig().map(TemplateView::dnsConfig)
                .orElseGet(() -> ordered("nameServers", job.dnsServers())));
        aci.put("tags", tags(job));
        aci.put("volumes", volumes(job, secrets));
        aci.put("volumeMounts", volumeMounts(job));
        aci.put("initContainers", initContainers(job, secrets));
        aci.put("sidecars", sidecars(job, secrets));
        aci.put("containerPorts", job.ports().stream().map(TemplateView::port).toList());
        job.ipAddress().ifPresent(ip -> aci.put("ipAddress", ordered("type", ip.type(), "ports",
                job.ports().stream().map(TemplateView::port).toList(), "dnsNameLabel", ip.dnsNameLabel())));
        view.put("aci", aci);
        return view;
    }

    /** The user's tags with aci-dispatch's reserved tags (which always win). */
    static Map<String, String> tags(ResolvedJob job) {
        Map<String, String> tags = new LinkedHashMap<>(job.tags());
        tags.put(JobNames.TAG_JOB_ID, job.jobId());
        tags.put(JobNames.TAG_MANAGED, "true");
        return tags;
    }

    /** Maps with a fixed key order, so the same job always renders the same bytes; null values are left out. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                map.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return map;
    }

    /**
     * ACI's ResourceRequests: cpu and memoryInGB are numbers (format double in the 2023-05-01 REST spec). Whole values
     * render as integers (1, not 1.0), which the generated ARM template schema, typing both as integer, accepts too.
     */
    private static Map<String, Object> resources(double cpu, double memoryGb) {
        return ordered("requests", ordered("cpu", number(cpu), "memoryInGB", number(memoryGb)));
    }

    private static BigDecimal number(double value) {
        BigDecimal decimal = BigDecimal.valueOf(value).stripTrailingZeros();
        return decimal.scale() <= 0 ? decimal.setScale(0) : decimal;
    }

    /**
     * Each secure env variable's own parameter name, in the order of the variable names (see
     * {@link SecureParameters}): the same job always maps to the same names.
     */
    static Map<String, String> secureEnvParameters(ResolvedJob job) {
        return SecureParameters.of(job).jobSecureEnv();
    }

    /** Plain values first, then a secureValue reference per secure variable (ordinal order of the names). */
    private static List<Map<String, Object>> environmentVariables(Map<String, String> env,
                                                                  Map<String, String> secureParameters,
                                                                  SecureParameters secrets) {
        List<Map<String, Object>> variables = new ArrayList<>();
        env.forEach((name, value) -> variables.add(ordered("name", name, "value", value)));
        secureParameters.forEach((name, parameter) -> variables.add(ordered("name", name,
                "secureValue", secrets.parameter(parameter).reference())));
        return variables;
    }

    private static Map<String, Object> registryWithoutPassword(JobMessage.Registry registry) {
        return ordered("server", registry.server(), "identity", registry.identity(), "username", registry.username());
    }

    private static Map<String, Object> credentials(JobMessage.Registry registry, SecureParameters secrets) {
        Map<String, Object> map = registryWithoutPassword(registry);
        secrets.registryPassword().ifPresent(password -> map.put("password", password.reference()));
        return map;
    }

    /**
     * ACI's identity types: SystemAssigned, UserAssigned, or "SystemAssigned, UserAssigned" (ContainerGroupIdentity,
     * 2023-05-01); user-assigned ids are the keys of userAssignedIdentities, each with an empty object.
     */
    private static Map<String, Object> identity(List<String> userAssigned, boolean systemAssigned) {
        String type = systemAssigned ? (userAssigned.isEmpty() ? "SystemAssigned" : "SystemAssigned, UserAssigned")
                : "UserAssigned";
        if (userAssigned.isEmpty()) {
            return ordered("type", type);
        }
        Map<String, Object> ids = new LinkedHashMap<>();
        userAssigned.forEach(id -> ids.put(id, Map.of()));
        return ordered("type", type, "userAssignedIdentities", ids);
    }

    /** Job identities plus the registry's pull identity (ACI requires it to be assigned to the group). */
    private static List<String> userAssignedIdentities(ResolvedJob job) {
        List<String> ids = new ArrayList<>(job.identities());
        job.registry().map(JobMessage.Registry::identity).ifPresent(pull -> {
            if (ids.stream().noneMatch(id -> id.toLowerCase(Locale.ROOT).equals(pull.toLowerCase(Locale.ROOT)))) {
                ids.add(pull);
            }
        });
        return ids;
    }

    private static Map<String, Object> dnsConfig(DnsConfig dns) {
        return ordered("nameServers", dns.nameServers(), "searchDomains", dns.searchDomains(), "options",
                dns.options());
    }

    private static Map<String, Object> port(Port port) {
        return ordered("port", port.port(), "protocol", port.protocolOrDefault());
    }

    /** The group's volumes[]: each kind as ACI's Volume defines it, secrets as parameter references. */
    private static List<Map<String, Object>> volumes(ResolvedJob job, SecureParameters secrets) {
        List<Map<String, Object>> volumes = new ArrayList<>();
        for (int i = 0; i < job.volumes().size(); i++) {
            Volume volume = job.volumes().get(i);
            Map<String, Object> entry = ordered("name", volume.name());
            switch (volume.kind()) {
                case Volume.AZURE_FILE -> {
                    String key = secrets.storageAccountKey(i);
                    entry.put(Volume.AZURE_FILE, ordered("shareName", volume.azureFile().shareName(),
                            "readOnly", volume.mountsReadOnly() ? Boolean.TRUE : null,
                            "storageAccountName", volume.azureFile().storageAccountName(),
                            "storageAccountKey", key == null ? null : secrets.parameter(key).reference()));
                }
                case Volume.EMPTY_DIR -> entry.put(Volume.EMPTY_DIR, Map.of());
                default -> {
                    Map<String, Object> files = new LinkedHashMap<>();
                    secrets.secretFiles(i).forEach((file, parameter) ->
                            files.put(file, secrets.parameter(parameter).reference()));
                    entry.put(Volume.SECRET, files);
                }
            }
            volumes.add(entry);
        }
        return volumes;
    }

    /** The volumeMounts[] of every container: all of the job's volumes, each at its mountPath. */
    private static List<Map<String, Object>> volumeMounts(ResolvedJob job) {
        return job.volumes().stream().map(v -> ordered("name", v.name(), "mountPath", v.mountPath(),
                "readOnly", v.mountsReadOnly() ? Boolean.TRUE : null)).toList();
    }

    /** ACI's initContainers[]: {name, properties: {image, command?, environmentVariables, volumeMounts?}}. */
    private static List<Map<String, Object>> initContainers(ResolvedJob job, SecureParameters secrets) {
        List<Map<String, Object>> containers = new ArrayList<>();
        for (int i = 0; i < job.initContainers().size(); i++) {
            containers.add(extraContainer(job, job.initContainers().get(i), secrets.initContainerSecureEnv(i), null,
                    secrets));
        }
        return containers;
    }

    /** The sidecars as ACI containers[] entries, to follow the job's own container. */
    private static List<Map<String, Object>> sidecars(ResolvedJob job, SecureParameters secrets) {
        List<Map<String, Object>> containers = new ArrayList<>();
        for (int i = 0; i < job.sidecars().size(); i++) {
            Sidecar sidecar = job.sidecars().get(i);
            containers.add(extraContainer(job, sidecar, secrets.sidecarSecureEnv(i),
                    resources(sidecar.cpu(), sidecar.memoryGb()), secrets));
        }
        return containers;
    }

    /** An init container or sidecar: the job's volumes mounted in it too; resources null for an init container. */
    private static Map<String, Object> extraContainer(ResolvedJob job, ExtraContainer container,
                                                      Map<String, String> secureEnvParameters,
                                                      Map<String, Object> resources, SecureParameters secrets) {
        List<Map<String, Object>> mounts = volumeMounts(job);
        return ordered("name", container.name(), "properties", ordered(
                "image", container.image(),
                "command", container.commandOrEmpty().isEmpty() ? null : container.commandOrEmpty(),
                "environmentVariables", environmentVariables(container.envOrEmpty(), secureEnvParameters, secrets),
                "resources", resources,
                "volumeMounts", mounts.isEmpty() ? null : mounts));
    }

    private static Map<String, Object> volumeWithoutSecrets(Volume volume) {
        return ordered("name", volume.name(), "mountPath", volume.mountPath(), "readOnly", volume.mountsReadOnly(),
                "kind", volume.kind(),
                "shareName", volume.azureFile() == null ? null : volume.azureFile().shareName(),
                "storageAccountName", volume.azureFile() == null ? null : volume.azureFile().storageAccountName(),
                "secretFiles", volume.secret() == null ? null : List.copyOf(volume.secret().keySet()));
    }

    private static Map<String, Object> initContainerWithoutSecrets(InitContainer init) {
        return ordered("name", init.name(), "image", init.image(), "command", init.commandOrEmpty(),
                "env", init.envOrEmpty(), "secureEnvNames", List.copyOf(init.secureEnvOrEmpty().keySet()));
    }

    private static Map<String, Object> sidecarWithoutSecrets(Sidecar sidecar) {
        return ordered("name", sidecar.name(), "image", sidecar.image(), "command", sidecar.commandOrEmpty(),
                "cpu", sidecar.cpu(), "memoryGb", sidecar.memoryGb(), "env", sidecar.envOrEmpty(),
                "secureEnvNames", List.copyOf(sidecar.secureEnvOrEmpty().keySet()));
    }
}
