package dev.acidispatch.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Locale;
import java.util.Objects;

/**
 * An ARM deployment ready to PUT: {@code body()} is the exact request body
 * ({@code {"properties":{"mode":"Incremental","template":{...},"parameters":{...}}}}). The body carries secure
 * parameter values (that is how they reach ARM without entering the template); {@link #toString()} and
 * {@link #preview(boolean) preview(false)} do not.
 */
public record RenderedDeployment(
        String deploymentName,
        String resourceGroup,
        String containerGroupName,
        String containerName,
        String body) {

    public static final String MASK = "***";

    public RenderedDeployment {
        Objects.requireNonNull(deploymentName, "deploymentName");
        Objects.requireNonNull(resourceGroup, "resourceGroup");
        Objects.requireNonNull(containerGroupName, "containerGroupName");
        Objects.requireNonNull(containerName, "containerName");
        Objects.requireNonNull(body, "body");
    }

    /**
     * The body as indented JSON for people. Values of parameters the template declares secureString/secureObject
     * are replaced by {@value #MASK} unless {@code showSecrets}. A Key Vault reference is shown as it is: it names a
     * secret, it is not one.
     */
    public String preview(boolean showSecrets) {
        JsonNode tree;
        try {
            tree = ArmJson.parse(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The rendered body is always JSON", e);
        }
        if (!showSecrets) {
            JsonNode declared = tree.path("properties").path("template").path("parameters");
            JsonNode values = tree.path("properties").path("parameters");
            declared.fieldNames().forEachRemaining(name -> {
                String type = declared.path(name).path("type").asText("").toLowerCase(Locale.ROOT);
                if (type.startsWith("secure") && values.path(name).has("value")) {
                    ((ObjectNode) values.get(name)).set("value", TextNode.valueOf(MASK));
                }
            });
        }
        return ArmJson.writePretty(tree);
    }

    @Override
    public String toString() {
        return "RenderedDeployment[deploymentName=" + deploymentName + ", resourceGroup=" + resourceGroup
                + ", containerGroupName=" + containerGroupName + ", containerName=" + containerName
                + ", body=" + body.length() + " chars]";
    }
}
