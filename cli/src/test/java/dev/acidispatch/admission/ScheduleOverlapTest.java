package dev.acidispatch.admission;

import dev.acidispatch.job.JobRecord;
import dev.acidispatch.job.JobStatus;
import dev.acidispatch.testing.Azurite;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A schedule's overlap policy, through Azurite's tables (ETags) and any number of concurrent pollers. */
class ScheduleOverlapTest extends PollerFixture {
    static final String TEMPLATE = "{\"image\":\"busybox:1.36\"}";

    ScheduleOverlapTest() {
        super(10);
    }

    private void running(String jobId) {
        jobs.update(jobId, r -> r.transitionTo(JobStatus.DISPATCHING, "deploying", T0)
                .transitionTo(JobStatus.RUNNING, "container running", T0));
    }

    private void add(OverlapPolicy overlap) {
        schedules.add(Schedule.create("every5", "*/5 * * * *", TEMPLATE, 0, CatchUp.LATEST, overlap, T0));
    }

    @Test
    void skipDoesNotStartASecondRunWhileTheFirstRunsAndListsTheSkip() {
        add(OverlapPolicy.SKIP);
        assertEquals(List.of("every5-202611230805"), poller().poll(Instant.parse("2026-11-23T08:05:10Z")).schedulesFired());
        running("every5-202611230805");

        assertEquals(List.of(), poller().poll(Instant.parse("2026-11-23T08:10:10Z")).schedulesFired());
        JobRecord skipped = jobs.get("every5-202611230810").orElseThrow();
        assertEquals(JobStatus.CANCELLED, skipped.status());
        assertTrue(skipped.reason().contains("the previous run every5-202611230805 is still RUNNING (overlap: skip)"),
                skipped.reason());
        Schedule schedule = schedules.get("every5").orElseThrow();
        assertTrue(schedule.lastSkip().startsWith("2026-11-23T08:10:00Z skipped"), schedule.lastSkip());
        assertEquals("every5-202611230805", schedule.lastRunJobId());
        assertEquals(1, queue.peek(32).size(), "only the first run was enqueued");

        // Once the first run is over, the next occurrence runs.
        jobs.update("every5-202611230805", r -> r.finished(JobStatus.SUCCEEDED, 0, "done", T0));
        assertEquals(List.of("every5-202611230815"), poller().poll(Instant.parse("2026-11-23T08:15:10Z")).schedulesFired());
        assertEquals("every5-202611230815", schedules.get("every5").orElseThrow().lastRunJobId());
    }

    @Test
    void manyConcurrentPollersSkipAnOccurrenceOnce() throws Exception {
        add(OverlapPolicy.SKIP);
        poller().poll(Instant.parse("2026-11-23T08:05:10Z"));
        running("every5-202611230805");
        Instant due = Instant.parse("2026-11-23T08:10:10Z");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<PollReport>> reports = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                reports.add(pool.submit(() -> poller().poll(due)));
            }
            for (Future<PollReport> report : reports) {
                assertEquals(List.of(), report.get().schedulesFired());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, queue.peek(32).size(), "no poller started the overlapping occurrence");
        assertEquals(JobStatus.CANCELLED, jobs.get("every5-202611230810").orElseThrow().status());
        assertEquals(Instant.parse("2026-11-23T08:10:00Z"), schedules.get("every5").orElseThrow().lastFiredFor());
    }

    @Test
    void manyConcurrentPollersStartAnOccurrenceOnceWhenTheFirstRunEnded() throws Exception {
        add(OverlapPolicy.SKIP);
        jobs.create(JobRecord.queued("warm-up", T0)); // the table exists, as it does after the first job
        Instant due = Instant.parse("2026-11-23T08:05:10Z");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        int started = 0;
        try {
            List<Future<PollReport>> reports = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                reports.add(pool.submit(() -> poller().poll(due)));
            }
            for (Future<PollReport> report : reports) {
                started += report.get().schedulesFired().size();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, started, "one poller started it");
        // Pollers that lose the create to a QUEUED record enqueue it again (it may be a dead poller's): duplicates of
        // one job, which the dispatcher runs once.
        assertTrue(queue.peek(32).stream().allMatch(m -> m.contains("\"jobId\":\"every5-202611230805\"")));
        assertNull(schedules.get("every5").orElseThrow().lastSkip());
    }

    @Test
    void allowStartsTheOccurrenceAlongsideThePreviousRun() {
        add(OverlapPolicy.ALLOW);
        poller().poll(Instant.parse("2026-11-23T08:05:10Z"));
        running("every5-202611230805");
        assertEquals(List.of("every5-202611230810"), poller().poll(Instant.parse("2026-11-23T08:10:10Z")).schedulesFired());
        assertEquals(JobStatus.RUNNING, jobs.get("every5-202611230805").orElseThrow().status());
        assertNull(jobs.get("every5-202611230805").orElseThrow().cancelRequestedAt());
        assertEquals(2, queue.peek(32).size());
    }

    @Test
    void cancelPreviousAsksTheRunningRunToCancelThenStarts() {
        add(OverlapPolicy.CANCEL_PREVIOUS);
        poller().poll(Instant.parse("2026-11-23T08:05:10Z"));
        running("every5-202611230805");
        assertEquals(List.of("every5-202611230810"), poller().poll(Instant.parse("2026-11-23T08:10:10Z")).schedulesFired());
        JobRecord previous = jobs.get("every5-202611230805").orElseThrow();
        assertNotNull(previous.cancelRequestedAt(), "the watcher ends it at its next check");
        assertEquals(JobStatus.RUNNING, previous.status());

        // A previous run not yet dispatched ends at once.
        assertEquals(List.of("every5-202611230815"), poller().poll(Instant.parse("2026-11-23T08:15:10Z")).schedulesFired());
        JobRecord queued = jobs.get("every5-202611230810").orElseThrow();
        assertEquals(JobStatus.CANCELLED, queued.status());
        assertTrue(queued.reason().contains("overlap: cancel-previous"), queued.reason());
    }

    @Test
    void theOverlapPolicySurvivesStorageAndDefaultsToSkip() {
        add(OverlapPolicy.CANCEL_PREVIOUS);
        assertEquals(OverlapPolicy.CANCEL_PREVIOUS, schedules.get("every5").orElseThrow().overlap());
        schedules.add(Schedule.create("plain", "0 2 * * *", TEMPLATE, 0, CatchUp.LATEST, T0));
        assertEquals(OverlapPolicy.SKIP, schedules.get("plain").orElseThrow().overlap());
    }
}
