package dev.acidispatch.job;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobRecordTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final JobRecord.Spec SPEC = new JobRecord.Spec("myregistry.azurecr.io/etl:1.4", "jobs-rg",
            "cg-nightly-etl", "deploy-nightly-etl", 1.0, 1.5, "Regular", false);

    @Test
    void queuedRecordStartsWithOneHistoryEntryAndTheSpec() {
        JobRecord r = JobRecord.queued("nightly-etl", T0, SPEC);
        assertEquals(JobStatus.QUEUED, r.status());
        assertEquals(List.of(T0 + " QUEUED accepted"), r.history());
        assertEquals("myregistry.azurecr.io/etl:1.4", r.image());
        assertEquals(1.5, r.memoryGb());
        assertEquals(T0, r.createdAt());
        assertNull(r.etag());
    }

    @Test
    void aLifeCycleSetsTimestampsOnce() {
        JobRecord r = JobRecord.queued("nightly-etl", T0, SPEC)
                .transitionTo(JobStatus.DISPATCHING, "deploying", T0.plusSeconds(1))
                .withDeployAttempt(T0.plusSeconds(1))
                .transitionTo(JobStatus.PROVISIONING, "deployment accepted", T0.plusSeconds(2))
                .transitionTo(JobStatus.RUNNING, "container started", T0.plusSeconds(30))
                .transitionTo(JobStatus.RUNNING, "redelivered", T0.plusSeconds(40))
                .finished(JobStatus.SUCCEEDED, 0, "exit code 0", T0.plusSeconds(90));
        assertEquals(JobStatus.SUCCEEDED, r.status());
        assertEquals(0, r.exitCode());
        assertEquals(T0.plusSeconds(1), r.dispatchedAt());
        assertEquals(T0.plusSeconds(30), r.startedAt());
        assertEquals(T0.plusSeconds(90), r.finishedAt());
        assertEquals(1, r.deployAttempts());
        assertEquals(5, r.history().size(), r.history().toString());
        assertEquals(T0.plusSeconds(90) + " SUCCEEDED exit code 0", r.history().get(4));
    }

    @Test
    void finishedRequiresATerminalStatusAndIsIdempotent() {
        JobRecord running = JobStatusTransitionsTest.recordIn(JobStatus.RUNNING);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> running.finished(JobStatus.RUNNING, null, "x", T0));
        assertTrue(e.getMessage().contains("terminal"), e.getMessage());
        JobRecord failed = running.finished(JobStatus.FAILED, 3, "exit code 3", T0.plusSeconds(9));
        assertSame(failed, failed.finished(JobStatus.FAILED, 3, "exit code 3 again", T0.plusSeconds(10)));
        assertThrows(IllegalJobStateChangeException.class,
                () -> failed.finished(JobStatus.SUCCEEDED, 0, "late", T0.plusSeconds(11)));
    }

    @Test
    void cancellationIsAFlagUntilTheJobFinishes() {
        JobRecord running = JobStatusTransitionsTest.recordIn(JobStatus.RUNNING);
        JobRecord requested = running.withCancelRequested(T0.plusSeconds(3));
        assertEquals(JobStatus.RUNNING, requested.status());
        assertEquals(T0.plusSeconds(3), requested.cancelRequestedAt());
        assertTrue(requested.cancellationPending());
        assertSame(requested, requested.withCancelRequested(T0.plusSeconds(4)), "the first request time is kept");
        JobRecord cancelled = requested.finished(JobStatus.CANCELLED, null, "cancelled by user", T0.plusSeconds(5));
        assertFalse(cancelled.cancellationPending());
        IllegalJobStateChangeException e = assertThrows(IllegalJobStateChangeException.class,
                () -> cancelled.withCancelRequested(T0.plusSeconds(6)));
        assertEquals(JobStatus.CANCELLED, e.from());
    }

    @Test
    void rejectedRecordKeepsTheFieldErrorsAndIsTerminal() {
        JobRecord r = JobRecord.rejected("bad-job", List.of("$.image: required", "$.cpu: must be at most 4"), T0);
        assertEquals(JobStatus.REJECTED, r.status());
        assertEquals(List.of("$.image: required", "$.cpu: must be at most 4"), r.errors());
        assertEquals("invalid job message: $.image: required (and 1 more)", r.reason());
        assertEquals(T0, r.finishedAt());
        assertThrows(IllegalArgumentException.class, () -> JobRecord.rejected("bad-job", List.of(), T0));
    }

    @Test
    void historyKeepsOnlyTheLatestEntries() {
        JobRecord r = JobRecord.queued("flapping", T0);
        for (int i = 1; i <= 30; i++) {
            r = r.transitionTo(i % 2 == 1 ? JobStatus.DEFERRED : JobStatus.QUEUED, "round " + i, T0.plusSeconds(i));
        }
        assertEquals(JobRecord.MAX_HISTORY, r.history().size());
        assertEquals(T0.plusSeconds(30) + " QUEUED round 30", r.history().get(JobRecord.MAX_HISTORY - 1));
        assertEquals(T0.plusSeconds(11) + " DEFERRED round 11", r.history().get(0));
    }

    @Test
    void freeTextIsBoundedSoARecordFitsOneEntity() {
        String longReason = "é".repeat(5000);
        JobRecord r = JobRecord.queued("noisy", T0).transitionTo(JobStatus.DISPATCHING, longReason, T0);
        assertEquals(JobRecord.MAX_REASON_CHARS, r.reason().length());
        assertTrue(r.reason().endsWith("…"));
        List<String> errors = new ArrayList<>(Collections.nCopies(200, "$.x: " + "y".repeat(1000)));
        JobRecord rejected = JobRecord.rejected("noisy", errors, T0);
        assertEquals(JobRecord.MAX_ERRORS, rejected.errors().size());
        assertEquals("... and 151 more errors", rejected.errors().get(JobRecord.MAX_ERRORS - 1));
        assertTrue(rejected.errors().get(0).length() <= JobRecord.MAX_ERROR_CHARS);
    }

    @Test
    void collectionsAreCopiedIn() {
        List<String> errors = new ArrayList<>(List.of("$.image: required"));
        JobRecord r = JobRecord.rejected("copy", errors, T0);
        errors.add("$.later: added after");
        assertEquals(1, r.errors().size());
        assertThrows(UnsupportedOperationException.class, () -> r.errors().add("x"));
    }

    @Test
    void specAndRecordValidateWithFieldNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new JobRecord.Spec(" ", "rg", "cg", "dep", 1, 1, "Regular", false));
        assertTrue(e.getMessage().contains("image"), e.getMessage());
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> new JobRecord.Spec("img", "rg", "cg", "dep", 0, 1, "Regular", false));
        assertTrue(size.getMessage().contains("cpu"), size.getMessage());
        IllegalArgumentException id = assertThrows(IllegalArgumentException.class, () -> JobRecord.queued("", T0));
        assertTrue(id.getMessage().contains("jobId"), id.getMessage());
    }
}
