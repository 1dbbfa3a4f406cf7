package dev.acidispatch.job;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.acidispatch.job.TestJobs.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** retry, spotFallback and maxDetectionDelaySeconds: validation, defaults, attempt names and the record's attempts. */
class RetryFieldsTest {
    private final JobValidator validator = TestJobs.validator();

    private ResolvedJob ok(String fields) {
        return validator.resolve("{\"image\":\"busybox\"," + fields + "}");
    }

    private List<FieldError> errors(String fields) {
        return assertThrows(InvalidJobException.class,
                () -> validator.resolve("{\"image\":\"busybox\"," + fields + "}")).errors();
    }

    @Test
    void retryResolvesWithDefaultsAndSurvivesTheRoundTrip() {
        ResolvedJob job = ok("\"retry\":{\"maxAttempts\":3}");
        assertEquals(new RetryPolicy(3, List.of(), 30, false), job.retry());
        assertEquals(3, job.recordSpec().maxAttempts());
        ResolvedJob again = validator.resolve(JobJson.write(job.toMessage()));
        assertEquals(job.retry(), again.retry());

        ResolvedJob full = ok("\"retry\":{\"maxAttempts\":4,\"onExitCodes\":[3,137],\"backoffSeconds\":5,"
                + "\"onProvisioningFailure\":true},\"priority\":\"Spot\",\"spotFallback\":\"Regular\","
                + "\"maxDetectionDelaySeconds\":60");
        assertEquals(new RetryPolicy(4, List.of(3, 137), 5, true), full.retry());
        assertEquals("Regular", full.spotFallback());
        assertEquals(Optional.of(Duration.ofSeconds(60)), full.maxDetectionDelay());
        ResolvedJob fullAgain = validator.resolve(JobJson.write(full.toMessage()));
        assertEquals(full.retry(), fullAgain.retry());
        assertEquals(full.spotFallback(), fullAgain.spotFallback());
        assertEquals(full.maxDetectionDelay(), fullAgain.maxDetectionDelay());
    }

    @Test
    void withoutRetryAJobHasOneAttempt() {
        ResolvedJob job = ok("\"cpu\":1");
        assertSame(RetryPolicy.NONE, job.retry());
        assertEquals(1, job.attempt());
        assertEquals(Optional.empty(), job.maxDetectionDelay());
    }

    @Test
    void badRetryFieldsNameTheirPathAndTheFix() {
        at(errors("\"retry\":{}"), "$.retry.maxAttempts", "is required");
        at(errors("\"retry\":{\"maxAttempts\":0}"), "$.retry.maxAttempts", "out of range", "1 to 10");
        at(errors("\"retry\":{\"maxAttempts\":11}"), "$.retry.maxAttempts", "out of range");
        at(errors("\"retry\":{\"maxAttempts\":\"3\"}"), "$.retry.maxAttempts", "remove the quotes");
        at(errors("\"retry\":{\"maxAttempts\":2,\"onExitCodes\":[]}"), "$.retry.onExitCodes", "non-empty",
                "omit it to retry any non-zero");
        at(errors("\"retry\":{\"maxAttempts\":2,\"onExitCodes\":[1,0]}"), "$.retry.onExitCodes[1]", "0 is success");
        at(errors("\"retry\":{\"maxAttempts\":2,\"onExitCodes\":[1,1]}"), "$.retry.onExitCodes[1]", "listed twice");
        at(errors("\"retry\":{\"maxAttempts\":2,\"backoffSeconds\":-1}"), "$.retry.backoffSeconds", "0 to 3600");
        at(errors("\"retry\":{\"maxAttempts\":2,\"onProvisioningFailure\":\"yes\"}"),
                "$.retry.onProvisioningFailure", "true or false");
        at(errors("\"retry\":{\"maxAttempt\":2}"), "$.retry.maxAttempt", "did you mean 'maxAttempts'");
        at(errors("\"retry\":3"), "$.retry");
    }

    @Test
    void spotFallbackIsForSpotJobsAndOnlyRegular() {
        at(errors("\"spotFallback\":\"Regular\""), "$.spotFallback", "only to Spot jobs", "\"priority\": \"Spot\"");
        at(errors("\"priority\":\"Spot\",\"spotFallback\":\"Low\""), "$.spotFallback", "Regular");
    }

    @Test
    void detectionDelayHasBounds() {
        at(errors("\"maxDetectionDelaySeconds\":2"), "$.maxDetectionDelaySeconds", "out of range", "5 to 86400");
        at(errors("\"maxDetectionDelaySeconds\":1.5"), "$.maxDetectionDelaySeconds", "with a fraction");
    }

    @Test
    void backoffDoublesUpToItsCap() {
        RetryPolicy policy = new RetryPolicy(10, List.of(), 30, false);
        assertEquals(Duration.ofSeconds(30), policy.backoffBefore(2));
        assertEquals(Duration.ofSeconds(60), policy.backoffBefore(3));
        assertEquals(Duration.ofSeconds(480), policy.backoffBefore(6));
        assertEquals(Duration.ofSeconds(600), policy.backoffBefore(7));
        assertEquals(Duration.ofSeconds(600), policy.backoffBefore(10));
        assertEquals(Duration.ofSeconds(900), new RetryPolicy(3, List.of(), 900, false).backoffBefore(3));
        assertTrue(policy.retriesExitCode(1));
        assertFalse(policy.retriesExitCode(0));
        RetryPolicy only3 = new RetryPolicy(3, List.of(3), 30, false);
        assertTrue(only3.retriesExitCode(3));
        assertFalse(only3.retriesExitCode(1));
    }

    @Test
    void eachAttemptHasItsOwnGroupNameWithinAcisLimit() {
        assertEquals("acid-etl", JobNames.containerGroupName("etl", 1));
        assertEquals("acid-etl-a2", JobNames.containerGroupName("etl", 2));
        String longest = JobNames.containerGroupName("a--" + "b".repeat(37), RetryPolicy.MAX_ATTEMPTS);
        assertTrue(longest.length() <= JobNames.MAX_CONTAINER_GROUP_NAME_LENGTH, longest);
        assertTrue(longest.endsWith("-a10"), longest);
        assertThrows(IllegalArgumentException.class, () -> JobNames.containerGroupName("etl", 11));
        ResolvedJob second = ok("\"jobId\":\"etl\",\"priority\":\"Spot\",\"retry\":{\"maxAttempts\":2}")
                .forAttempt(2, "Regular");
        assertEquals("acid-etl-a2", second.containerGroupName());
        assertEquals("acid-etl-a2", second.deploymentName());
        assertEquals("Regular", second.priority());
    }

    @Test
    void retryingEndsTheAttemptOnceAndMovesToTheNextGroup() {
        Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
        Instant t1 = t0.plusSeconds(60);
        ResolvedJob job = ok("\"jobId\":\"etl\",\"retry\":{\"maxAttempts\":2}");
        JobRecord running = job.queuedRecord(t0).transitionTo(JobStatus.DISPATCHING, "deploying", t0)
                .transitionTo(JobStatus.RUNNING, "running", t0);
        AttemptSummary ended = new AttemptSummary(1, "FAILED", 1, "container exited with code 1", "Regular");
        JobRecord.Spec next = job.forAttempt(2, "Regular").recordSpec();
        JobRecord waiting = running.retrying(ended, next, "attempt 1 of 2 exited with code 1", t1);
        assertEquals(JobStatus.RETRY_WAIT, waiting.status());
        assertEquals(2, waiting.attempt());
        assertEquals(2, waiting.maxAttempts());
        assertEquals(List.of(ended), waiting.attempts());
        assertEquals("acid-etl-a2", waiting.containerGroupName());
        assertSame(waiting, waiting.retrying(ended, next, "again", t1), "a repeated ScheduleRetry changes nothing");
        JobRecord last = waiting.transitionTo(JobStatus.DISPATCHING, "deploying attempt 2", t1);
        assertThrows(IllegalArgumentException.class, () -> last.retrying(
                new AttemptSummary(1, "FAILED", 1, "again", "Regular"), next, "not the current attempt", t1));
        AttemptSummary second = new AttemptSummary(2, "SUCCEEDED", 0, "container exited with code 0", "Regular");
        JobRecord done = last.withFinalAttempt(second).finished(JobStatus.SUCCEEDED, 0, "ok", t1);
        assertEquals(List.of(ended, second), done.attempts());
        assertSame(done, done.withFinalAttempt(second));
    }
}
