package dev.acidispatch.app;

import dev.acidispatch.config.Settings;
import dev.acidispatch.dispatch.DispatchOutcome;
import dev.acidispatch.job.JobStatus;
import dev.acidispatch.testing.PipelineHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.acidispatch.testing.PipelineHarness.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A job waiting for capacity is cancelled: its stored message (which may hold secrets) and any lease go with it. */
class CancelDeferredTest {
    private final PipelineHarness h = new PipelineHarness(Map.of(Settings.Names.MAX_ACTIVE_JOBS, "1"));

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void cancellingADeferredJobDeletesItsStoredMessageAndLease() {
        assertEquals(DispatchOutcome.Kind.DISPATCHED, h.stack.dispatch(message("holds-slot")).kind());
        assertEquals(DispatchOutcome.Kind.DEFERRED, h.stack.dispatch(message("waits-1")).kind());
        assertEquals(JobStatus.DEFERRED, h.record("waits-1").status());
        assertTrue(h.stack.deferredJobs().get("waits-1").orElseThrow().contains("s3cr3t-value"),
                "the deferred copy is the full message");

        assertEquals(202, h.stack.routes().cancel("waits-1").status());
        assertEquals(JobStatus.CANCELLED, h.record("waits-1").status());
        assertTrue(h.stack.deferredJobs().get("waits-1").isEmpty(), "stored message deleted");
        assertFalse(h.stack.ledger().snapshot().leases().containsKey("waits-1"));

        h.awaitWatcher("holds-slot");
        assertEquals(JobStatus.SUCCEEDED, h.record("holds-slot").status());
        assertEquals(1, h.emulator.groupsCreated(), "the cancelled job never reached ARM");
    }
}
