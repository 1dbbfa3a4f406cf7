package dev.acidispatch.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acidispatch.job.JobNames;
import dev.acidispatch.job.JsonPaths;
import dev.acidispatch.job.ResolvedJob;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Renders a resolved job into an ARM deployment with its catalog's named template. The result always parses as
 * JSON, holds exactly one container group named {@link ResolvedJob#containerGroupName()} with at least one
 * container, carries the reserved {@code aci-dispatch-*} tags, and keeps secrets out of the template text: every
 * secret (each {@code secureEnv} value of every container, a volume's storage account key, each secret volume file)
 * goes in its own top-level {@code secureString} parameter named by {@link SecureParameters}, and the registry
 * password in {@code registryPassword}; a secret given as a Key Vault reference becomes ARM's parameter reference on
 * that parameter. Never in an object parameter: ARM evaluates strings nested in object values as expressions
 * (Azure/bicep#9173). Thread-safe.
 */
public final class TemplateRenderer {
    public static final String CONTAINER_GROUP_TYPE = "Microsoft.ContainerInstance/containerGroups";
    public static final String SECURE_ENV_PARAMETER_PREFIX = TemplateView.SECURE_ENV_PARAMETER_PREFIX;
    public static final String REGISTRY_PASSWORD_PARAMETER = TemplateView.REGISTRY_PASSWORD_PARAMETER;
    /** The single secureObject that carried all secure env values until secrets moved to top-level parameters. */
    static final String FORMER_SECURE_ENV_PARAMETER = "secureEnv";
    private static final Pattern GENERATED_SECURE_PARAMETER = SecureParameters.GENERATED;
    private static final Pattern FORMER_SECURE_ENV_REFERENCE = Pattern.compile(
            "parameters\\s*\\(\\s*'" + FORMER_SECURE_ENV_PARAMETER + "'\\s*\\)", Pattern.CASE_INSENSITIVE);
    private static final String FORMER_SECURE_ENV_FIX = "secure env values now travel one per top-level secureString "
            + "parameter (" + SECURE_ENV_PARAMETER_PREFIX + "0, " + SECURE_ENV_PARAMETER_PREFIX + "1, ..., declared by "
            + "aci-dispatch), because ARM evaluates strings nested in object parameters as template expressions "
            + "(Azure/bicep#9173) and a secret such as \"[x]\" would fail the deployment or be evaluated. Remove the '"
            + FORMER_SECURE_ENV_PARAMETER + "' parameter and write \"environmentVariables\": "
            + "{{aci.environmentVariables}}, whose secureValue entries reference the new parameters";

    private final TemplateCatalog catalog;
    private final Optional<LogAnalyticsDiagnostics> logAnalytics;

    public TemplateRenderer(TemplateCatalog catalog) {
        this(catalog, Optional.empty());
    }

    /** @param logAnalytics the workspace every group sends its logs to, or empty */
    public TemplateRenderer(TemplateCatalog catalog, Optional<LogAnalyticsDiagnostics> logAnalytics) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.logAnalytics = Objects.requireNonNull(logAnalytics, "logAnalytics");
    }

    public RenderedDeployment render(ResolvedJob job) {
        Objects.requireNonNull(job, "job");
        return render(catalog.template(job.template()), job, logAnalytics);
    }

    static RenderedDeployment render(TemplateCatalog.Template template, ResolvedJob job) {
        return render(template, job, Optional.empty());
    }

    static RenderedDeployment render(TemplateCatalog.Template template, ResolvedJob job,
                                     Optional<LogAnalyticsDiagnostics> logAnalytics) {
        StringWriter out = new StringWriter();
        try {
            template.mustache().execute(out, TemplateView.of(job, TemplateCatalog.DEFAULT_CONTAINER_NAME));
        } catch (RuntimeException e) {
            throw problem(template, "rendering failed: " + e.getMessage());
        }
        JsonNode parsed;
        try {
            parsed = ArmJson.parse(out.toString());
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw problem(template, "rendered text is not valid JSON" + where + " (" + e.getOriginalMessage()
                    + "). Tags render complete JSON values: write \"image\": {{image}} without quotes around the tag, "
                    + "and note that a tag with no value (e.g. a variable the message does not supply) renders nothing");
        }
        if (parsed == null || !parsed.isObject()) {
            throw problem(template, "must render a JSON object (an ARM template), got " + describe(parsed));
        }
        ObjectNode armTemplate = (ObjectNode) parsed;
        ObjectNode group = theContainerGroup(template, armTemplate);
        String name = group.path("name").asText(null);
        if (!job.containerGroupName().equals(name)) {
            throw problem(template, "the container group must be named {{containerGroupName}} (here '"
                    + job.containerGroupName() + "'), got " + group.path("name")
                    + "; status, cleanup and adoption find the group by that name");
        }
        String containerName = firstContainerName(template, group);
        requireOsType(template, group);
        ObjectNode tags = group.has("tags") && group.get("tags").isObject() ? (ObjectNode) group.get("tags")
                : group.putObject("tags");
        TemplateView.tags(job).forEach((k, v) -> {
            if (k.startsWith(JobNames.RESERVED_TAG_PREFIX)) {
                tags.put(k, v);
            }
        });
        refuseFormerSecureEnvReferences(template, armTemplate, JsonPaths.ROOT);
        SecureParameters secrets = SecureParameters.of(job);
        List<String> generated = secrets.generated().stream().map(SecureParameters.Parameter::name).toList();
        String registryPasswordParameter = declareSecureParameters(template, armTemplate, generated);

        ObjectNode body = ArmJson.objectNode();
        ObjectNode properties = body.putObject("properties");
        properties.put("mode", "Incremental");
        properties.set("template", armTemplate);
        ObjectNode parameters = properties.putObject("parameters");
        secrets.generated().forEach(parameter -> parameter.writeValue(parameters));
        if (secrets.registryPassword().isPresent()) {
            // Written under the name the template declared (ARM parameter names are case-insensitive).
            ObjectNode holder = ArmJson.objectNode();
            secrets.registryPassword().get().writeValue(holder);
            parameters.set(registryPasswordParameter, holder.get(REGISTRY_PASSWORD_PARAMETER));
        } else {
            parameters.putObject(registryPasswordParameter).put("value", "");
        }
        logAnalytics.ifPresent(workspace -> {
            if (armTemplate.path("parameters").has(LogAnalyticsDiagnostics.KEY_PARAMETER)) {
                throw problem(template, "declares the parameter '" + LogAnalyticsDiagnostics.KEY_PARAMETER
                        + "', which aci-dispatch declares itself for DISPATCH_LOG_ANALYTICS_WORKSPACE_KEY; rename it");
            }
            workspace.apply(armTemplate, group, parameters);
        });
        return new RenderedDeployment(job.deploymentName(), job.resourceGroup(), job.containerGroupName(),
                containerName, ArmJson.write(body));
    }

    private static ObjectNode theContainerGroup(TemplateCatalog.Template template, ObjectNode armTemplate) {
        JsonNode resources = armTemplate.get("resources");
        if (resources == null || !resources.isArray()) {
            throw problem(template, "needs a \"resources\" array holding one " + CONTAINER_GROUP_TYPE);
        }
        List<JsonNode> groups = new ArrayList<>();
        resources.forEach(r -> {
            if (CONTAINER_GROUP_TYPE.toLowerCase(Locale.ROOT).equals(r.path("type").asText("").toLowerCase(Locale.ROOT))) {
                groups.add(r);
            }
        });
        if (groups.size() != 1 || !groups.get(0).isObject()) {
            throw problem(template, "must declare exactly one resource of type " + CONTAINER_GROUP_TYPE + ", found "
                    + groups.size());
        }
        return (ObjectNode) groups.get(0);
    }

    private static String firstContainerName(TemplateCatalog.Template template, ObjectNode group) {
        JsonNode containers = group.path("properties").path("containers");
        if (!(containers instanceof ArrayNode) || containers.isEmpty()) {
            throw problem(template, "the container group needs at least one container in properties.containers");
        }
        JsonNode name = containers.get(0).path("name");
        if (!name.isTextual() || name.asText().isEmpty() || name.asText().startsWith("[")) {
            throw problem(template, "the first container needs a literal name (e.g. \"job\"): logs are read from it");
        }
        return name.asText();
    }

    /**
     * ACI requires {@code properties.osType} (containerInstance.json 2023-05-01: required [containers, osType]) and
     * refuses a group without it ({@code InvalidOsType}, Azure/azure-cli#30439): caught at start-up, not per job.
     */
    private static void requireOsType(TemplateCatalog.Template template, ObjectNode group) {
        JsonNode osType = group.path("properties").path("osType");
        String value = osType.asText("");
        if (!osType.isTextual() || !(value.equals("Linux") || value.equals("Windows") || value.startsWith("["))) {
            throw problem(template, "the container group needs properties.osType \"Linux\" or \"Windows\" "
                    + "(got " + (osType.isMissingNode() ? "none" : osType.toString()) + "): ACI refuses a group "
                    + "without it (InvalidOsType)");
        }
    }

    /**
     * Declares one secureString per generated secret parameter and, if the template left it out,
     * {@code registryPassword}; refuses a non-secure registryPassword, declarations of the generated names, and the
     * former secureObject. Returns the registry password parameter's name as declared (ARM parameter names are
     * case-insensitive).
     */
    private static String declareSecureParameters(TemplateCatalog.Template template, ObjectNode armTemplate,
                                                  Collection<String> generatedParameters) {
        JsonNode existing = armTemplate.get("parameters");
        if (existing != null && !existing.isObject()) {
            throw problem(template, "\"parameters\" must be an object");
        }
        ObjectNode parameters = existing == null ? armTemplate.putObject("parameters") : (ObjectNode) existing;
        String registryPassword = REGISTRY_PASSWORD_PARAMETER;
        for (Iterator<Map.Entry<String, JsonNode>> it = parameters.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> declared = it.next();
            String name = declared.getKey();
            if (name.equalsIgnoreCase(FORMER_SECURE_ENV_PARAMETER)) {
                throw problem(template, "declares parameter '" + name + "', the secureObject that used to carry "
                        + "secureEnv values: " + FORMER_SECURE_ENV_FIX);
            }
            if (GENERATED_SECURE_PARAMETER.matcher(name).matches()) {
                throw problem(template, "declares parameter '" + name + "', but names " + SECURE_ENV_PARAMETER_PREFIX
                        + "<n>, initContainer<i>SecureEnv<n>, sidecar<i>SecureEnv<n>, volume<i>StorageAccountKey and "
                        + "volume<i>SecretFile<n> are reserved: aci-dispatch declares one per secret; rename the "
                        + "parameter");
            }
            if (name.equalsIgnoreCase(REGISTRY_PASSWORD_PARAMETER)) {
                if (!"secureString".equalsIgnoreCase(declared.getValue().path("type").asText())) {
                    throw problem(template, "parameter '" + name + "' must have type secureString (it carries "
                            + "secrets), got " + declared.getValue().path("type"));
                }
                registryPassword = name;
            }
        }
        if (!parameters.has(registryPassword)) {
            parameters.putObject(registryPassword).put("type", "secureString").put("defaultValue", "");
        }
        generatedParameters.forEach(name -> parameters.putObject(name).put("type", "secureString"));
        return registryPassword;
    }

    /** A template still written for the former secureObject fails at load, naming where and how to fix it. */
    private static void refuseFormerSecureEnvReferences(TemplateCatalog.Template template, JsonNode node, String path) {
        if (node == null) {
            return;
        }
        if (node.isTextual()) {
            String text = node.asText();
            if (ArmJson.isExpressionShaped(text) && !text.startsWith("[[")
                    && FORMER_SECURE_ENV_REFERENCE.matcher(text).find()) {
                throw problem(template, "uses parameters('" + FORMER_SECURE_ENV_PARAMETER + "') at " + path + ": "
                        + FORMER_SECURE_ENV_FIX);
            }
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> refuseFormerSecureEnvReferences(template, e.getValue(),
                    JsonPaths.child(path, e.getKey())));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                refuseFormerSecureEnvReferences(template, node.get(i), JsonPaths.index(path, i));
            }
        }
    }

    private static String describe(JsonNode node) {
        return node == null ? "nothing" : node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static InvalidTemplateException problem(TemplateCatalog.Template template, String problem) {
        return new InvalidTemplateException(template.name(), template.source(), problem);
    }
}
