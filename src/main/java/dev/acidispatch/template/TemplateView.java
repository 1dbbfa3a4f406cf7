package dev.acidispatch.template;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.acidispatch.job.JobMessage;
import dev.acidispatch.job.JobNames;
import dev.acidispatch.job.ResolvedJob;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The data a template sees. Raw job fields under their message names, plus ready-made ACI fragments under
 * {@code aci.*} and {@code has*} flags for optional blocks. Secret values are not in the view at all: secure
 * environment variables and the registry password appear only as references to secure deployment parameters, one
 * top-level {@code secureString} each ({@link #secureEnvParameters}).
 */
final class TemplateView {
    /** Secure env values travel in parameters {@code secureEnv0}, {@code secureEnv1}, ... */
    static final String SECURE_ENV_PARAMETER_PREFIX = "secureEnv";
    static final String REGISTRY_PASSWORD_PARAMETER = "registryPassword";
    private static final ObjectMapper CONVERTER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private TemplateView() {
    }

    static Map<String, Object> of(ResolvedJob job, String suggestedContainerName) {
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
        view.put("template", job.template());
        view.put("variables", CONVERTER.convertValue(job.variables(), Map.class));

        view.put("hasCommand", !job.command().isEmpty());
        view.put("hasEnvironmentVariables", !job.env().isEmpty() || !job.secureEnv().isEmpty());
        view.put("hasRegistry", job.registry().isPresent());
        List<String> userAssigned = userAssignedIdentities(job);
        view.put("hasIdentity", !userAssigned.isEmpty());
        view.put("hasSubnet", !job.subnetIds().isEmpty());
        view.put("hasDnsServers", !job.dnsServers().isEmpty());

        Map<String, Object> aci = new LinkedHashMap<>();
        aci.put("resources", ordered("requests", requests(job)));
        aci.put("environmentVariables", environmentVariables(job));
        job.registry().ifPresent(registry -> aci.put("imageRegistryCredentials", List.of(credentials(registry))));
        if (!userAssigned.isEmpty()) {
            Map<String, Object> ids = new LinkedHashMap<>();
            userAssigned.forEach(id -> ids.put(id, Map.of()));
            aci.put("identity", ordered("type", "UserAssigned", "userAssignedIdentities", ids));
        }
        aci.put("subnetIds", job.subnetIds().stream().map(id -> ordered("id", id)).toList());
        aci.put("dnsConfig", ordered("nameServers", job.dnsServers()));
        aci.put("tags", tags(job));
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

    /** Maps with a fixed key order, so the same job always renders the same bytes. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static Map<String, Object> requests(ResolvedJob job) {
        Map<String, Object> requests = new LinkedHashMap<>();
        requests.put("cpu", job.cpu());
        requests.put("memoryInGB", job.memoryGb());
        return requests;
    }

    /**
     * Each secure env variable's own parameter name, in the order of the variable names (ordinal, so FOO and foo,
     * which ARM's case-insensitive parameter names could not tell apart, get different numbers): the same job always
     * maps to the same names. Each secret is a top-level secureString because ARM evaluates strings nested inside
     * object parameter values as template expressions (Azure/bicep#9173): inside a secureObject, a secret such as
     * "[x]" would fail the deployment or be evaluated; a top-level string value is passed verbatim.
     */
    static Map<String, String> secureEnvParameters(ResolvedJob job) {
        List<String> names = new ArrayList<>(job.secureEnv().keySet());
        Collections.sort(names);
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            parameters.put(names.get(i), SECURE_ENV_PARAMETER_PREFIX + i);
        }
        return parameters;
    }

    private static List<Map<String, Object>> environmentVariables(ResolvedJob job) {
        List<Map<String, Object>> variables = new ArrayList<>();
        job.env().forEach((name, value) -> variables.add(ordered("name", name, "value", value)));
        secureEnvParameters(job).forEach((name, parameter) -> variables.add(ordered("name", name,
                "secureValue", ArmExpression.parameter(parameter))));
        return variables;
    }

    private static Map<String, Object> registryWithoutPassword(JobMessage.Registry registry) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("server", registry.server());
        if (registry.identity() != null) {
            map.put("identity", registry.identity());
        }
        if (registry.username() != null) {
            map.put("username", registry.username());
        }
        return map;
    }

    private static Map<String, Object> credentials(JobMessage.Registry registry) {
        Map<String, Object> map = registryWithoutPassword(registry);
        if (registry.password() != null) {
            map.put("password", ArmExpression.parameter(REGISTRY_PASSWORD_PARAMETER));
        }
        return map;
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
}
