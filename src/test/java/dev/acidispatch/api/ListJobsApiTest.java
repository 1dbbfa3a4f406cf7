package dev.acidispatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acidispatch.arm.ArmClientOptions;
import dev.acidispatch.arm.ArmConnection;
import dev.acidispatch.arm.AzureContainerGroups;
import dev.acidispatch.arm.ContainerGroups;
import dev.acidispatch.job.AttemptSummary;
import dev.acidispatch.job.CleanupPolicy;
import dev.acidispatch.job.JobRecord;
import dev.acidispatch.job.JobStatus;
import dev.acidispatch.json.Json;
import dev.acidispatch.store.InMemoryJobStore;
import dev.acidispatch.store.InMemoryLogStore;
import dev.acidispatch.store.JobStore;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /api/jobs as plain code: the query string, the answer's shape, paging and every refusal naming its parameter. */
class ListJobsApiTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final JobRecord.Spec SPEC = new JobRecord.Spec("busybox", "jobs-rg", "acid-x", "acid-x", 1.0, 1.5,
            "Regular", false);
    private final JobStore store = new InMemoryJobStore();
    /** Listing never calls ARM: the port points at a closed one. */
    private final ContainerGroups noArm = new AzureContainerGroups(ArmConnection.unauthenticated(
            "00000000-0000-0000-0000-000000000000", URI.create("http://127.0.0.1:9")), ArmClientOptions.defaults());
    private final JobsApi api = new JobsApi(null, store, new InMemoryLogStore(), null, noArm, null, null, null,
            Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC), 100);

    private void jobs() {
        store.create(JobRecord.queued("old-done", T0, SPEC));
        store.update("old-done", r -> r.transitionTo(JobStatus.DISPATCHING, "go", T0).withDeployAttempt(T0)
                .transitionTo(JobStatus.RUNNING, "started", T0.plusSeconds(5))
                .finished(JobStatus.FAILED, 3, "container exited with code 3", T0.plusSeconds(95)));
        store.create(JobRecord.queued("nightly-202612011000", T0.plusSeconds(60), SPEC).withSchedule("nightly"));
        // A job with a retry policy whose first attempt failed: the summary shows the attempt that runs now.
        JobRecord.Spec retried = new JobRecord.Spec("busybox", "jobs-rg", "acid-running", "acid-running", 1.0, 1.5,
                "Regular", CleanupPolicy.ALWAYS, 3);
        JobRecord.Spec second = new JobRecord.Spec("busybox", "jobs-rg", "acid-running-a2", "acid-running-a2", 1.0,
                1.5, "Regular", CleanupPolicy.ALWAYS, 3);
        store.create(JobRecord.queued("running", T0.plusSeconds(120), retried));
        store.update("running", r -> r.transitionTo(JobStatus.DISPATCHING, "go", T0.plusSeconds(120))
                .withDeployAttempt(T0.plusSeconds(120))
                .transitionTo(JobStatus.RUNNING, "started", T0.plusSeconds(130))
                .retrying(new AttemptSummary(1, "FAILED", 1, "container exited with code 1", "Regular"), second,
                        "attempt 1 of 3 exited with code 1", T0.plusSeconds(150))
                .transitionTo(JobStatus.DISPATCHING, "attempt 2", T0.plusSeconds(180))
                .withDeployAttempt(T0.plusSeconds(180))
                .transitionTo(JobStatus.RUNNING, "started", T0.plusSeconds(200)));
    }

    private JsonNode ok(Map<String, String> query) {
        ApiResponse response = api.list(query);
        assertEquals(200, response.status(), response.body());
        return Json.read(response.body(), JsonNode.class);
    }

    @Test
    void answersAPageOfSummariesNewestFirstWithTheirRunTimes() {
        jobs();
        JsonNode page = ok(Map.of("code", "the-function-key"));

        List<String> ids = new ArrayList<>();
        page.path("jobs").forEach(j -> ids.add(j.path("jobId").asText()));
        assertEquals(List.of("running", "nightly-202612011000", "old-done"), ids);
        JsonNode running = page.path("jobs").get(0);
        assertEquals("RUNNING", running.path("status").asText());
        assertEquals(2, running.path("attempt").asInt());
        assertEquals(3600 - 200, running.path("durationSeconds").asLong(), "until now while it runs");
        JsonNode done = page.path("jobs").get(2);
        assertEquals(3, done.path("exitCode").asInt());
        assertEquals(90, done.path("durationSeconds").asLong());
        assertEquals("container exited with code 3", done.path("reason").asText());
        assertTrue(page.path("jobs").get(1).path("durationSeconds").isNull(), "not started yet");
        assertEquals("nightly", page.path("jobs").get(1).path("schedule").asText());
        assertTrue(page.path("continuationToken").isNull());
    }

    @Test
    void filtersAndPagesByTheQueryString() {
        jobs();
        assertEquals(1, ok(Map.of("status", "failed,SUCCEEDED")).path("jobs").size(), "names in any case");
        assertEquals(2, ok(Map.of("since", "2026-12-01T10:01:00Z")).path("jobs").size());
        assertEquals(3, ok(Map.of("since", "2026-12-01")).path("jobs").size(), "a date is midnight UTC");
        assertEquals("nightly-202612011000", ok(Map.of("schedule", "nightly")).path("jobs").get(0).path("jobId").asText());

        JsonNode first = ok(Map.of("limit", "2"));
        assertEquals(2, first.path("jobs").size());
        String token = first.path("continuationToken").asText();
        JsonNode second = ok(Map.of("limit", "2", "continuationToken", token));
        assertEquals("old-done", second.path("jobs").get(0).path("jobId").asText());
        assertTrue(second.path("continuationToken").isNull());
    }

    @Test
    void badParametersAreRefusedWithEachOneNamed() {
        Map<String, String> query = new HashMap<>();
        query.put("status", "RUNNING,DONE");
        query.put("since", "yesterday");
        query.put("limit", "5000");
        query.put("stauts", "FAILED");
        ApiResponse response = api.list(query);

        assertEquals(400, response.status());
        JsonNode body = Json.read(response.body(), JsonNode.class);
        Map<String, String> errors = new HashMap<>();
        body.path("errors").forEach(e -> errors.put(e.path("path").asText(), e.path("message").asText()));
        assertEquals(List.of("limit", "since", "status", "stauts"), errors.keySet().stream().sorted().toList());
        assertTrue(errors.get("status").contains("'DONE' is not a job status"), errors.get("status"));
        assertTrue(errors.get("since").contains("2026-12-01T00:00:00Z"), errors.get("since"));
        assertTrue(errors.get("limit").contains("from 1 to 1000"), errors.get("limit"));
        assertTrue(errors.get("stauts").contains("valid parameters are: status, since"), errors.get("stauts"));

        assertEquals(400, api.list(Map.of("continuationToken", "forged")).status());
        assertTrue(api.list(Map.of("schedule", "Nightly'")).body().contains("\"path\" : \"schedule\""));
    }
}
