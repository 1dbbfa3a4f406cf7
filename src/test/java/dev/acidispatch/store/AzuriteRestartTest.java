package dev.acidispatch.store;

import dev.acidispatch.job.JobRecord;
import dev.acidispatch.job.JobStatus;
import dev.acidispatch.testing.Azurite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Azurite restarted mid-run (in-memory, so everything is lost): a fresh client works at once, and clients created
 * before the restart recreate their table, container and queue instead of failing forever.
 */
class AzuriteRestartTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static Azurite azurite;

    @BeforeAll
    static void startPrivateAzurite() {
        // A private instance: restarting the shared one would pull the rug from other test classes.
        azurite = Azurite.start();
    }

    @AfterAll
    static void stopPrivateAzurite() {
        azurite.stop();
    }

    @Test
    void storageIsUsableAfterARestartOnTheSamePorts() {
        String connection = azurite.connectionString();
        StorageClients before = StorageClients.fromConnectionString(connection);
        JobStore jobs = before.jobStore();
        LogStore logs = before.logStore();
        MessageQueue queue = before.queue(QueueNames.JOBS);
        jobs.create(JobRecord.queued("before-restart", T0));
        logs.put("before-restart", "old logs");
        queue.send("{\"jobId\":\"before-restart\"}");

        azurite.restart();
        assertTrue(azurite.isRunning());
        assertEquals(connection, azurite.connectionString(), "same ports after a restart");

        // Clients from before the restart heal: their table, container and queue are recreated on first use.
        assertEquals(Optional.empty(), jobs.get("before-restart"), "in-memory Azurite lost its data");
        JobRecord rewritten = jobs.create(JobRecord.queued("before-restart", T0.plusSeconds(1)));
        assertEquals(rewritten, jobs.get("before-restart").orElseThrow());
        assertEquals(Optional.empty(), logs.get("before-restart"));
        logs.put("before-restart", "logs again");

        StorageClients fresh = StorageClients.fromConnectionString(connection);
        JobStore freshJobs = fresh.jobStore();
        freshJobs.create(JobRecord.queued("after-restart", T0));
        JobRecord dispatched = freshJobs.update("after-restart",
                r -> r.transitionTo(JobStatus.DISPATCHING, "deploying", T0));
        assertEquals(JobStatus.DISPATCHING, dispatched.status());
        assertEquals(Optional.of(dispatched), jobs.get("after-restart"), "old and fresh clients see the same data");
        assertEquals(Optional.of("logs again"), fresh.logStore().get("before-restart"));
        MessageQueue results = before.queue(QueueNames.JOB_RESULTS);
        queue.send("{\"jobId\":\"after-restart\"}");
        results.send("{\"jobId\":\"after-restart\",\"status\":\"SUCCEEDED\"}");
        List<ReceivedMessage> received = fresh.queue(QueueNames.JOBS).receive(32, Duration.ofSeconds(30));
        assertEquals(List.of("{\"jobId\":\"after-restart\"}"), received.stream().map(ReceivedMessage::text).toList());
    }
}
