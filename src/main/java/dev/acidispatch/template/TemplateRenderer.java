package dev.acidispatch.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acidispatch.job.JobNames;
import dev.acidispatch.job.ResolvedJob;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Renders a resolved job into an ARM deployment with its catalog's named template. The result always parses as
 * JSON, holds exactly one container group named {@link ResolvedJob#containerGroupName()} with at least one
 * container, carries the reserved {@code aci-dispatch-*} tags, and keeps secrets out of the template text (they go
 * in the secure parameters {@code secureEnv} and {@code registryPassword}). Thread-safe.
 */
public final class TemplateRenderer {
    public static final String CONTAINER_GROUP_TYPE = "Microsoft.ContainerInstance/containerGroups";
    public static final String SECURE_ENV_PARAMETER = TemplateView.SECURE_ENV_PARAMETER;
    public static final String REGISTRY_PASSWORD_PARAMETER = TemplateView.REGISTRY_PASSWORD_PARAMETER;

    private final TemplateCatalog catalog;

    public TemplateRenderer(TemplateCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    public RenderedDeployment render(ResolvedJob job) {
        Objects.requireNonNull(job, "job");
        return render(catalog.template(job.template()), job);
    }

    static RenderedDeployment render(TemplateCatalog.Template template, ResolvedJob job) {
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
        ObjectNode tags = group.has("tags") && group.get("tags").isObject() ? (ObjectNode) group.get("tags")
                : group.putObject("tags");
        TemplateView.tags(job).forEach((k, v) -> {
            if (k.startsWith(JobNames.RESERVED_TAG_PREFIX)) {
                tags.put(k, v);
            }
        });
        declareSecureParameters(template, armTemplate);

        ObjectNode body = ArmJson.objectNode();
        ObjectNode properties = body.putObject("properties");
        properties.put("mode", "Incremental");
        properties.set("template", armTemplate);
        ObjectNode parameters = properties.putObject("parameters");
        ObjectNode secureEnv = parameters.putObject(SECURE_ENV_PARAMETER).putObject("value");
        job.secureEnv().forEach(secureEnv::put);
        parameters.putObject(REGISTRY_PASSWORD_PARAMETER).put("value",
                job.registry().map(r -> r.password() == null ? "" : r.password()).orElse(""));
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

    /** Adds the secure parameter declarations if the template left them out; refuses non-secure redefinitions. */
    private static void declareSecureParameters(TemplateCatalog.Template template, ObjectNode armTemplate) {
        JsonNode existing = armTemplate.get("parameters");
        if (existing != null && !existing.isObject()) {
            throw problem(template, "\"parameters\" must be an object");
        }
        ObjectNode parameters = existing == null ? armTemplate.putObject("parameters") : (ObjectNode) existing;
        for (Map.Entry<String, String> p : Map.of(SECURE_ENV_PARAMETER, "secureObject",
                REGISTRY_PASSWORD_PARAMETER, "secureString").entrySet()) {
            JsonNode declared = parameters.get(p.getKey());
            if (declared == null) {
                ObjectNode declaration = parameters.putObject(p.getKey());
                declaration.put("type", p.getValue());
                if (p.getValue().equals("secureObject")) {
                    declaration.putObject("defaultValue");
                } else {
                    declaration.put("defaultValue", "");
                }
            } else if (!p.getValue().equalsIgnoreCase(declared.path("type").asText())) {
                throw problem(template, "parameter '" + p.getKey() + "' must have type " + p.getValue()
                        + " (it carries secrets), got " + declared.path("type"));
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
