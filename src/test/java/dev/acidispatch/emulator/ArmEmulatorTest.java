package dev.acidispatch.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acidispatch.arm.ArmClientOptions;
import dev.acidispatch.arm.ArmConnection;
import dev.acidispatch.arm.AzureContainerGroups;
import dev.acidispatch.arm.ContainerGroups;
import dev.acidispatch.arm.GroupStatus;
import dev.acidispatch.emulator.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The emulator's wire behaviour (raw HTTP) and its response shapes against the spec examples. */
class ArmEmulatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RG_PATH = "/subscriptions/" + ArmEmulator.DEFAULT_SUBSCRIPTION_ID
            + "/resourceGroups/jobs-rg";
    private final VirtualClock clock = VirtualClock.startingAt("2026-11-23T00:00:00Z");
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private ArmEmulator emulator;

    @AfterEach
    void close() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = ArmEmulatorTest.class.getResourceAsStream("/arm-specs/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private HttpResponse<String> send(String method, String pathAndQuery, String body) throws Exception {
        URI uri = pathAndQuery.startsWith("http") ? URI.create(pathAndQuery)
                : URI.create(emulator.endpoint() + pathAndQuery);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void startDefault() {
        emulator = ArmEmulator.builder().clock(clock).defaultScript(ContainerScript.builder()
                .provisioningDelay(Duration.ofSeconds(20)).runDuration(Duration.ofMinutes(5)).build()).start();
    }

    private String deploy(String group) throws Exception {
        String body = fixture("job-template-body.json").replace("GROUP_NAME", group);
        HttpResponse<String> put = send("PUT", RG_PATH + "/providers/Microsoft.Resources/deployments/dep-" + group
                + "?api-version=2025-04-01", body);
        assertEquals(201, put.statusCode(), put.body());
        return put.headers().firstValue("Azure-AsyncOperation").orElseThrow();
    }

    @Test
    void deploymentPutAnswersAcceptedWithAnAbsoluteAsyncOperationToPoll() throws Exception {
        startDefault();
        String operation = deploy("job-a");

        assertTrue(operation.startsWith(emulator.endpoint().toString()), operation);
        assertEquals("Running", JSON.readTree(send("GET", operation, null).body()).path("status").asText());
        clock.advance(Duration.ofSeconds(21));
        assertEquals("Succeeded", JSON.readTree(send("GET", operation, null).body()).path("status").asText());
        assertEquals(2, emulator.requestLog().count(Route.OPERATION_POLL));
    }

    @Test
    void deploymentDeleteIsAcceptedWithLocationThenDone() throws Exception {
        startDefault();
        deploy("job-d");
        clock.advance(Duration.ofSeconds(21)); // ARM refuses to delete a deployment that still runs
        HttpResponse<String> delete = send("DELETE", RG_PATH + "/providers/Microsoft.Resources/deployments/dep-job-d"
                + "?api-version=2025-04-01", null);
        assertEquals(202, delete.statusCode());
        String location = delete.headers().firstValue("Location").orElseThrow();
        assertEquals(204, send("GET", location, null).statusCode());
        assertEquals(204, send("DELETE", RG_PATH + "/providers/Microsoft.Resources/deployments/dep-job-d"
                + "?api-version=2025-04-01", null).statusCode());
        assertEquals(1, emulator.groups().size(), "deleting a deployment keeps its resources, as in ARM");
    }

    @Test
    void requestsWithoutApiVersionAreRejectedAndUnknownRoutesAre404() throws Exception {
        startDefault();
        HttpResponse<String> noVersion = send("GET", RG_PATH
                + "/providers/Microsoft.ContainerInstance/containerGroups/x", null);
        assertEquals(400, noVersion.statusCode());
        assertEquals("MissingApiVersionParameter", JSON.readTree(noVersion.body()).path("error").path("code").asText());
        assertEquals(404, send("GET", RG_PATH + "/providers/Microsoft.Compute/virtualMachines/x?api-version=1",
                null).statusCode());
        HttpResponse<String> missing = send("GET", RG_PATH
                + "/providers/Microsoft.ContainerInstance/containerGroups/x?api-version=2023-05-01", null);
        assertEquals(404, missing.statusCode());
        assertEquals("ResourceNotFound", JSON.readTree(missing.body()).path("error").path("code").asText());
    }

    @Test
    void secretsAreNeverEchoed() throws Exception {
        startDefault();
        deploy("job-s");
        String group = send("GET", RG_PATH + "/providers/Microsoft.ContainerInstance/containerGroups/job-s"
                + "?api-version=2023-05-01", null).body();
        String deployment = send("GET", RG_PATH + "/providers/Microsoft.Resources/deployments/dep-job-s"
                + "?api-version=2025-04-01", null).body();
        assertFalse(group.contains("s3cr3t-value"), group);
        assertFalse(deployment.contains("s3cr3t-value"), deployment);
        assertTrue(group.contains("DB_PASSWORD"), "the variable name is still listed");
    }

    @Test
    void groupResponsesHaveTheShapeOfTheSpecExamples() throws Exception {
        startDefault();
        deploy("job-shape");
        clock.advance(Duration.ofSeconds(30));
        JsonNode emulated = JSON.readTree(send("GET", RG_PATH + "/providers/Microsoft.ContainerInstance/"
                + "containerGroups/job-shape?api-version=2023-05-01", null).body());
        JsonNode spec = JSON.readTree(fixture("ContainerGroups_Get_Container_Groups_Get_Failed.json"))
                .path("responses").path("200").path("body");
        List<String> paths = List.of("id", "name", "type", "location", "properties.provisioningState",
                "properties.osType", "properties.containers[].name", "properties.containers[].properties.image",
                "properties.containers[].properties.command[]",
                "properties.containers[].properties.resources.requests.cpu",
                "properties.containers[].properties.resources.requests.memoryInGB",
                "properties.containers[].properties.instanceView.restartCount",
                "properties.containers[].properties.instanceView.currentState.state",
                "properties.containers[].properties.instanceView.currentState.startTime",
                "properties.containers[].properties.instanceView.currentState.detailStatus",
                "properties.containers[].properties.instanceView.events[].name",
                "properties.containers[].properties.instanceView.events[].type",
                "properties.containers[].properties.instanceView.events[].count",
                "properties.containers[].properties.instanceView.events[].lastTimestamp",
                "properties.containers[].properties.instanceView.events[].message",
                "properties.instanceView.state", "properties.instanceView.events");
        Set<String> specShape = shape(spec);
        Set<String> emulatedShape = shape(emulated);
        for (String path : paths) {
            // Every path is in the spec example (so the list is honest) and typed alike in the emulator.
            String inSpec = specShape.stream().filter(s -> s.startsWith(path + ":")).findFirst().orElse(null);
            assertTrue(inSpec != null || path.endsWith("command[]"), "spec lacks " + path);
            if (inSpec != null) {
                assertTrue(emulatedShape.contains(inSpec), "emulator lacks " + inSpec + " in " + emulatedShape);
            }
        }
        JsonNode list = JSON.readTree(send("GET", RG_PATH + "/providers/Microsoft.ContainerInstance/containerGroups"
                + "?api-version=2023-05-01", null).body());
        assertTrue(list.path("value").get(0).path("properties").path("containers").get(0).path("properties")
                .path("instanceView").isMissingNode(), "lists omit the instance view");
        assertTrue(list.path("value").get(0).path("properties").path("instanceView").isMissingNode());
    }

    @Test
    void deploymentResponsesHaveTheShapeOfTheSpecExample() throws Exception {
        startDefault();
        deploy("job-dep");
        clock.advance(Duration.ofMinutes(1));
        JsonNode emulated = JSON.readTree(send("GET", RG_PATH + "/providers/Microsoft.Resources/deployments/"
                + "dep-job-dep?api-version=2025-04-01", null).body());
        JsonNode spec = JSON.readTree(fixture("PutDeploymentResourceGroup.json")).path("responses").path("200")
                .path("body");
        Set<String> emulatedShape = shape(emulated);
        for (String path : List.of("id", "name", "type", "properties.provisioningState", "properties.timestamp",
                "properties.duration", "properties.correlationId", "properties.mode", "properties.outputResources[].id",
                "properties.providers[].namespace", "properties.templateHash")) {
            String inSpec = shape(spec).stream().filter(s -> s.startsWith(path + ":")).findFirst().orElseThrow();
            assertTrue(emulatedShape.contains(inSpec), "emulator lacks " + inSpec);
        }
    }

    @Test
    void logsTailKeepsTheLastLines() {
        assertEquals("c\nd\n", ArmEmulator.tail("a\nb\nc\nd\n", 2));
        assertEquals("a\nb", ArmEmulator.tail("a\nb", 5));
        assertEquals("", ArmEmulator.tail("a\nb", 0));
    }

    @Test
    void sandboxRunsTheCommandLocallyAndReportsItsExitCodeAndOutput() throws Exception {
        emulator = ArmEmulator.builder().sandbox(true).start();
        ContainerGroups arm = new AzureContainerGroups(ArmConnection.unauthenticated(emulator.subscriptionId(),
                emulator.endpoint()), ArmClientOptions.defaults());
        String body = fixture("job-template-body.json").replace("GROUP_NAME", "job-local")
                .replace("[\"python\", \"-m\", \"etl\"]", "[\"sh\", \"-c\", \"echo out-$STAGE; echo err >&2; exit 4\"]");
        arm.beginDeployment("jobs-rg", "dep-local", body);

        GroupStatus status = awaitTerminal(arm, "job-local");
        assertEquals(4, status.exitCode().orElseThrow());
        assertEquals("Failed", status.instanceState().orElseThrow());
        String logs = arm.logs("jobs-rg", "job-local", "job-job-local", 100);
        assertTrue(logs.contains("out-prod") && logs.contains("err"), logs);
        assertTrue(arm.getDeployment("jobs-rg", "dep-local").orElseThrow().isSucceeded());
    }

    @Test
    void sandboxStopKillsTheProcess() throws Exception {
        emulator = ArmEmulator.builder().sandbox(true).start();
        ContainerGroups arm = new AzureContainerGroups(ArmConnection.unauthenticated(emulator.subscriptionId(),
                emulator.endpoint()), ArmClientOptions.defaults());
        String body = fixture("job-template-body.json").replace("GROUP_NAME", "job-sleep")
                .replace("[\"python\", \"-m\", \"etl\"]", "[\"sleep\", \"60\"]");
        arm.beginDeployment("jobs-rg", "dep-sleep", body);
        assertTrue(arm.getGroup("jobs-rg", "job-sleep").orElseThrow().firstContainer().orElseThrow().isRunning());

        arm.stop("jobs-rg", "job-sleep");
        GroupStatus stopped = arm.getGroup("jobs-rg", "job-sleep").orElseThrow();
        assertTrue(stopped.isStopped());
        assertTrue(stopped.isTerminal());
        assertEquals(dev.acidispatch.arm.GroupDeletion.IN_PROGRESS, arm.deleteGroup("jobs-rg", "job-sleep"));
    }

    /**
     * The fixture passes its secret as a top-level secureString ({@code [parameters('secret')]}); the former
     * rendering nested it in a secureObject ({@code [parameters('secret').DB_PASSWORD]}). ARM evaluates nested
     * strings as expressions (Azure/bicep#9173), so only the top-level form delivers an expression-shaped secret.
     */
    private static String withSecret(String body, String secret, boolean nestedInSecureObject) {
        String command = "[\"sh\", \"-c\", \"printf '%s' \\\"$DB_PASSWORD\\\"\"]";
        String withCommand = body.replace("[\"python\", \"-m\", \"etl\"]", command);
        String secretJson = JSON.valueToTree(secret).toString();
        if (!nestedInSecureObject) {
            return withCommand.replace("\"s3cr3t-value\"", secretJson);
        }
        return withCommand
                .replace("\"secret\": {\"type\": \"securestring\"}", "\"secret\": {\"type\": \"secureObject\"}")
                .replace("[parameters('secret')]", "[parameters('secret').DB_PASSWORD]")
                .replace("\"s3cr3t-value\"", "{\"DB_PASSWORD\": " + secretJson + "}");
    }

    @Test
    void anExpressionShapedSecretNestedInASecureObjectFailsButATopLevelOneArrivesVerbatim() throws Exception {
        emulator = ArmEmulator.builder().sandbox(true).start();
        ContainerGroups arm = new AzureContainerGroups(ArmConnection.unauthenticated(emulator.subscriptionId(),
                emulator.endpoint()), ArmClientOptions.defaults());
        String fixture = fixture("job-template-body.json");
        List<String> secrets = List.of("[x]", "[reference('x')]", "[\"a\",\"b\"]");
        for (int i = 0; i < secrets.size(); i++) {
            String secret = secrets.get(i);
            HttpResponse<String> nested = send("PUT", RG_PATH + "/providers/Microsoft.Resources/deployments/dep-old-"
                    + i + "?api-version=2025-04-01", withSecret(fixture.replace("GROUP_NAME", "job-old-" + i), secret,
                    true));
            assertEquals(400, nested.statusCode(), nested.body());
            assertEquals("InvalidTemplate", JSON.readTree(nested.body()).at("/error/code").asText(), nested.body());

            String group = "job-new-" + i;
            arm.beginDeployment("jobs-rg", "dep-new-" + i, withSecret(fixture.replace("GROUP_NAME", group), secret,
                    false));
            assertEquals(0, awaitTerminal(arm, group).exitCode().orElseThrow());
            assertEquals(secret, arm.logs("jobs-rg", group, "job-" + group, 100), "the process saw the value verbatim");
        }
        // A nested value that is a valid expression is evaluated, not passed through.
        arm.beginDeployment("jobs-rg", "dep-eval", withSecret(fixture.replace("GROUP_NAME", "job-eval"),
                "[resourceGroup().name]", true));
        awaitTerminal(arm, "job-eval");
        assertEquals("jobs-rg", arm.logs("jobs-rg", "job-eval", "job-job-eval", 100));
    }

    @Test
    void sandboxWithoutACommandFailsProvisioningWithAClearReason() throws Exception {
        emulator = ArmEmulator.builder().sandbox(true).start();
        ContainerGroups arm = new AzureContainerGroups(ArmConnection.unauthenticated(emulator.subscriptionId(),
                emulator.endpoint()), ArmClientOptions.defaults());
        String body = fixture("job-template-body.json").replace("GROUP_NAME", "job-nocmd")
                .replace("[\"python\", \"-m\", \"etl\"]", "[]");
        arm.beginDeployment("jobs-rg", "dep-nocmd", body);

        var deployment = arm.getDeployment("jobs-rg", "dep-nocmd").orElseThrow();
        assertEquals("Failed", deployment.provisioningState());
        assertTrue(deployment.error().orElseThrow().summary().contains("has no command"),
                deployment.error().orElseThrow().summary());
    }

    private static GroupStatus awaitTerminal(ContainerGroups arm, String group) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            GroupStatus status = arm.getGroup("jobs-rg", group).orElseThrow();
            if (status.isTerminal()) {
                return status;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("group " + group + " did not terminate");
    }

    /** Every leaf path with its JSON type, arrays as {@code []}: {@code properties.containers[].name:STRING}. */
    private static Set<String> shape(JsonNode node) {
        Set<String> paths = new TreeSet<>();
        collect(node, "", paths);
        return paths;
    }

    private static void collect(JsonNode node, String prefix, Set<String> paths) {
        if (node.isObject()) {
            if (!prefix.isEmpty()) {
                paths.add(prefix + ":OBJECT");
            }
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                collect(node.get(name), prefix.isEmpty() ? name : prefix + "." + name, paths);
            }
        } else if (node.isArray()) {
            paths.add(prefix + ":ARRAY");
            node.forEach(element -> collect(element, prefix + "[]", paths));
        } else {
            paths.add(prefix + ":" + (node.isNumber() ? "NUMBER" : node.getNodeType()));
        }
    }
}
