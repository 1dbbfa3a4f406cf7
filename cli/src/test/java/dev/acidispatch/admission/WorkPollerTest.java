package dev.acidispatch.admission;

import dev.acidispatch.job.JobNames;
import dev.acidispatch.job.JobRecord;
import dev.acidispatch.job.JobStatus;
import dev.acidispatch.testing.Azurite;
import dev.acidispatch.testing.PipelineHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Schedules, deferred release and the orphan sweep, through Azurite and the ARM emulator. */
class WorkPollerTest extends PollerFixture {
    static final String RG = PipelineHarness.RESOURCE_GROUP;
    static final String TEMPLATE = "{\"image\":\"busybox:1.36\",\"secureEnv\":{\"TOKEN\":\"s3cr3t\"}}";

    WorkPollerTest() {
        super(2);
    }

    private List<String> queuedJobIds() {
        List<String> ids = new ArrayList<>();
        queue.peek(32).forEach(text -> ids.add(text.replaceAll("(?s).*\"jobId\":\"([^\"]+)\".*", "$1")));
        return ids;
    }

    @Test
    void twoPollersAtTheSameInstantStartAnOccurrenceOnce() {
        schedules.add(Schedule.create("nightly", "0 2 * * *", TEMPLATE, 0, CatchUp.LATEST, T0));
        Instant due = Instant.parse("2026-11-24T02:00:30Z");
        PollReport a = poller().poll(due);
        PollReport b = poller().poll(due);
        PollReport again = poller().poll(due.plusSeconds(60));
        assertEquals(List.of("nightly-202611240200"), a.schedulesFired());
        assertEquals(List.of(), b.schedulesFired(), "the second poller lost the create and enqueues nothing");
        assertEquals(List.of(), again.schedulesFired());
        assertEquals(List.of("nightly-202611240200"), queuedJobIds());
        assertEquals(JobStatus.QUEUED, jobs.get("nightly-202611240200").orElseThrow().status());
        assertEquals(Instant.parse("2026-11-24T02:00:00Z"), schedules.get("nightly").orElseThrow().lastFiredFor());
    }

    @Test
    void anOccurrenceWhosePollerDiedBeforeEnqueueingIsEnqueuedByTheNextPoll() {
        schedules.add(Schedule.create("nightly", "0 2 * * *", TEMPLATE, 0, CatchUp.LATEST, T0));
        Instant due = Instant.parse("2026-11-24T02:00:30Z");
        // The dying poller got as far as the record: no message, and the schedule not marked.
        jobs.create(JobRecord.queued("nightly-202611240200", due));
        assertEquals(List.of(), queuedJobIds());

        PollReport next = poller().poll(due.plusSeconds(60));
        assertEquals(List.of(), next.schedulesFired(), "not a new start");
        assertEquals(List.of("nightly-202611240200"), queuedJobIds(), "but its message is on the queue now");
        assertEquals(Instant.parse("2026-11-24T02:00:00Z"), schedules.get("nightly").orElseThrow().lastFiredFor());
        assertEquals(List.of(), poller().poll(due.plusSeconds(120)).schedulesFired());
        assertEquals(1, queue.peek(32).size(), "healed once, not on every poll");
    }

    @Test
    void catchUpAfterAThreeHourOutage() {
        Instant created = Instant.parse("2026-11-23T07:59:00Z");
        schedules.add(Schedule.create("latest", "0 * * * *", TEMPLATE, 0, CatchUp.LATEST, created));
        schedules.add(Schedule.create("all", "0 * * * *", TEMPLATE, 0, CatchUp.ALL, created));
        schedules.add(Schedule.create("none", "0 * * * *", TEMPLATE, 0, CatchUp.NONE, created));
        // Down from 08:00 (missed 08:00, 09:00, 10:00) until 10:30.
        PollReport report = poller().poll(Instant.parse("2026-11-23T10:30:00Z"));
        assertEquals(List.of("all-202611230800", "all-202611230900", "all-202611231000", "latest-202611231000"),
                report.schedulesFired().stream().sorted().toList());
        assertTrue(jobs.get("none-202611231000").isEmpty(), "none runs nothing late");
        assertEquals(Instant.parse("2026-11-23T10:00:00Z"), schedules.get("none").orElseThrow().lastFiredFor(),
                "missed occurrences are handled (skipped), not retried later");
        // Back in normal operation (the runs before have finished: an overlapping one would be skipped) every policy
        // runs the next occurrence on time.
        for (String jobId : report.schedulesFired()) {
            jobs.update(jobId, r -> r.transitionTo(JobStatus.DISPATCHING, "deploying", T0)
                    .finished(JobStatus.SUCCEEDED, 0, "done", T0));
        }
        PollReport onTime = poller().poll(Instant.parse("2026-11-23T11:00:20Z"));
        assertEquals(List.of("all-202611231100", "latest-202611231100", "none-202611231100"),
                onTime.schedulesFired().stream().sorted().toList());
    }

    @Test
    void catchUpAllIsBounded() {
        schedules.add(Schedule.create("every", "*/5 * * * *", TEMPLATE, 0, CatchUp.ALL, T0));
        PollReport report = poller().poll(T0.plus(Duration.ofHours(3)));
        assertEquals(CatchUp.MAX_ALL, report.schedulesFired().size());
        assertEquals("every-202611231100", report.schedulesFired().get(CatchUp.MAX_ALL - 1), "the most recent ones");
    }

    @Test
    void jitterDelaysAnOccurrenceTheSameWayOnEveryPoll() {
        Schedule s = Schedule.create("jittery", "0 2 * * *", TEMPLATE, 600, CatchUp.LATEST, T0);
        schedules.add(s);
        Instant occurrence = Instant.parse("2026-11-24T02:00:00Z");
        Instant dueAt = occurrence.plus(s.jitterFor(occurrence));
        assertEquals(List.of(), poller().poll(dueAt.minusSeconds(1)).schedulesFired());
        assertEquals(List.of("jittery-202611240200"), poller().poll(dueAt).schedulesFired());
    }

    @Test
    void releasesDeferredJobsRegularBeforeSpotThenOldestFirstWhileCapacityLasts() {
        deferredJob("spot-old", "Spot", T0);
        deferredJob("regular-new", "Regular", T0.plusSeconds(20));
        deferredJob("regular-old", "Regular", T0.plusSeconds(10));
        PollReport report = poller().poll(T0.plusSeconds(60));
        assertEquals(List.of("regular-old", "regular-new"), report.deferredReleased(), "two fit the ledger");
        assertEquals(List.of("regular-old", "regular-new"), queuedJobIds());
        assertEquals(JobStatus.QUEUED, jobs.get("regular-old").orElseThrow().status());
        assertEquals(JobStatus.DEFERRED, jobs.get("spot-old").orElseThrow().status());
        assertTrue(queue.peek(32).get(0).contains("s3cr3t"), "the stored message is re-enqueued whole");

        // regular-old finishes; reconcile frees its lease and the spot job goes next.
        jobs.update("regular-old", r -> r.transitionTo(JobStatus.DISPATCHING, "x", T0).finished(JobStatus.SUCCEEDED,
                0, "done", T0.plusSeconds(90)));
        PollReport next = poller().poll(T0.plusSeconds(120));
        assertEquals(1, next.leasesReconciled());
        assertEquals(List.of("spot-old"), next.deferredReleased());
    }

    private void deferredJob(String jobId, String priority, Instant at) {
        String message = "{\"jobId\":\"" + jobId + "\",\"image\":\"busybox\",\"priority\":\"" + priority
                + "\",\"secureEnv\":{\"TOKEN\":\"s3cr3t\"}}";
        JobRecord queued = validator.resolve(message).queuedRecord(at);
        jobs.create(queued);
        deferred.put(jobId, message);
        jobs.update(jobId, r -> r.transitionTo(JobStatus.DEFERRED, "waiting", at));
    }

    @Test
    void sweeperDeletesExactlyTheOrphans() {
        Instant now = T0.plus(Duration.ofDays(1));
        create(RG, "finished", true);
        create(RG, "unknown", true);
        create(RG, "overage", true);
        create(RG, "running", true);
        create(RG, "kept", true);
        create(RG, "untagged", false);
        create("other-rg", "elsewhere", true);
        jobs.create(JobRecord.queued("finished", T0));
        jobs.update("finished", r -> r.transitionTo(JobStatus.DISPATCHING, "d", T0).finished(JobStatus.FAILED, 1,
                "exit 1", T0.plusSeconds(60)));
        jobs.create(JobRecord.queued("overage", T0.minus(Duration.ofDays(20))));
        jobs.update("overage", r -> r.transitionTo(JobStatus.DISPATCHING, "d", T0.minus(Duration.ofDays(20))));
        jobs.create(JobRecord.queued("running", T0));
        jobs.update("running", r -> r.transitionTo(JobStatus.DISPATCHING, "d", T0));
        jobs.create(validator.resolve("{\"jobId\":\"kept\",\"image\":\"busybox\",\"keepContainerGroup\":true}")
                .queuedRecord(T0));
        jobs.update("kept", r -> r.transitionTo(JobStatus.DISPATCHING, "d", T0).finished(JobStatus.SUCCEEDED, 0, "ok",
                T0));

        SweepReport report = poller().poll(now).sweep();
        assertEquals(List.of("acid-finished", "acid-overage", "acid-unknown"),
                report.deleted().stream().map(SweepReport.Deletion::groupName).sorted().toList());
        assertEquals(List.of("acid-elsewhere", "acid-kept", "acid-running", "acid-untagged"),
                emulator.groups().stream().map(g -> g.name()).sorted().toList());
        assertTrue(report.deleted().stream().anyMatch(d -> d.jobId().equals("unknown")
                && d.reason().equals("unknown job (no job record)")));
        assertTrue(arm.getDeployment(RG, "acid-finished").isEmpty(), "deployment record deleted too");
        assertEquals(List.of(), report.failures());
    }

    /** The sweeper deletes a finished job's group unless its cleanup policy keeps it after how the job ended. */
    @Test
    void sweeperHonoursTheCleanupPolicy() {
        Instant now = T0.plus(Duration.ofDays(1));
        Map<String, String> policies = new LinkedHashMap<>();
        policies.put("success-on-success", "\"cleanup\":\"onSuccess\"");
        policies.put("failure-on-success", "\"cleanup\":\"onSuccess\"");
        policies.put("success-never", "\"cleanup\":\"never\"");
        policies.put("failure-always", "\"cleanup\":\"always\"");
        policies.forEach((jobId, policy) -> {
            create(RG, jobId, true);
            jobs.create(validator.resolve("{\"jobId\":\"" + jobId + "\",\"image\":\"busybox\"," + policy + "}")
                    .queuedRecord(T0));
            boolean succeeded = jobId.startsWith("success");
            jobs.update(jobId, r -> r.transitionTo(JobStatus.DISPATCHING, "d", T0).finished(succeeded
                    ? JobStatus.SUCCEEDED : JobStatus.FAILED, succeeded ? 0 : 1, "done", T0));
        });

        SweepReport report = poller().poll(now).sweep();
        assertEquals(List.of("acid-failure-always", "acid-success-on-success"),
                report.deleted().stream().map(SweepReport.Deletion::groupName).sorted().toList());
        assertEquals(List.of("acid-failure-on-success", "acid-success-never"),
                emulator.groups().stream().map(g -> g.name()).sorted().toList());
    }

    /** Deploys a group like aci-dispatch would (or without its tags), through the real SDK. */
    private void create(String resourceGroup, String jobId, boolean tagged) {
        String name = JobNames.containerGroupName(jobId);
        String tags = tagged ? "{\"" + JobNames.TAG_MANAGED + "\":\"true\",\"" + JobNames.TAG_JOB_ID + "\":\"" + jobId
                + "\"}" : "{\"owner\":\"someone-else\"}";
        String body = """
                {"properties":{"mode":"Incremental","parameters":{},"template":{
                  "$schema":"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
                  "contentVersion":"1.0.0.0","resources":[{"type":"Microsoft.ContainerInstance/containerGroups",
                  "apiVersion":"2023-05-01","name":"%s","location":"westeurope","tags":%s,
                  "properties":{"osType":"Linux","restartPolicy":"Never","containers":[{"name":"main",
                  "properties":{"image":"busybox","resources":{"requests":{"cpu":1,"memoryInGB":1}}}}]}}]}}}
                """.formatted(name, tags);
        arm.deployOnce(resourceGroup, name, name, body);
        clock.advance(Duration.ofSeconds(1));
    }
}
