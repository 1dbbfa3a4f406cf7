package dev.acidispatch.job;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import static dev.acidispatch.job.JobStatus.CANCELLED;
import static dev.acidispatch.job.JobStatus.DEFERRED;
import static dev.acidispatch.job.JobStatus.DISPATCHING;
import static dev.acidispatch.job.JobStatus.RETRY_WAIT;
import static dev.acidispatch.job.JobStatus.FAILED;
import static dev.acidispatch.job.JobStatus.PROVISIONING;
import static dev.acidispatch.job.JobStatus.QUEUED;
import static dev.acidispatch.job.JobStatus.REJECTED;
import static dev.acidispatch.job.JobStatus.RUNNING;
import static dev.acidispatch.job.JobStatus.SUCCEEDED;
import static dev.acidispatch.job.JobStatus.TIMED_OUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One test per from-state: every allowed change succeeds through JobRecord.transitionTo, every other one is refused. */
class JobStatusTransitionsTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(5);

    @Test
    void fromQueued() {
        assertTransitions(QUEUED, EnumSet.of(QUEUED, DEFERRED, DISPATCHING, CANCELLED, REJECTED));
    }

    @Test
    void fromDeferred() {
        assertTransitions(DEFERRED, EnumSet.of(DEFERRED, QUEUED, DISPATCHING, CANCELLED));
    }

    @Test
    void fromDispatching() {
        assertTransitions(DISPATCHING, EnumSet.of(DISPATCHING, PROVISIONING, RUNNING, SUCCEEDED, FAILED, TIMED_OUT,
                DEFERRED, CANCELLED, REJECTED, RETRY_WAIT));
    }

    @Test
    void fromProvisioning() {
        assertTransitions(PROVISIONING, EnumSet.of(PROVISIONING, RUNNING, SUCCEEDED, FAILED, TIMED_OUT, DEFERRED, CANCELLED,
                RETRY_WAIT));
    }

    @Test
    void fromRunning() {
        assertTransitions(RUNNING, EnumSet.of(RUNNING, SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, RETRY_WAIT));
    }

    @Test
    void fromRetryWait() {
        // The next attempt is claimed (DISPATCHING), refused for good (FAILED) or cancelled between attempts.
        assertTransitions(RETRY_WAIT, EnumSet.of(RETRY_WAIT, DISPATCHING, FAILED, CANCELLED));
    }

    @Test
    void fromSucceeded() {
        assertTransitions(SUCCEEDED, EnumSet.noneOf(JobStatus.class));
    }

    @Test
    void fromFailed() {
        assertTransitions(FAILED, EnumSet.noneOf(JobStatus.class));
    }

    @Test
    void fromTimedOut() {
        assertTransitions(TIMED_OUT, EnumSet.noneOf(JobStatus.class));
    }

    @Test
    void fromCancelled() {
        assertTransitions(CANCELLED, EnumSet.noneOf(JobStatus.class));
    }

    @Test
    void fromRejected() {
        assertTransitions(REJECTED, EnumSet.noneOf(JobStatus.class));
    }

    @Test
    void terminalStatusesAreExactlyTheFinalOnes() {
        Set<JobStatus> terminal = EnumSet.noneOf(JobStatus.class);
        for (JobStatus s : JobStatus.values()) {
            if (s.isTerminal()) {
                terminal.add(s);
            }
        }
        assertEquals(EnumSet.of(SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, REJECTED), terminal);
        assertEquals(EnumSet.complementOf(EnumSet.copyOf(terminal)), JobStatus.active());
    }

    private static void assertTransitions(JobStatus from, Set<JobStatus> allowed) {
        JobRecord start = recordIn(from);
        for (JobStatus to : JobStatus.values()) {
            assertEquals(allowed.contains(to), from.canChangeTo(to), from + " -> " + to);
            if (allowed.contains(to)) {
                JobRecord moved = start.transitionTo(to, "because " + to, T1);
                assertEquals(to, moved.status(), from + " -> " + to);
                if (to == from) {
                    assertSame(start, moved, "re-entering " + from + " must leave the record unchanged");
                } else {
                    assertEquals("because " + to, moved.reason());
                    assertEquals(T1, moved.updatedAt());
                    assertTrue(moved.history().get(moved.history().size() - 1).startsWith(T1 + " " + to));
                    assertEquals(to.isTerminal() ? T1 : start.finishedAt(), moved.finishedAt());
                }
            } else {
                IllegalJobStateChangeException e = assertThrows(IllegalJobStateChangeException.class,
                        () -> start.transitionTo(to, "nope", T1), from + " -> " + to);
                assertEquals(start.jobId(), e.jobId());
                assertEquals(from, e.from());
                assertEquals(to, e.to());
                assertTrue(e.getMessage().contains(from + " to " + to), e.getMessage());
            }
        }
    }

    /** Reaches {@code status} through allowed changes only, as a real job would. */
    static JobRecord recordIn(JobStatus status) {
        JobRecord queued = JobRecord.queued("job-" + status.name().toLowerCase().replace('_', '-'), T0);
        return switch (status) {
            case QUEUED -> queued;
            case REJECTED -> JobRecord.rejected(queued.jobId(), java.util.List.of("$.image: required"), T0);
            case DEFERRED, DISPATCHING, CANCELLED -> queued.transitionTo(status, "setup", T0);
            case PROVISIONING, RUNNING, SUCCEEDED, FAILED, TIMED_OUT, RETRY_WAIT ->
                    queued.transitionTo(DISPATCHING, "setup", T0).transitionTo(status, "setup", T0);
        };
    }

    @Test
    void helperReachesEveryStatus() {
        for (JobStatus s : JobStatus.values()) {
            assertEquals(s, recordIn(s).status());
            assertFalse(recordIn(s).history().isEmpty());
        }
    }
}
