package dev.acidispatch.app;

import dev.acidispatch.admission.PollReport;
import dev.acidispatch.dispatch.DispatchOutcome;
import dev.acidispatch.emulator.ContainerScript;
import dev.acidispatch.job.JobRecord;
import dev.acidispatch.job.JobStatus;
import dev.acidispatch.store.ReceivedMessage;
import dev.acidispatch.testing.PipelineHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.acidispatch.testing.PipelineHarness.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ARM accepts the deployment, then fails it on a regional quota (capacity used by something else in the
 * subscription): the job is deferred, not failed, and runs once PollWork releases it.
 */
class QuotaAfterAcceptTest {
    private final PipelineHarness h = new PipelineHarness();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void quotaFailureAfterAcceptanceDefersTheJobAndItRunsLater() {
        h.script("quota-late", ContainerScript.builder().provisioningDelay(Duration.ofSeconds(20))
                .failProvisioning("ContainerGroupQuotaReached",
                        "Resource type 'Microsoft.ContainerInstance/containerGroups' container group quota "
                                + "'StandardCores' exceeded in region 'westeurope'. Limit: '100', Usage: '100'")
                .build());
        assertEquals(DispatchOutcome.Kind.DISPATCHED, h.stack.dispatch(message("quota-late")).kind());
        h.awaitWatcher("quota-late");

        JobRecord waiting = h.record("quota-late");
        assertEquals(JobStatus.DEFERRED, waiting.status(), waiting.reason());
        assertTrue(waiting.reason().contains("quota"), waiting.reason());
        assertTrue(h.stack.deferredJobs().get("quota-late").isPresent(), "the message is kept for the retry");
        assertFalse(h.stack.ledger().snapshot().leases().containsKey("quota-late"), "its lease is returned");
        assertNotNull(h.stack.ledger().snapshot().pausedUntil(), "creates pause after a quota error");
        assertTrue(h.emulator.groups().isEmpty(), "the failed attempt is cleaned up");
        assertTrue(h.stack.resultQueue().peek(32).isEmpty(), "no result: the job is not over");

        // Capacity frees up; after the pause PollWork puts the job back on the queue.
        h.script("quota-late", ContainerScript.builder().provisioningDelay(Duration.ofSeconds(10))
                .runDuration(Duration.ofMinutes(2)).build());
        assertEquals(List.of(), h.stack.workPoller().poll(h.clock.instant()).deferredReleased(), "still paused");
        h.clock.advance(Duration.ofMinutes(2));
        PollReport report = h.stack.workPoller().poll(h.clock.instant());
        assertEquals(List.of("quota-late"), report.deferredReleased());

        List<ReceivedMessage> delivered = h.stack.jobQueue().receive(1, Duration.ofSeconds(30));
        assertEquals(1, delivered.size());
        assertEquals(DispatchOutcome.Kind.DISPATCHED, h.stack.dispatch(delivered.get(0).text()).kind());
        h.awaitWatcher("quota-late");

        JobRecord done = h.record("quota-late");
        assertEquals(JobStatus.SUCCEEDED, done.status(), done.reason());
        assertTrue(h.stack.deferredJobs().get("quota-late").isEmpty(), "the stored copy is gone once the job is final");
        assertTrue(h.emulator.groups().isEmpty());
        assertEquals(2, done.deployAttempts());
    }
}
