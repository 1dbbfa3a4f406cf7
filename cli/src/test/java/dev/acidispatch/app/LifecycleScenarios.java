package dev.acidispatch.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acidispatch.api.ApiResponse;
import dev.acidispatch.emulator.ContainerScript;
import dev.acidispatch.emulator.RecordedRequest;
import dev.acidispatch.emulator.Route;
import dev.acidispatch.job.AttemptSummary;
import dev.acidispatch.job.JobNames;
import dev.acidispatch.job.JobRecord;
import dev.acidispatch.job.JobStatus;
import dev.acidispatch.json.Json;
import dev.acidispatch.local.host.HostPayloadRules;
import dev.acidispatch.testing.PipelineHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.acidispatch.testing.PipelineHarness.RESOURCE_GROUP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retries, Spot evictions and the detection-latency cap end to end: the DispatchJob function, the WatchJob
 * orchestration with its activities (ScheduleRetry, StartAttempt included) under the host's payload rules, the HTTP
 * status route, the emulator. {@link LifecycleTest} runs them under both activity-input deliveries.
 */
abstract class LifecycleScenarios {
    final PipelineHarness h;

    LifecycleScenarios(HostPayloadRules.ActivityInputDelivery delivery) {
        h = new PipelineHarness(Map.of(), delivery);
    }

    @AfterEach
    void close() {
        h.close();
    }

    private static String message(String jobId, String extra) {
        return """
                {"jobId": "%s", "image": "busybox:1.36", "command": ["sh", "-c", "echo hi"],
                 "secureEnv": {"DB_PASSWORD": "s3cr3t-value"}, %s}
                """.formatted(jobId, extra);
    }

    private void script(String jobId, int attempt, ContainerScript script) {
        h.emulator.script(JobNames.containerGroupName(jobId, attempt), script);
    }

    private static ContainerScript exits(int code, String line) {
        return ContainerScript.builder().provisioningDelay(Duration.ofSeconds(10)).runDuration(Duration.ofMinutes(2))
                .exitCode(code).logLines(line).build();
    }

    @Test
    void aJobThatFailsTwiceThenSucceedsRunsThreeAttemptsEachInItsOwnGroup() {
        script("flaky", 1, exits(1, "first try"));
        script("flaky", 2, exits(1, "second try"));
        script("flaky", 3, exits(0, "third try"));
        h.stack.dispatch(message("flaky", "\"retry\": {\"maxAttempts\": 3, \"backoffSeconds\": 20}"));
        h.awaitWatcher("flaky");

        JobRecord done = h.record("flaky");
        assertEquals(JobStatus.SUCCEEDED, done.status());
        assertEquals(0, done.exitCode());
        assertEquals(3, done.attempt());
        assertEquals(3, done.maxAttempts());
        assertEquals(List.of(1, 1, 0), done.attempts().stream().map(AttemptSummary::exitCode).toList());
        assertEquals(List.of("FAILED", "FAILED", "SUCCEEDED"),
                done.attempts().stream().map(AttemptSummary::outcome).toList());
        assertEquals(3, h.emulator.groupsCreated(), "one group per attempt");
        assertTrue(h.emulator.groups().isEmpty(), "every attempt's group is cleaned up: " + h.emulator.groups());
        // The back-off doubles: 20 s before attempt 2, 40 s before attempt 3.
        assertTrue(done.history().stream().anyMatch(e -> e.contains("attempt 2 (Regular) in 20 s")), done.history().toString());
        assertTrue(done.history().stream().anyMatch(e -> e.contains("attempt 3 (Regular) in 40 s")), done.history().toString());

        String logs = h.stack.logs().get("flaky").orElseThrow();
        int first = logs.indexOf("===== attempt 1 of 3");
        int second = logs.indexOf("===== attempt 2 of 3");
        int third = logs.indexOf("===== attempt 3 of 3");
        assertTrue(first >= 0 && first < second && second < third, logs);
        assertTrue(logs.indexOf("first try") > first && logs.indexOf("second try") > second
                && logs.indexOf("third try") > third, logs);

        JsonNode view = Json.read(h.stack.routes().status("flaky").body(), JsonNode.class);
        assertEquals(3, view.get("attempt").asInt());
        assertEquals(3, view.get("maxAttempts").asInt());
        assertEquals(3, view.get("attempts").size());
        assertEquals(1, view.get("attempts").get(0).get("exitCode").asInt());
        assertTrue(view.get("attempts").get(0).get("reason").asText().contains("exited with code 1"));

        List<String> results = h.stack.resultQueue().peek(32);
        assertEquals(1, results.size(), "one result for the job, not one per attempt");
        JsonNode result = Json.read(results.get(0), JsonNode.class);
        assertEquals(3, result.get("attempt").asInt());
        assertEquals(3, result.get("maxAttempts").asInt());
        assertEquals(3, result.get("attempts").size());
        assertFalse(results.get(0).contains("s3cr3t-value"));
    }

    @Test
    void aJobThatAlwaysExits3EndsFailedWithExitCode3AfterItsAttempts() {
        for (int attempt = 1; attempt <= 3; attempt++) {
            script("always-3", attempt, exits(3, "boom"));
        }
        h.stack.dispatch(message("always-3", "\"retry\": {\"maxAttempts\": 3, \"onExitCodes\": [3], \"backoffSeconds\": 5}"));
        h.awaitWatcher("always-3");
        JobRecord done = h.record("always-3");
        assertEquals(JobStatus.FAILED, done.status());
        assertEquals(3, done.exitCode());
        assertEquals(3, done.attempts().size());
        assertTrue(done.reason().contains("attempt 3 of 3"), done.reason());
        assertEquals(3, h.emulator.groupsCreated());
    }

    @Test
    void anExitCodeTheRetryPolicyDoesNotListIsNotRetried() {
        script("not-listed", 1, exits(2, "no"));
        h.stack.dispatch(message("not-listed", "\"retry\": {\"maxAttempts\": 3, \"onExitCodes\": [3]}"));
        h.awaitWatcher("not-listed");
        JobRecord done = h.record("not-listed");
        assertEquals(JobStatus.FAILED, done.status());
        assertEquals(2, done.exitCode());
        assertEquals(1, done.attempt());
        assertEquals(1, h.emulator.groupsCreated());
    }

    @Test
    void anEvictedSpotJobIsRetriedAtRegularPriorityWithSpotFallback() throws Exception {
        script("spot-1", 1, ContainerScript.builder().provisioningDelay(Duration.ofSeconds(10))
                .runDuration(Duration.ofMinutes(30)).spotEviction(Duration.ofMinutes(5)).logLines("spot run").build());
        script("spot-1", 2, exits(0, "regular run"));
        // No retry policy: an eviction is not the job's failure and is retried anyway. Groups are kept (stopped) so
        // the test can read the priority each attempt ran at.
        h.stack.dispatch(message("spot-1", "\"cpu\": 1, \"memoryGb\": 1, \"priority\": \"Spot\", "
                + "\"spotFallback\": \"Regular\", \"cleanup\": \"never\""));
        h.awaitWatcher("spot-1");

        JobRecord done = h.record("spot-1");
        assertEquals(JobStatus.SUCCEEDED, done.status());
        assertEquals(2, done.attempt());
        AttemptSummary evicted = done.attempts().get(0);
        assertEquals(AttemptSummary.EVICTED, evicted.outcome());
        assertEquals("Spot", evicted.priority());
        assertTrue(evicted.reason().contains("evicted"), evicted.reason());
        assertEquals("Regular", done.attempts().get(1).priority());
        assertEquals("Regular", done.priority());
        assertEquals("Spot", groupPriority(JobNames.containerGroupName("spot-1", 1)));
        assertEquals("Regular", groupPriority(JobNames.containerGroupName("spot-1", 2)));
    }

    @Test
    void anEvictedSpotJobWithoutFallbackStaysOnSpot() {
        script("spot-2", 1, ContainerScript.builder().provisioningDelay(Duration.ofSeconds(10))
                .runDuration(Duration.ofMinutes(30)).spotEviction(Duration.ofMinutes(5)).build());
        script("spot-2", 2, exits(0, "again"));
        h.stack.dispatch(message("spot-2", "\"cpu\": 1, \"memoryGb\": 1, \"priority\": \"Spot\""));
        h.awaitWatcher("spot-2");
        JobRecord done = h.record("spot-2");
        assertEquals(JobStatus.SUCCEEDED, done.status());
        assertEquals(List.of("Spot", "Spot"), done.attempts().stream().map(AttemptSummary::priority).toList());
    }

    @Test
    void cancelBetweenAttemptsStopsRetrying() {
        script("cancel-retry", 1, exits(1, "fails"));
        h.stack.dispatch(message("cancel-retry", "\"retry\": {\"maxAttempts\": 3, \"backoffSeconds\": 600}"));
        for (int i = 0; i < 60 && h.record("cancel-retry").status() != JobStatus.RETRY_WAIT; i++) {
            h.stack.runner().advanceAndRun(Duration.ofSeconds(10));
        }
        assertEquals(JobStatus.RETRY_WAIT, h.record("cancel-retry").status());
        ApiResponse cancel = h.stack.routes().cancel("cancel-retry");
        assertEquals(202, cancel.status());
        h.awaitWatcher("cancel-retry");
        JobRecord done = h.record("cancel-retry");
        assertEquals(JobStatus.CANCELLED, done.status());
        assertTrue(done.reason().contains("cancelled between attempts"), done.reason());
        assertEquals(1, done.attempts().size());
        assertEquals(1, h.emulator.groupsCreated(), "no second attempt was created");
    }

    @Test
    void maxDetectionDelayCapsTheWaitBetweenChecks() {
        h.script("capped", ContainerScript.builder().provisioningDelay(Duration.ofSeconds(10))
                .runDuration(Duration.ofMinutes(60)).exitCode(0).build());
        h.stack.dispatch(message("capped", "\"maxDetectionDelaySeconds\": 30"));
        h.awaitWatcher("capped");
        List<Instant> checks = h.emulator.requestLog().of(Route.GROUP_GET).stream()
                .filter(r -> r.path().endsWith("/" + JobNames.containerGroupName("capped")))
                .map(RecordedRequest::at).toList();
        assertTrue(checks.size() > 100, "a 60-minute job checked every 30 s at most: " + checks.size());
        for (int i = 1; i < checks.size(); i++) {
            assertTrue(Duration.between(checks.get(i - 1), checks.get(i)).toSeconds() <= 31,
                    "gap before check " + i + ": " + Duration.between(checks.get(i - 1), checks.get(i)));
        }
        JobRecord done = h.record("capped");
        assertEquals(JobStatus.SUCCEEDED, done.status());
    }

    private String groupPriority(String name) throws Exception {
        URI uri = URI.create(h.emulator.endpoint() + "/subscriptions/" + h.emulator.subscriptionId()
                + "/resourceGroups/" + RESOURCE_GROUP + "/providers/Microsoft.ContainerInstance/containerGroups/"
                + name + "?api-version=2023-05-01");
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return Json.read(response.body(), JsonNode.class).path("properties").path("priority").asText();
    }
}
