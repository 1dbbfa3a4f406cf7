package dev.acidispatch.admission;

import dev.acidispatch.config.Settings;
import dev.acidispatch.dispatch.DispatchOutcome;
import dev.acidispatch.emulator.ContainerScript;
import dev.acidispatch.emulator.Route;
import dev.acidispatch.job.JobNames;
import dev.acidispatch.job.JobStatus;
import dev.acidispatch.local.host.FunctionsHost;
import dev.acidispatch.store.ReceivedMessage;
import dev.acidispatch.testing.CountingStorage;
import dev.acidispatch.testing.PipelineHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PollWork through the local Functions host on Azure Storage (Azurite: ledger, schedules, deferred messages, records)
 * and the ARM emulator, counting every storage request: a tick with nothing to do reads the admission ledger and
 * nothing else, while schedules, deferred jobs and orphans are still handled on time (or within the documented bound).
 */
class QuietPollTest {
    private static final String LEDGER_READ = "table GET";

    private final CountingStorage storage = CountingStorage.onAzurite();
    private final PipelineHarness h = new PipelineHarness(Map.of(Settings.Names.MAX_ACTIVE_JOBS, "1"), storage);

    @AfterEach
    void close() {
        h.close();
    }

    /** Fires the PollWork timer once and returns what it did (the function's log line) and the requests it sent. */
    private record Tick(String logLine, List<String> storageRequests, long armRequests) {
        boolean idle() {
            return logLine.contains("idle");
        }
    }

    private Tick tick() {
        int mark = storage.mark();
        long arm = h.emulator.requestLog().entries().size();
        FunctionsHost.Invocation invocation = h.stack.pollWork();
        String line = invocation.loggedLines().stream().filter(l -> l.startsWith("jobId=- step=poll-work"))
                .reduce((earlier, summary) -> summary).orElseThrow();
        return new Tick(line, storage.since(mark), h.emulator.requestLog().entries().size() - arm);
    }

    private Tick tickAfter(Duration wait) {
        h.clock.advance(wait);
        return tick();
    }

    @Test
    void anIdleTickReadsTheLedgerEntityOnceAndWritesNothing() {
        Tick first = tick();
        assertFalse(first.idle(), "the first tick of a new ledger is a full check: " + first.logLine());
        assertTrue(first.logLine().contains("FULL_CHECK"), first.logLine());

        for (int minute = 1; minute <= 5; minute++) {
            Tick idle = tickAfter(Duration.ofMinutes(1));
            assertTrue(idle.idle(), idle.logLine());
            assertEquals(1, idle.storageRequests().size(), "one request per idle tick: " + idle.storageRequests());
            // The ledger's partition query (control row and shards in one page): one transaction.
            assertTrue(idle.storageRequests().get(0).startsWith(LEDGER_READ + " /devstoreaccount1/admission")
                    && idle.storageRequests().get(0).endsWith("()"),
                    idle.storageRequests().toString());
            assertEquals(0, idle.armRequests(), "no ARM call on an idle tick");
        }
    }

    @Test
    void aScheduleAddedBetweenTicksIsReadOnceAndFiresOnTheFirstTickAtItsTime() {
        tick();
        h.stack.schedules().add(Schedule.create("nine", "0 9 * * *", "{\"image\":\"busybox:1.36\"}", 0, CatchUp.LATEST,
                h.clock.instant()));

        Tick read = tickAfter(Duration.ofMinutes(1));
        assertTrue(read.logLine().contains("SCHEDULES"), "the change is picked up on the next tick: " + read.logLine());
        assertTrue(read.logLine().contains("schedules fired 0"), read.logLine());

        // 08:02 .. 08:59: nothing due, so nothing read but the ledger.
        Instant nine = Instant.parse("2026-11-23T09:00:00Z");
        while (h.clock.instant().plus(Duration.ofMinutes(1)).isBefore(nine)) {
            Tick quiet = tickAfter(Duration.ofMinutes(1));
            assertTrue(quiet.idle(), "at " + h.clock.instant() + ": " + quiet.logLine());
        }
        h.clock.advanceTo(nine);
        Tick due = tick();
        assertTrue(due.logLine().contains("schedules fired 1"), due.logLine());
        assertEquals(JobStatus.QUEUED, h.record("nine-202611230900").status());
        assertTrue(h.stack.jobQueue().peek(32).stream().anyMatch(m -> m.contains("nine-202611230900")));
    }

    @Test
    void aDeferredJobIsReleasedOnTheFirstTickAfterCapacityFreesThenTicksGoQuietAgain() {
        tick();
        h.script("first", ContainerScript.builder().provisioningDelay(Duration.ofSeconds(20))
                .runDuration(Duration.ofMinutes(3)).logLines("one").build());
        assertEquals(DispatchOutcome.Kind.DISPATCHED, h.stack.dispatch(PipelineHarness.message("first")).kind());
        assertEquals(DispatchOutcome.Kind.DEFERRED, h.stack.dispatch(PipelineHarness.message("second")).kind(),
                "one active job at most");

        Tick waiting = tickAfter(Duration.ofSeconds(30));
        assertTrue(waiting.logLine().contains("DEFERRED") && waiting.logLine().contains("deferred released 0"),
                "the deferral was counted, so the tick looks, but the first job still holds the capacity: " + waiting.logLine());

        h.awaitWatcher("first");
        assertEquals(JobStatus.SUCCEEDED, h.record("first").status());
        Tick release = tick();
        assertTrue(release.logLine().contains("deferred released 1"), release.logLine());
        assertEquals(JobStatus.QUEUED, h.record("second").status());
        // The queue trigger delivers the released message; the job runs and finishes.
        for (ReceivedMessage message : h.stack.jobQueue().receive(32, Duration.ofMinutes(5))) {
            h.stack.dispatch(message.text());
            h.stack.jobQueue().delete(message);
        }
        h.awaitWatcher("second");
        assertEquals(JobStatus.SUCCEEDED, h.record("second").status());

        List<String> lines = new ArrayList<>();
        boolean quiet = false;
        for (int minute = 0; minute < 15 && !quiet; minute++) {
            Tick t = tickAfter(Duration.ofMinutes(1));
            lines.add(t.logLine());
            quiet = t.idle();
        }
        assertTrue(quiet, "ticks go quiet once nothing waits and no lease is held: " + lines);
    }

    @Test
    void anOrphanLeftWhileIdleIsSweptAtTheHourlyFullCheckAndNotBefore() {
        Instant start = h.clock.instant();
        tick();
        deployOrphan("left-behind");

        int sweptAfterMinutes = -1;
        for (int minute = 1; minute <= 61; minute++) {
            Tick t = tickAfter(Duration.ofMinutes(1));
            if (t.logLine().contains("orphans deleted 1")) {
                sweptAfterMinutes = minute;
                break;
            }
            assertEquals(0, t.armRequests(), "minute " + minute + ": " + t.logLine());
        }
        assertEquals(WorkPoller.Options.DEFAULT_FULL_CHECK_INTERVAL.toMinutes(), sweptAfterMinutes,
                "found by the full check, an hour after the previous one");
        assertEquals(Duration.ofMinutes(60), Duration.between(start, h.clock.instant()));
        // ACI deletes asynchronously: the group is gone once its delete has finished.
        h.clock.advance(PipelineHarness.GROUP_DELETE_TIME);
        assertTrue(h.emulator.groups().stream().noneMatch(g -> g.name().equals(JobNames.containerGroupName("left-behind"))));
    }

    /** A tagged container group with no job record, deployed as aci-dispatch would (a cleanup that never happened). */
    private void deployOrphan(String jobId) {
        String name = JobNames.containerGroupName(jobId);
        String body = """
                {"properties":{"mode":"Incremental","parameters":{},"template":{
                  "$schema":"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
                  "contentVersion":"1.0.0.0","resources":[{"type":"Microsoft.ContainerInstance/containerGroups",
                  "apiVersion":"2023-05-01","name":"%s","location":"westeurope",
                  "tags":{"%s":"true","%s":"%s"},
                  "properties":{"osType":"Linux","restartPolicy":"Never","containers":[{"name":"main",
                  "properties":{"image":"busybox","resources":{"requests":{"cpu":1,"memoryInGB":1}}}}]}}]}}}
                """.formatted(name, JobNames.TAG_MANAGED, JobNames.TAG_JOB_ID, jobId);
        h.arm.deployOnce(PipelineHarness.RESOURCE_GROUP, name, name, body);
        assertTrue(h.emulator.requestLog().count(Route.DEPLOYMENT_PUT) > 0);
    }
}
