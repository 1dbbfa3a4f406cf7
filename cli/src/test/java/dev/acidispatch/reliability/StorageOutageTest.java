package dev.acidispatch.reliability;

import dev.acidispatch.dispatch.DispatchOutcome;
import dev.acidispatch.emulator.ContainerScript;
import dev.acidispatch.job.JobStatus;
import dev.acidispatch.store.JobStore;
import dev.acidispatch.testing.Azurite;
import dev.acidispatch.testing.PipelineHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Azurite (job records, logs, queues) going down and coming back mid-run, with its data (a private, persistent
 * instance): while the watcher waits, while a message arrives, and in the middle of an activity.
 */
@ExtendWith(Tally.class)
class StorageOutageTest {
    private static Azurite azurite;

    @BeforeAll
    static void startPrivateAzurite() {
        azurite = Azurite.startPersistent();
    }

    @AfterAll
    static void stopPrivateAzurite() {
        azurite.stop();
    }

    @Test
    void aRestartWhileTheWatcherWaitsLosesNothing() {
        try (ReliabilityHarness h = ReliabilityHarness.builder().azurite(azurite).build()) {
            h.script("restart-idle", ContainerScript.builder().provisioningDelay(Duration.ofSeconds(20))
                    .runDuration(Duration.ofMinutes(30)).logLines("across a restart").build());
            h.stack.dispatch(PipelineHarness.message("restart-idle"));
            h.stack.runner().advanceAndRun(Duration.ofMinutes(5));
            assertEquals(JobStatus.RUNNING, h.record("restart-idle").status());

            azurite.restart();
            Tally.faults(1);
            assertEquals(JobStatus.RUNNING, h.record("restart-idle").status(), "the record survived the restart");

            h.awaitWatcher("restart-idle");
            h.assertSettled("restart-idle", JobStatus.SUCCEEDED);
            assertEquals("across a restart", h.stack.logs().get("restart-idle").orElseThrow().strip());
            h.assertNoDuplicates(1);
        }
    }

    @Test
    void aMessageArrivingWhileStorageIsDownFailsBeforeArmAndSucceedsOnRedelivery() {
        try (ReliabilityHarness h = ReliabilityHarness.builder().azurite(azurite).build()) {
            String message = PipelineHarness.message("while-down");
            azurite.pause();
            try {
                Tally.faults(1);
                assertThrows(RuntimeException.class, () -> h.stack.dispatch(message),
                        "the dispatcher fails (the queue redelivers) instead of losing the message");
            } finally {
                azurite.restart();
            }
            assertTrue(h.emulator.requestLog().entries().isEmpty(), "nothing reached ARM without a job record");

            assertEquals(DispatchOutcome.Kind.DISPATCHED, h.stack.dispatch(message).kind());
            h.awaitWatcher("while-down");
            h.assertSettled("while-down", JobStatus.SUCCEEDED);
            h.assertNoDuplicates(1);
        }
    }

    /**
     * Storage goes down while the watcher sleeps; the next CheckGroup's read fails (after the storage SDK's own
     * retries), storage comes back as that failure surfaces, and the orchestration retries the activity.
     */
    @Test
    void anOutageDuringAnActivityIsRetriedByTheOrchestration() {
        AtomicBoolean outageHit = new AtomicBoolean();
        ReliabilityHarness.Builder builder = ReliabilityHarness.builder().azurite(azurite)
                .jobs(jobs -> restartAzuriteOnFirstFailure(jobs, outageHit));
        try (ReliabilityHarness h = builder.build()) {
            h.script("down-mid", ContainerScript.builder().provisioningDelay(Duration.ofSeconds(20))
                    .runDuration(Duration.ofMinutes(30)).logLines("outage survived").build());
            h.stack.dispatch(PipelineHarness.message("down-mid"));
            h.stack.runner().advanceAndRun(Duration.ofMinutes(5));
            assertEquals(JobStatus.RUNNING, h.record("down-mid").status());

            azurite.pause();
            Tally.faults(1);
            h.awaitWatcher("down-mid");
            assertTrue(outageHit.get(), "an activity ran into the outage");
            h.assertSettled("down-mid", JobStatus.SUCCEEDED);
            assertEquals("outage survived", h.stack.logs().get("down-mid").orElseThrow().strip());
            h.assertNoDuplicates(1);
        } finally {
            if (!azurite.isRunning()) {
                azurite.restart();
            }
        }
    }

    /** Passes every call through; the first call that fails brings Azurite back before the failure propagates. */
    private static JobStore restartAzuriteOnFirstFailure(JobStore jobs, AtomicBoolean outageHit) {
        return (JobStore) Proxy.newProxyInstance(JobStore.class.getClassLoader(), new Class<?>[] {JobStore.class},
                (self, method, args) -> {
                    try {
                        return method.invoke(jobs, args);
                    } catch (InvocationTargetException e) {
                        if (!azurite.isRunning() && outageHit.compareAndSet(false, true)) {
                            azurite.restart();
                        }
                        throw e.getCause();
                    }
                });
    }
}
