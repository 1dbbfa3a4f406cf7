package dev.acidispatch.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reads a deployment check makes: the caller's permissions on a resource group, the region's ACI usage and limits,
 * and a Function App's host keys, over HTTP as ARM serves them.
 */
class OperatorReadsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUB = "/subscriptions/" + ArmEmulator.DEFAULT_SUBSCRIPTION_ID;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private JsonNode call(ArmEmulator emulator, String method, String path, String body, int expected) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(emulator.endpoint() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, response.statusCode(), response.body());
        return response.body().isEmpty() ? null : JSON.readTree(response.body());
    }

    @Test
    void permissionsListTheRolesThatApplyAtTheResourceGroup() throws Exception {
        RoleDefinition jobs = new RoleDefinition("job operator",
                List.of("Microsoft.ContainerInstance/containerGroups/*", "Microsoft.Resources/deployments/*"),
                List.of("Microsoft.ContainerInstance/containerGroups/delete"));
        RoleDefinition reader = new RoleDefinition("Reader", List.of("*/read"), List.of());
        try (ArmEmulator emulator = ArmEmulator.builder().authorization(Authorization.of("app-identity", List.of(
                new RoleAssignment(jobs, SUB + "/resourceGroups/jobs-rg"),
                new RoleAssignment(reader, SUB)))).start()) {
            JsonNode permissions = call(emulator, "GET", SUB + "/resourceGroups/jobs-rg/providers/"
                    + "Microsoft.Authorization/permissions?api-version=2022-04-01", null, 200);
            List<String> actions = new ArrayList<>();
            permissions.path("value").forEach(p -> p.path("actions").forEach(a -> actions.add(a.asText())));
            assertEquals(List.of("Microsoft.ContainerInstance/containerGroups/*", "Microsoft.Resources/deployments/*",
                    "*/read"), actions);
            assertEquals("Microsoft.ContainerInstance/containerGroups/delete",
                    permissions.path("value").get(0).path("notActions").get(0).asText());

            JsonNode elsewhere = call(emulator, "GET", SUB + "/resourceGroups/other-rg/providers/"
                    + "Microsoft.Authorization/permissions?api-version=2022-04-01", null, 200);
            assertEquals(1, elsewhere.path("value").size(), "only the subscription-wide Reader applies there");
            assertEquals(Route.PERMISSIONS_LIST, emulator.requestLog().entries().get(0).route());
        }
    }

    @Test
    void usagesCountTheRegionsGroupsAndRunningCores() throws Exception {
        try (ArmEmulator emulator = ArmEmulator.builder().location("westeurope")
                .quotas(Quotas.aciDefaults().withMaxGroups(10).withMaxCores(8))
                .defaultScript(ContainerScript.builder().runDuration(Duration.ofHours(1)).build()).start()) {
            String usages = SUB + "/providers/Microsoft.ContainerInstance/locations/westeurope/usages?api-version=2023-05-01";
            assertEquals(Map.of("ContainerGroups", List.of(0L, 10L), "StandardCores", List.of(0L, 8L)),
                    usage(call(emulator, "GET", usages, null, 200)));

            String deployment = "{\"properties\":{\"mode\":\"Incremental\",\"template\":{\"resources\":[{"
                    + "\"type\":\"Microsoft.ContainerInstance/containerGroups\",\"apiVersion\":\"2023-05-01\","
                    + "\"name\":\"busy\",\"location\":\"westeurope\",\"properties\":{\"osType\":\"Linux\","
                    + "\"containers\":[{\"name\":\"job\",\"properties\":{\"image\":\"busybox\",\"resources\":"
                    + "{\"requests\":{\"cpu\":2,\"memoryInGB\":1}}}}]}}]}}}";
            call(emulator, "PUT", SUB + "/resourceGroups/jobs-rg/providers/Microsoft.Resources/deployments/busy"
                    + "?api-version=2025-04-01", deployment, 201);

            JsonNode after = call(emulator, "GET", usages, null, 200);
            assertEquals(Map.of("ContainerGroups", List.of(1L, 10L), "StandardCores", List.of(2L, 8L)), usage(after));
            assertEquals("Count", after.path("value").get(0).path("unit").asText());
            assertEquals("Container Groups", after.path("value").get(0).path("name").path("localizedValue").asText());
            assertEquals(Map.of("ContainerGroups", List.of(0L, 10L), "StandardCores", List.of(0L, 8L)),
                    usage(call(emulator, "GET", usages.replace("westeurope", "eastus"), null, 200)), "another region");
        }
    }

    @Test
    void listKeysNamesTheFunctionKeysOfAnApp() throws Exception {
        try (ArmEmulator emulator = ArmEmulator.builder().start()) {
            String listKeys = SUB + "/resourceGroups/app-rg/providers/Microsoft.Web/sites/my-app/host/default/listkeys"
                    + "?api-version=2024-04-01";
            call(emulator, "POST", listKeys, null, 404);
            emulator.functionApp("app-rg", "my-app", true);
            JsonNode keys = call(emulator, "POST", listKeys, null, 200);
            assertTrue(keys.path("functionKeys").has("default"), keys.toString());
            assertTrue(keys.path("masterKey").isTextual());
            emulator.functionAppKeys("app-rg", "my-app", Map.of());
            assertEquals(0, call(emulator, "POST", listKeys, null, 200).path("functionKeys").size());
        }
    }

    private static Map<String, List<Long>> usage(JsonNode body) {
        Map<String, List<Long>> usage = new java.util.TreeMap<>();
        body.path("value").forEach(u -> usage.put(u.path("name").path("value").asText(),
                List.of(u.path("currentValue").asLong(), u.path("limit").asLong())));
        return usage;
    }
}
