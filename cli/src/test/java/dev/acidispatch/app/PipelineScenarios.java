package dev.acidispatch.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acidispatch.api.ApiResponse;
import dev.acidispatch.arm.DeploymentStatus;
import dev.acidispatch.dispatch.DispatchOutcome;
import dev.acidispatch.dispatch.Dispatcher;
import dev.acidispatch.local.host.HostPayloadRules;
import dev.acidispatch.local.durable.InstanceState;
import dev.acidispatch.emulator.ContainerScript;
import dev.acidispatch.emulator.Route;
import dev.acidispatch.job.JobNames;
import dev.acidispatch.job.JobRecord;
import dev.acidispatch.job.JobStatus;
import dev.acidispatch.json.Json;
import dev.acidispatch.store.ReceivedMessage;
import dev.acidispatch.testing.PipelineHarness;
import dev.acidispatch.watch.PollPolicy;
import dev.acidispatch.watch.WatchPlan;
import dev.acidispatch.watch.Watchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.acidispatch.testing.PipelineHarness.RESOURCE_GROUP;
import static dev.acidispatch.testing.PipelineHarness.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A job message in, a container run to completion, the result recorded, everything cleaned up: through real parts,
 * with the app's Functions classes called under the host's payload rules. {@link PipelineTest} runs these scenarios
 * under each way a host may hand activities their input.
 */
abstract class PipelineScenarios {
    final PipelineHarness h;

    PipelineScenarios(HostPayloadRules.ActivityInputDelivery delivery) {
        h = new PipelineHarness(Map.of(), delivery);
    }

    @AfterEach
    void close() {
        h.close();
    }

    /**
     * The group is gone (the watcher waits for ACI's asynchronous delete), and the deployment record is gone or being
     * deleted (ARM deletes it asynchronously; nothing waits on that).
     */
    private void assertCleanedUp(String jobId) {
        assertTrue(h.emulator.groups().isEmpty(), "container groups left: " + h.emulator.groups());
        assertTrue(h.arm.getDeployment(RESOURCE_GROUP, JobNames.deploymentName(jobId))
                        .map(DeploymentStatus::isDeleting).orElse(true),
                "deployment record left for " + jobId);
    }

    /** The real dispatcher, whose host "dies" right after deploying: starting the watcher throws. */
    private Dispatcher dispatcherThatCrashesBeforeStartingTheWatcher(AtomicBoolean crashed) {
        Watchers crashing = new Watchers() {
            @Override
            public boolean start(WatchPlan plan) {
                crashed.set(true);
                throw new IllegalStateException("host died before starting the watcher");
            }

            @Override
            public boolean cancel(String jobId, String reason) {
                return false;
            }
        };
        App app = App.from(h.stack.settings());
        return new Dispatcher(app.validator(), app.renderer(), h.arm, h.stack.jobs(), h.stack.ledger(),
                h.stack.deferredJobs(), crashing,
                PollPolicy.from(h.stack.settings()), h.clock);
    }

    @Test
    void successfulJobIsRecordedWithItsLogsAndResultThenCleanedUp() {
        h.script("ok-1", ContainerScript.builder().provisioningDelay(Duration.ofSeconds(30))
                .runDuration(Duration.ofMinutes(3)).exitCode(0).logLines("line one", "line two").build());

        DispatchOutcome outcome = h.stack.dispatch(message("ok-1"));
        assertEquals(DispatchOutcome.Kind.DISPATCHED, outcome.kind());
        assertEquals(JobStatus.PROVISIONING, h.record("ok-1").status());

        h.awaitWatcher("ok-1");
        JobRecord done = h.record("ok-1");
        assertEquals(JobStatus.SUCCEEDED, done.status());
        assertEquals(0, done.exitCode());
        assertNotNull(done.startedAt());
        assertTrue(done.finishedAt().isAfter(done.startedAt()), "finished after it started");
        assertTrue(done.logsCaptured());
        assertEquals("line one\nline two", h.stack.logs().get("ok-1").orElseThrow().strip());
        assertCleanedUp("ok-1");

        List<String> results = h.stack.resultQueue().peek(32);
        assertEquals(1, results.size());
        JsonNode result = Json.read(results.get(0), JsonNode.class);
        assertEquals("ok-1", result.get("jobId").asText());
        assertEquals("SUCCEEDED", result.get("status").asText());
        assertEquals(0, result.get("exitCode").asInt());
        assertFalse(results.get(0).contains("s3cr3t-value"), "no secret in the result message");
    }

    @Test
    void nonZeroExitFailsTheJobWithTheExitCode() {
        h.script("exit-3", ContainerScript.builder().provisioningDelay(Duration.ofSeconds(5))
                .runDuration(Duration.ofMinutes(2)).exitCode(3).logLines("boom").build());
        h.stack.dispatch(message("exit-3"));
        h.awaitWatcher("exit-3");
        JobRecord done = h.record("exit-3");
        assertEquals(JobStatus.FAILED, done.status());
        assertEquals(3, done.exitCode());
        assertTrue(done.reason().contains("exited with code 3"), done.reason());
        assertEquals("boom", h.stack.logs().get("exit-3").orElseThrow().strip());
        assertCleanedUp("exit-3");
    }

    @Test
    void provisioningFailureFailsTheJobWithArmsReason() {
        h.script("bad-image", ContainerScript.builder().provisioningDelay(Duration.ofSeconds(10))
                .failProvisioning("InaccessibleImage", "The image 'busybox:1.36' in container group is not accessible")
                .build());
        h.stack.dispatch(message("bad-image"));
        h.awaitWatcher("bad-image");
        JobRecord done = h.record("bad-image");
        assertEquals(JobStatus.FAILED, done.status());
        assertNull(done.exitCode());
        assertTrue(done.reason().contains("InaccessibleImage"), done.reason());
        assertCleanedUp("bad-image");
    }

    @Test
    void containerThatNeverStartsTimesOutAndIsCleanedUp() {
        h.script("stuck", ContainerScript.builder().neverStart().build());
        h.stack.dispatch(message("stuck", 120, 3600));
        h.awaitWatcher("stuck");
        JobRecord done = h.record("stuck");
        assertEquals(JobStatus.TIMED_OUT, done.status());
        assertTrue(done.reason().startsWith("start timeout"), done.reason());
        // Detected at the deadline, not a back-off interval later.
        assertTrue(Duration.between(done.dispatchedAt(), done.finishedAt()).compareTo(Duration.ofSeconds(125)) <= 0,
                "timed out promptly: " + done.finishedAt());
        assertCleanedUp("stuck");
    }

    @Test
    void jobRunningPastItsTimeoutIsStoppedAndTimedOut() {
        h.script("slow", ContainerScript.builder().provisioningDelay(Duration.ofSeconds(5))
                .runDuration(Duration.ofHours(2)).build());
        h.stack.dispatch(message("slow", 600, 600));
        h.awaitWatcher("slow");
        JobRecord done = h.record("slow");
        assertEquals(JobStatus.TIMED_OUT, done.status());
        assertTrue(done.reason().startsWith("run timeout"), done.reason());
        assertCleanedUp("slow");
    }

    @Test
    void keepContainerGroupStopsInsteadOfDeleting() {
        h.script("keep-1", ContainerScript.builder().provisioningDelay(Duration.ofSeconds(5))
                .runDuration(Duration.ofMinutes(1)).build());
        String keep = message("keep-1").replace("\"startTimeoutSeconds\"", "\"keepContainerGroup\": true, \"startTimeoutSeconds\"");
        h.stack.dispatch(keep);
        h.awaitWatcher("keep-1");
        assertEquals(JobStatus.SUCCEEDED, h.record("keep-1").status());
        assertEquals(1, h.emulator.groups().size(), "the group is kept");
        assertEquals(1, h.emulator.requestLog().count(Route.GROUP_STOP));
        assertEquals(0, h.emulator.requestLog().count(Route.GROUP_DELETE));
    }

    @Test
    void cancelWhileQueuedMakesTheDispatcherSkipIt() {
        ApiResponse submitted = h.stack.routes().submit(message("cq-1"));
        assertEquals(202, submitted.status());
        assertEquals(202, h.stack.routes().cancel("cq-1").status());
        assertEquals(JobStatus.CANCELLED, h.record("cq-1").status());

        List<ReceivedMessage> delivered = h.stack.jobQueue().receive(1, Duration.ofSeconds(30));
        assertEquals(1, delivered.size(), "the submitted message is on the queue");
        DispatchOutcome outcome = h.stack.dispatch(delivered.get(0).text());
        assertEquals(DispatchOutcome.Kind.SKIPPED, outcome.kind());
        assertEquals(0, h.emulator.groupsCreated());
        assertEquals(0, h.emulator.requestLog().count(Route.DEPLOYMENT_PUT));
    }

    @Test
    void cancelWhileProvisioningEndsCancelledAndCleansUp() {
        h.script("cp-1", ContainerScript.builder().provisioningDelay(Duration.ofMinutes(5)).build());
        h.stack.dispatch(message("cp-1"));
        h.stack.runner().advanceAndRun(Duration.ofSeconds(30));
        assertEquals(JobStatus.PROVISIONING, h.record("cp-1").status());

        ApiResponse cancel = h.stack.routes().cancel("cp-1");
        assertEquals(202, cancel.status());
        h.awaitWatcher("cp-1");
        JobRecord done = h.record("cp-1");
        assertEquals(JobStatus.CANCELLED, done.status());
        assertNotNull(done.cancelRequestedAt());
        assertTrue(Duration.between(done.cancelRequestedAt(), done.finishedAt()).toSeconds() < 5,
                "the cancel event ends the wait at once, not at the next poll");
        assertCleanedUp("cp-1");
    }

    @Test
    void cancelWhileRunningEndsCancelledAndCleansUp() {
        h.script("cr-1", ContainerScript.builder().provisioningDelay(Duration.ofSeconds(5))
                .runDuration(Duration.ofHours(1)).build());
        h.stack.dispatch(message("cr-1"));
        h.stack.runner().advanceAndRun(Duration.ofMinutes(10));
        assertEquals(JobStatus.RUNNING, h.record("cr-1").status());

        assertEquals(202, h.stack.routes().cancel("cr-1").status());
        h.awaitWatcher("cr-1");
        assertEquals(JobStatus.CANCELLED, h.record("cr-1").status());
        assertCleanedUp("cr-1");
    }

    @Test
    void cancelAfterFinishIsAConflictAndChangesNothing() {
        h.stack.dispatch(message("cf-1"));
        h.awaitWatcher("cf-1");
        assertEquals(JobStatus.SUCCEEDED, h.record("cf-1").status());
        ApiResponse cancel = h.stack.routes().cancel("cf-1");
        assertEquals(409, cancel.status());
        assertEquals(JobStatus.SUCCEEDED, h.record("cf-1").status());
        assertEquals(404, h.stack.routes().cancel("never-seen").status());
    }

    @Test
    void duplicateDeliveryCreatesOneGroupAndOneWatcher() {
        h.script("dup-1", ContainerScript.builder().provisioningDelay(Duration.ofSeconds(30))
                .runDuration(Duration.ofMinutes(5)).build());
        assertEquals(DispatchOutcome.Kind.DISPATCHED, h.stack.dispatch(message("dup-1")).kind());
        DispatchOutcome again = h.stack.dispatch(message("dup-1"));
        assertEquals(DispatchOutcome.Kind.ALREADY_DISPATCHED, again.kind());
        assertEquals("watcher already running", again.detail());
        h.awaitWatcher("dup-1");
        assertEquals(DispatchOutcome.Kind.SKIPPED, h.stack.dispatch(message("dup-1")).kind());
        assertEquals(1, h.emulator.groupsCreated());
        assertEquals(1, h.emulator.requestLog().count(Route.DEPLOYMENT_PUT));
        assertEquals(JobStatus.SUCCEEDED, h.record("dup-1").status());
    }

    @Test
    void crashAfterDeployBeforeWatcherStartHealsOnRedelivery() {
        AtomicBoolean crashed = new AtomicBoolean();
        Dispatcher crashingDispatcher = dispatcherThatCrashesBeforeStartingTheWatcher(crashed);
        assertThrows(IllegalStateException.class, () -> crashingDispatcher.dispatch(message("heal-1")));
        assertTrue(crashed.get());
        assertEquals(1, h.emulator.groupsCreated());

        DispatchOutcome healed = h.stack.dispatch(message("heal-1"));
        assertEquals(DispatchOutcome.Kind.ALREADY_DISPATCHED, healed.kind());
        assertEquals("watcher restarted", healed.detail());
        h.awaitWatcher("heal-1");
        assertEquals(JobStatus.SUCCEEDED, h.record("heal-1").status());
        assertEquals(1, h.emulator.groupsCreated(), "no second group");
        assertCleanedUp("heal-1");
    }

    @Test
    void cancelAfterACrashBeforeTheWatcherStartedStillCleansUpOnRedelivery() {
        Dispatcher crashingDispatcher = dispatcherThatCrashesBeforeStartingTheWatcher(new AtomicBoolean());
        assertThrows(IllegalStateException.class, () -> crashingDispatcher.dispatch(message("crash-cancel")));
        assertEquals(202, h.stack.routes().cancel("crash-cancel").status());
        assertEquals(1, h.emulator.groups().size(), "deployed before the crash");

        h.stack.dispatch(message("crash-cancel"));
        h.awaitWatcher("crash-cancel");
        assertEquals(JobStatus.CANCELLED, h.record("crash-cancel").status());
        assertCleanedUp("crash-cancel");
    }

    @Test
    void resubmittingAQueuedJobSendsItAgainSoALostSendHeals() {
        assertEquals(202, h.stack.routes().submit(message("resend-1")).status());
        assertEquals(202, h.stack.routes().submit(message("resend-1")).status());
        assertEquals(2, h.stack.jobQueue().peek(32).size());
        DispatchOutcome first = h.stack.dispatch(message("resend-1"));
        assertEquals(DispatchOutcome.Kind.DISPATCHED, first.kind());
        assertEquals(DispatchOutcome.Kind.ALREADY_DISPATCHED, h.stack.dispatch(message("resend-1")).kind());
        h.awaitWatcher("resend-1");
        assertEquals(1, h.emulator.groupsCreated());
        ApiResponse finished = h.stack.routes().submit(message("resend-1"));
        assertEquals(409, finished.status(), "a finished job is not run again: " + finished.body());
        assertTrue(finished.body().contains("already finished as SUCCEEDED") && finished.body().contains("new jobId"),
                finished.body());
        assertEquals(2, h.stack.jobQueue().peek(32).size(), "a finished job is not sent again");
    }

    @Test
    void aSubmittedJobGetsItsDefaultsFromTheDispatcherNotFromTheClient() {
        String withoutSize = "{\"jobId\": \"defaults-1\", \"image\": \"busybox:1.36\", \"command\": [\"sh\", \"-c\", "
                + "\"echo hi\"]}";
        assertEquals(202, h.stack.routes().submit(withoutSize).status());
        JobRecord queued = h.record("defaults-1");
        assertNull(queued.cpu(), "nothing resolved at submit: " + queued);
        String text = h.stack.jobQueue().peek(32).stream().filter(m -> m.contains("defaults-1")).findFirst().orElseThrow();
        assertEquals(withoutSize, text, "enqueued as written");

        h.stack.dispatch(text);
        JobRecord dispatched = h.record("defaults-1");
        assertEquals(h.stack.settings().defaultCpu(), dispatched.cpu());
        assertEquals(h.stack.settings().defaultMemoryGb(), dispatched.memoryGb());
        assertEquals(RESOURCE_GROUP, dispatched.resourceGroup());
        assertEquals(JobNames.containerGroupName("defaults-1"), dispatched.containerGroupName());
        h.awaitWatcher("defaults-1");
        assertEquals(JobStatus.SUCCEEDED, h.record("defaults-1").status());
    }

    @Test
    void groupDeletedBehindOurBackEndsWithAReasonInsteadOfHanging() {
        h.script("gone-1", ContainerScript.builder().provisioningDelay(Duration.ofSeconds(5))
                .runDuration(Duration.ofHours(3)).build());
        h.stack.dispatch(message("gone-1", 600, 6 * 3600));
        h.stack.runner().advanceAndRun(Duration.ofMinutes(20));
        assertTrue(h.emulator.removeGroupBehindOurBack(RESOURCE_GROUP, JobNames.containerGroupName("gone-1")));
        h.awaitWatcher("gone-1");
        JobRecord done = h.record("gone-1");
        assertEquals(JobStatus.FAILED, done.status());
        assertTrue(done.reason().contains("no longer exists") || done.reason().contains("is gone"), done.reason());
        assertCleanedUp("gone-1");
    }

    @Test
    void invalidMessageIsRejectedVisiblyAndNeverReachesArm() {
        String bad = "{\"jobId\": \"bad-1\", \"image\": 42, \"cpu\": -1, \"colour\": \"red\"}";
        DispatchOutcome outcome = h.stack.dispatch(bad);
        assertEquals(DispatchOutcome.Kind.REJECTED, outcome.kind());
        assertEquals("bad-1", outcome.jobId());
        JobRecord rejected = h.record("bad-1");
        assertEquals(JobStatus.REJECTED, rejected.status());
        assertTrue(rejected.errors().stream().anyMatch(e -> e.startsWith("$.image")), rejected.errors().toString());
        assertTrue(rejected.errors().stream().anyMatch(e -> e.startsWith("$.cpu")), rejected.errors().toString());
        assertTrue(rejected.errors().stream().anyMatch(e -> e.startsWith("$.colour")), rejected.errors().toString());

        ApiResponse status = h.stack.routes().status("bad-1");
        assertEquals(200, status.status());
        assertTrue(status.body().contains("REJECTED") && status.body().contains("$.colour"), status.body());

        // Redelivery of the same bad message: same record, still nothing sent to ARM.
        assertEquals(DispatchOutcome.Kind.REJECTED, h.stack.dispatch(bad).kind());
        DispatchOutcome garbage = h.stack.dispatch("not json at all");
        assertTrue(garbage.jobId().startsWith("rejected-"), garbage.jobId());
        assertEquals(JobStatus.REJECTED, h.record(garbage.jobId()).status());
        assertTrue(h.emulator.requestLog().entries().isEmpty(), "no ARM call for invalid messages");

        // The user fixes the message and reuses the id: the corrected job runs.
        assertEquals(DispatchOutcome.Kind.DISPATCHED, h.stack.dispatch(message("bad-1")).kind());
        h.awaitWatcher("bad-1");
        assertEquals(JobStatus.SUCCEEDED, h.record("bad-1").status());
    }

    @Test
    void invalidUtf8BytesAreRejectedAsSuchNotSilentlyReplaced() {
        byte[] head = "{\"jobId\": \"utf8-bad\", \"image\": \"busybox\", \"env\": {\"A\": \"".getBytes(StandardCharsets.UTF_8);
        byte[] tail = "\"}}".getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[head.length + 1 + tail.length];
        System.arraycopy(head, 0, message, 0, head.length);
        message[head.length] = (byte) 0xFF;
        System.arraycopy(tail, 0, message, head.length + 1, tail.length);

        DispatchOutcome outcome = h.stack.dispatch(message);
        assertEquals(DispatchOutcome.Kind.REJECTED, outcome.kind());
        JobRecord rejected = h.record(outcome.jobId());
        assertTrue(rejected.errors().stream().anyMatch(e -> e.contains("UTF-8")), rejected.errors().toString());
        assertTrue(h.emulator.requestLog().entries().isEmpty());
    }

    @Test
    void statusNeverShowsSecrets() {
        h.stack.dispatch(message("sec-1"));
        h.awaitWatcher("sec-1");
        ApiResponse status = h.stack.routes().status("sec-1");
        assertEquals(200, status.status());
        assertFalse(status.body().contains("s3cr3t-value"), status.body());
        assertFalse(status.body().contains("DB_PASSWORD"), status.body());
        assertEquals(400, h.stack.routes().status("x' or PartitionKey ne '").status());
    }

    @Test
    void sixHourJobIsWatchedWithBoundedHistoryAndFewArmReads() {
        h.script("long-6h", ContainerScript.builder().provisioningDelay(Duration.ofMinutes(1))
                .runDuration(Duration.ofHours(6)).build());
        h.stack.dispatch(message("long-6h", 600, 7 * 3600));
        InstanceState watcher = h.awaitWatcher("long-6h");
        assertEquals(JobStatus.SUCCEEDED, h.record("long-6h").status());
        long reads = h.emulator.requestLog().count(Route.GROUP_GET);
        System.out.printf("6-hour job: %d group GETs, %d deployment GETs, %d logs, history max %d events, %d generations%n",
                reads, h.emulator.requestLog().count(Route.DEPLOYMENT_GET), h.emulator.requestLog().count(Route.LOGS),
                watcher.stats().maxHistoryLength(), watcher.stats().generations());
        assertTrue(watcher.stats().maxHistoryLength() <= 100, "history bounded: " + watcher.stats());
        assertTrue(watcher.stats().generations() >= 2, "continueAsNew was used: " + watcher.stats());
        // Prefect polls every 5 s (4,320 reads for 6 h); the back-off with a latency ratio needs a few dozen.
        assertTrue(reads <= 60, "ARM reads for 6 h: " + reads);
        assertCleanedUp("long-6h");
    }
}
