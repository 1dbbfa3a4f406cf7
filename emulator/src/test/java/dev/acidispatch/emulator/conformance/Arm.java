package dev.acidispatch.emulator.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acidispatch.emulator.ArmEmulator;
import dev.acidispatch.emulator.VirtualClock;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * An emulator on a virtual clock and raw HTTP to it: the conformance suite checks the wire, not a client library.
 */
final class Arm implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SUB = ArmEmulator.DEFAULT_SUBSCRIPTION_ID;
    static final String DEPLOYMENTS_API = "?api-version=2025-04-01";
    static final String ACI_API = "?api-version=2023-05-01";

    final VirtualClock clock = VirtualClock.startingAt("2026-11-23T00:00:00Z");
    final ArmEmulator emulator;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** An answer: status, headers, and the body as JSON (null when there is none). */
    record Answer(int status, HttpResponse<String> raw, JsonNode body) {
        Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }

        String errorCode() {
            return body == null ? "" : body.path("error").path("code").asText();
        }

        String errorMessage() {
            return body == null ? "" : body.path("error").path("message").asText();
        }
    }

    Arm(UnaryOperator<ArmEmulator.Builder> config) {
        emulator = config.apply(ArmEmulator.builder().clock(clock)).start();
    }

    static Arm start() {
        return new Arm(b -> b);
    }

    static Arm start(UnaryOperator<ArmEmulator.Builder> config) {
        return new Arm(config);
    }

    static String rg(String resourceGroup) {
        return "/subscriptions/" + SUB + "/resourceGroups/" + resourceGroup;
    }

    static String deployment(String resourceGroup, String name) {
        return rg(resourceGroup) + "/providers/Microsoft.Resources/deployments/" + name;
    }

    static String group(String resourceGroup, String name) {
        return rg(resourceGroup) + "/providers/Microsoft.ContainerInstance/containerGroups/" + name;
    }

    Answer send(String method, String pathOrUrl, Object body) {
        URI uri = pathOrUrl.startsWith("http") ? URI.create(pathOrUrl) : URI.create(emulator.endpoint() + pathOrUrl);
        try {
            String text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
            HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .method(method, text == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(text)).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body() == null || response.body().isBlank() ? null
                    : JSON.readTree(response.body());
            return new Answer(response.statusCode(), response, json);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Answer get(String path) {
        return send("GET", path, null);
    }

    /** PUTs a deployment of one container group resource. */
    Answer deploy(String resourceGroup, String deploymentName, ObjectNode groupResource) {
        return send("PUT", deployment(resourceGroup, deploymentName) + DEPLOYMENTS_API, body(List.of(groupResource),
                JSON.createObjectNode(), JSON.createObjectNode()));
    }

    Answer getGroup(String resourceGroup, String name) {
        return get(group(resourceGroup, name) + ACI_API);
    }

    Answer getDeployment(String resourceGroup, String name) {
        return get(deployment(resourceGroup, name) + DEPLOYMENTS_API);
    }

    void advance(Duration by) {
        clock.advance(by);
    }

    /** A deployment body: {@code {"properties": {"mode", "template", "parameters"}}}. */
    static ObjectNode body(List<ObjectNode> resources, ObjectNode declaredParameters, ObjectNode parameterValues) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode properties = body.putObject("properties");
        properties.put("mode", "Incremental");
        ObjectNode template = properties.putObject("template");
        template.put("$schema", "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#");
        template.put("contentVersion", "1.0.0.0");
        template.set("parameters", declaredParameters);
        ArrayNode array = template.putArray("resources");
        resources.forEach(array::add);
        properties.set("parameters", parameterValues);
        return body;
    }

    /** A valid container group resource: Linux, restartPolicy Never, one container "main" with 1 core and 1 GB. */
    static ObjectNode groupResource(String name) {
        ObjectNode resource = JSON.createObjectNode();
        resource.put("type", "Microsoft.ContainerInstance/containerGroups");
        resource.put("apiVersion", "2023-05-01");
        resource.put("name", name);
        resource.put("location", "[resourceGroup().location]");
        ObjectNode properties = resource.putObject("properties");
        properties.put("osType", "Linux");
        properties.put("restartPolicy", "Never");
        ObjectNode container = properties.putArray("containers").addObject();
        container.put("name", "main");
        ObjectNode containerProperties = container.putObject("properties");
        containerProperties.put("image", "busybox:1.36");
        containerProperties.putObject("resources").putObject("requests").put("cpu", 1).put("memoryInGB", 1);
        return resource;
    }

    static ObjectNode containerProperties(ObjectNode groupResource) {
        return (ObjectNode) groupResource.path("properties").path("containers").get(0).path("properties");
    }

    static JsonNode instanceView(Answer group) {
        return group.body().path("properties").path("containers").get(0).path("properties").path("instanceView");
    }

    /** The event of that name in a container's instance view, or a missing node. */
    static JsonNode event(Answer group, String name) {
        for (JsonNode event : instanceView(group).path("events")) {
            if (name.equals(event.path("name").asText())) {
                return event;
            }
        }
        return JSON.missingNode();
    }

    @Override
    public void close() {
        emulator.close();
    }
}
