package dev.acidispatch.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acidispatch.dispatch.DispatchOutcome;
import dev.acidispatch.job.JobNames;
import dev.acidispatch.job.JobStatus;
import dev.acidispatch.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Values that look like syntax (mustache tags, ARM expressions, JSON quotes, backslashes, shell metacharacters,
 * non-ASCII) are valid in env values and command arguments: they must reach the container byte for byte, neither
 * rejected nor interpreted by the renderer, by ARM's expression evaluation or by JSON escaping.
 */
@ExtendWith(Tally.class)
class StrangeButValidInputTest {
    static final List<String> STRANGE = List.of(
            "héllo wörld ✓ 日本語 🚀 Ωμέγα",
            "say \"hi\" and 'bye'",
            "C:\\temp\\new\\table \\\\server\\share\\",
            "[brackets]",
            "[concat('x')]",
            "[[already doubled]",
            "[parameters('secureEnv')]",
            "{{x}}",
            "{{{x}}}",
            "}}{{#list}}{{/list}}",
            "{{! comment }}{{>partial}}",
            "$HOME ${PATH} `id` $(id) ; rm -rf / &&",
            "<script>alert(1)</script> &amp; &#x27;",
            "%s %d %n %%",
            "tab\there",
            "line\u2028sep\u2029para",
            "{\"json\": [1, 2]}");

    private static Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < STRANGE.size(); i++) {
            env.put("W" + i, STRANGE.get(i));
        }
        return env;
    }

    /** printf each env value, then each argument, one per line: the container's output is the input. */
    private static String message(String jobId) {
        List<String> command = new ArrayList<>(List.of("sh", "-c"));
        StringBuilder script = new StringBuilder("printf '%s\\n'");
        for (int i = 0; i < STRANGE.size(); i++) {
            script.append(" \"$W").append(i).append('"');
        }
        script.append(" \"$@\"");
        command.add(script.toString());
        command.add("sh");
        command.addAll(STRANGE);
        ObjectNode message = Json.MAPPER.createObjectNode();
        message.put("jobId", jobId);
        message.put("image", "busybox:1.36");
        message.set("command", Json.MAPPER.valueToTree(command));
        message.set("env", Json.MAPPER.valueToTree(env()));
        message.putObject("secureEnv").put("SECRET_W", "[parameters('x')] {{y}} \"z\"");
        return Json.write(message);
    }

    private static String expectedOutput() {
        StringBuilder out = new StringBuilder();
        STRANGE.forEach(v -> out.append(v).append('\n'));
        STRANGE.forEach(v -> out.append(v).append('\n'));
        return out.toString();
    }

    @Test
    void strangeValuesReachARealProcessUnchanged() {
        try (ReliabilityHarness h = ReliabilityHarness.builder().sandboxRealTime().build()) {
            DispatchOutcome outcome = h.stack.dispatch(message("strange-sandbox"));
            assertEquals(DispatchOutcome.Kind.DISPATCHED, outcome.kind(), outcome.toString());
            h.awaitWatcher("strange-sandbox");
            h.assertSettled("strange-sandbox", JobStatus.SUCCEEDED);
            assertEquals(expectedOutput(), h.stack.logs().get("strange-sandbox").orElseThrow());
        }
    }

    @Test
    void theDeployedGroupCarriesTheValuesAsArmEvaluatesThem() throws IOException, InterruptedException {
        try (ReliabilityHarness h = ReliabilityHarness.create()) {
            String message = message("strange-arm");
            h.stack.dispatch(message);
            JsonNode group = get(h, "/subscriptions/" + h.emulator.subscriptionId() + "/resourceGroups/"
                    + ReliabilityHarness.RESOURCE_GROUP + "/providers/Microsoft.ContainerInstance/containerGroups/"
                    + JobNames.containerGroupName("strange-arm") + "?api-version=2023-05-01");
            JsonNode container = group.path("properties").path("containers").get(0).path("properties");

            Map<String, String> seenEnv = new LinkedHashMap<>();
            for (JsonNode variable : container.path("environmentVariables")) {
                if (variable.has("value")) {
                    seenEnv.put(variable.path("name").asText(), variable.path("value").asText());
                }
            }
            assertEquals(env(), seenEnv, "env values as ARM evaluated them");
            List<String> seenCommand = new ArrayList<>();
            container.path("command").forEach(c -> seenCommand.add(c.asText()));
            assertEquals(Json.read(message, JsonNode.class).path("command").toString(),
                    Json.MAPPER.valueToTree(seenCommand).toString(), "command as ARM evaluated it");
            assertFalse(group.toString().contains("{{y}}"), "the secure value is not echoed by the group GET");

            h.awaitWatcher("strange-arm");
            h.assertSettled("strange-arm", JobStatus.SUCCEEDED);
        }
    }

    private static JsonNode get(ReliabilityHarness h, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(h.emulator.endpoint() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(200, response.statusCode(), response.body());
        return Json.read(response.body(), JsonNode.class);
    }
}
