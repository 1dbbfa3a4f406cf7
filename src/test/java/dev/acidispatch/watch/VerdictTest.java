package dev.acidispatch.watch;

import dev.acidispatch.job.JobStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerdictTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private final WatchPlan plan = WatchPlan.start("job-1", "rg", "acid-job-1", "acid-job-1", "job", false, T0,
            Duration.ofMinutes(10), Duration.ofHours(1), new PollPolicy(5_000, 120_000, 1.5, 0.1, 10));

    private Optional<WatchOutcome> decide(Observation seen, Instant now, boolean cancelRaised) {
        return Verdict.decide(plan.afterCheck(seen), seen, now, cancelRaised);
    }

    private static Observation running(Instant startedAt) {
        return new Observation(Observation.Phase.RUNNING, null, startedAt.toEpochMilli(), null, null, false);
    }

    @Test
    void exitCodeZeroSucceedsAndOtherCodesFail() {
        Observation ok = new Observation(Observation.Phase.EXITED, 0, T0.toEpochMilli(), T0.plusSeconds(60).toEpochMilli(), null, false);
        WatchOutcome success = decide(ok, T0.plusSeconds(70), false).orElseThrow();
        assertEquals(JobStatus.SUCCEEDED, success.status());
        assertEquals(T0.plusSeconds(60).toEpochMilli(), success.finishedAtMillis());

        Observation bad = new Observation(Observation.Phase.EXITED, 137, T0.toEpochMilli(), null, "OOMKilled", false);
        WatchOutcome failure = decide(bad, T0.plusSeconds(70), false).orElseThrow();
        assertEquals(JobStatus.FAILED, failure.status());
        assertEquals(137, failure.exitCode());
        assertEquals("container exited with code 137: OOMKilled", failure.reason());
    }

    @Test
    void runningOrPendingWithinDeadlinesGoesOn() {
        assertTrue(decide(running(T0.plusSeconds(30)), T0.plusSeconds(600), false).isEmpty());
        assertTrue(decide(Observation.of(Observation.Phase.PENDING, "Pulling"), T0.plusSeconds(599), false).isEmpty());
    }

    @Test
    void startDeadlineAppliesUntilTheContainerRunsThenTheRunDeadline() {
        WatchOutcome stuck = decide(Observation.of(Observation.Phase.PENDING, "Pulling: pulling image"),
                T0.plusSeconds(600), false).orElseThrow();
        assertEquals(JobStatus.TIMED_OUT, stuck.status());
        assertEquals("start timeout: container did not start within 600 s: Pulling: pulling image", stuck.reason());
        assertNull(stuck.startedAtMillis());

        Instant started = T0.plusSeconds(300);
        assertTrue(decide(running(started), T0.plusSeconds(3000), false).isEmpty(), "past the start deadline but running");
        WatchOutcome tooLong = decide(running(started), started.plus(Duration.ofHours(1)), false).orElseThrow();
        assertEquals(JobStatus.TIMED_OUT, tooLong.status());
        assertTrue(tooLong.reason().startsWith("run timeout"), tooLong.reason());
        assertEquals(started.toEpochMilli(), tooLong.startedAtMillis());
    }

    @Test
    void cancelFromTheEventOrTheRecordFlagCancels() {
        assertEquals(JobStatus.CANCELLED, decide(running(T0), T0.plusSeconds(60), true).orElseThrow().status());
        assertEquals(JobStatus.CANCELLED, decide(running(T0).withCancelRequested(true), T0.plusSeconds(60), false)
                .orElseThrow().status());
    }

    @Test
    void anExitSeenTogetherWithACancelKeepsTheRealResult() {
        Observation ok = new Observation(Observation.Phase.EXITED, 0, T0.toEpochMilli(), null, null, true);
        assertEquals(JobStatus.SUCCEEDED, decide(ok, T0.plusSeconds(60), true).orElseThrow().status());
    }

    @Test
    void missingOrStoppedGroupsEndWithAReason() {
        WatchOutcome missing = decide(Observation.of(Observation.Phase.MISSING, "gone"), T0.plusSeconds(60), false)
                .orElseThrow();
        assertEquals(JobStatus.FAILED, missing.status());
        assertTrue(missing.reason().contains("no longer exists"), missing.reason());
        assertEquals(JobStatus.CANCELLED, decide(Observation.of(Observation.Phase.STOPPED, null), T0.plusSeconds(60),
                true).orElseThrow().status());
        assertEquals(JobStatus.FAILED, decide(Observation.of(Observation.Phase.PROVISIONING_FAILED, "InaccessibleImage"),
                T0.plusSeconds(60), false).orElseThrow().status());
    }

    @Test
    void nextWaitNeverOvershootsTheDeadline() {
        WatchPlan nearDeadline = plan.withLastWait(Duration.ofSeconds(120));
        assertEquals(Duration.ofSeconds(10).plusMillis(1), nearDeadline.nextWait(T0.plusSeconds(590)));
    }
}
