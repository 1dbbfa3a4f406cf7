package dev.acidispatch.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads the function.json files that `mvn package` generated and checks every trigger and binding: a wrong queue
 * name, route or auth level here would deploy silently and break in Azure.
 */
class FunctionJsonIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Path appDir = Path.of(System.getProperty("functionsAppDir", "target/azure-functions/aci-dispatch-app"));

    private JsonNode function(String name) throws IOException {
        Path file = appDir.resolve(name).resolve("function.json");
        assertTrue(Files.isRegularFile(file), "missing " + file);
        return MAPPER.readTree(file.toFile());
    }

    private static JsonNode binding(JsonNode function, String type) {
        for (JsonNode b : function.get("bindings")) {
            if (type.equals(b.get("type").asText())) {
                return b;
            }
        }
        throw new AssertionError("no binding of type " + type + " in " + function);
    }

    @Test
    void exactlyTheExpectedFunctionsArePackaged() throws IOException {
        Set<String> found = new TreeSet<>();
        try (Stream<Path> dirs = Files.list(appDir)) {
            dirs.filter(d -> Files.isRegularFile(d.resolve("function.json")))
                    .forEach(d -> found.add(d.getFileName().toString()));
        }
        assertEquals(new TreeSet<>(List.of("DispatchJob", "WatchJob", "CheckGroup", "CaptureLogs", "Cleanup",
                "FinishCleanup", "RecordResult", "DeferAgain", "ScheduleRetry", "StartAttempt", "SubmitJob", "ListJobs",
                "GetJob", "GetJobLogs", "CancelJob", "Dashboard", "GetOpenApi", "PollWork")), found);
        assertTrue(Files.isRegularFile(appDir.resolve("host.json")), "host.json is packaged");
    }

    @Test
    void dispatcherIsTriggeredByTheJobsQueueOnTheRuntimeStorageConnection() throws IOException {
        JsonNode dispatch = function("DispatchJob");
        JsonNode trigger = binding(dispatch, "queueTrigger");
        assertEquals("jobs", trigger.get("queueName").asText());
        assertEquals("AzureWebJobsStorage", trigger.get("connection").asText());
        assertEquals("in", trigger.get("direction").asText());
        // Raw bytes: invalid UTF-8 must reach the validator, not be replaced on the way.
        assertEquals("binary", trigger.get("dataType").asText());
        binding(dispatch, "durableClient");
        assertTrue(dispatch.get("entryPoint").asText().startsWith("dev.acidispatch.functions."));
    }

    @Test
    void watcherIsAnOrchestrationAndItsStepsAreActivities() throws IOException {
        binding(function("WatchJob"), "orchestrationTrigger");
        for (String activity : List.of("CheckGroup", "CaptureLogs", "Cleanup", "FinishCleanup", "RecordResult",
                "DeferAgain", "ScheduleRetry", "StartAttempt")) {
            binding(function(activity), "activityTrigger");
        }
    }

    @Test
    void everyHttpRouteNeedsAFunctionKey() throws IOException {
        record Route(String function, String method, String route) {
        }
        List<Route> expected = List.of(
                new Route("SubmitJob", "POST", "jobs"),
                new Route("ListJobs", "GET", "jobs"),
                new Route("Dashboard", "GET", "ui"),
                new Route("GetOpenApi", "GET", "openapi.json"),
                new Route("GetJob", "GET", "jobs/{id}"),
                new Route("GetJobLogs", "GET", "jobs/{id}/logs"),
                new Route("CancelJob", "POST", "jobs/{id}/cancel"));
        List<String> problems = new ArrayList<>();
        for (Route r : expected) {
            JsonNode trigger = binding(function(r.function()), "httpTrigger");
            if (!"FUNCTION".equalsIgnoreCase(trigger.get("authLevel").asText())) {
                problems.add(r.function() + " authLevel " + trigger.get("authLevel"));
            }
            if (!r.route().equals(trigger.get("route").asText())) {
                problems.add(r.function() + " route " + trigger.get("route"));
            }
            List<String> methods = new ArrayList<>();
            trigger.get("methods").forEach(m -> methods.add(m.asText().toUpperCase()));
            if (!methods.equals(List.of(r.method()))) {
                problems.add(r.function() + " methods " + methods);
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void pollerRunsOnTheConfiguredSchedule() throws IOException {
        JsonNode timer = binding(function("PollWork"), "timerTrigger");
        assertEquals("%DISPATCH_POLL_SCHEDULE%", timer.get("schedule").asText());
    }
}
