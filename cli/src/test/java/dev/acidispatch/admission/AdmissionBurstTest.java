package dev.acidispatch.admission;

import dev.acidispatch.local.LocalStack;
import dev.acidispatch.arm.AzureContainerGroups;
import dev.acidispatch.arm.ArmConnection;
import dev.acidispatch.config.Settings;
import dev.acidispatch.dispatch.DispatchOutcome;
import dev.acidispatch.emulator.ArmEmulator;
import dev.acidispatch.emulator.ContainerScript;
import dev.acidispatch.emulator.Quotas;
import dev.acidispatch.job.JobRecord;
import dev.acidispatch.job.JobStatus;
import dev.acidispatch.store.ReceivedMessage;
import dev.acidispatch.store.StorageClients;
import dev.acidispatch.testing.Azurite;
import dev.acidispatch.testing.PipelineHarness;
import dev.acidispatch.emulator.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bursts through the whole pipeline: the real SDK against the ARM emulator over HTTP (which enforces ACI's quotas and
 * records every violation), the in-process watcher runner and PollWork, all on one virtual clock.
 */
class AdmissionBurstTest {
    private final VirtualClock clock = VirtualClock.startingAt("2026-11-23T08:00:00Z");
    private ArmEmulator emulator;
    private LocalStack stack;

    @AfterEach
    void close() {
        if (stack != null) {
            stack.close();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    private void start(Quotas quotas, Map<String, String> limits, LocalStack.Builder extra) {
        emulator = ArmEmulator.builder().clock(clock).quotas(quotas).defaultScript(ContainerScript.builder()
                .provisioningDelay(Duration.ZERO).runDuration(Duration.ZERO).logLines("done").build()).start();
        Map<String, String> env = new HashMap<>(limits);
        // Admission is under test, not watching: containers end at once and watchers check twice a minute.
        env.put(Settings.Names.POLL_MIN_SECONDS, "30");
        env.put(Settings.Names.SUBSCRIPTION_ID, emulator.subscriptionId());
        env.put(Settings.Names.ARM_ENDPOINT, emulator.endpoint().toString());
        env.put(Settings.Names.DEFAULT_RESOURCE_GROUP, PipelineHarness.RESOURCE_GROUP);
        AzureContainerGroups arm = new AzureContainerGroups(
                ArmConnection.unauthenticated(emulator.subscriptionId(), emulator.endpoint()), PipelineHarness.FAST_RETRIES);
        stack = (extra != null ? extra : LocalStack.builder(Settings.from(env))).groups(arm).clock(clock).build();
    }

    private static String message(String jobId) {
        return "{\"jobId\": \"" + jobId + "\", \"image\": \"busybox:1.36\", \"secureEnv\": {\"TOKEN\": \"s3cr3t\"}}";
    }

    /** Delivers every visible queue message to the dispatcher, as the queue trigger would. */
    private Map<DispatchOutcome.Kind, Integer> drainQueue() {
        Map<DispatchOutcome.Kind, Integer> kinds = new EnumMap<>(DispatchOutcome.Kind.class);
        List<ReceivedMessage> batch;
        while (!(batch = stack.jobQueue().receive(32, Duration.ofMinutes(5))).isEmpty()) {
            for (ReceivedMessage m : batch) {
                kinds.merge(stack.dispatch(m.text()).kind(), 1, Integer::sum);
                stack.jobQueue().delete(m);
            }
        }
        return kinds;
    }

    private Map<JobStatus, Long> statuses() {
        Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
        for (JobRecord r : stack.jobs().list(Set.of(), 5000)) {
            counts.merge(r.status(), 1L, Long::sum);
        }
        return counts;
    }

    /** One virtual minute: PollWork, the queue trigger, then the watchers catch up. */
    private void minute() {
        stack.workPoller().poll(clock.instant());
        drainQueue();
        stack.runner().runUntilIdle();
        stack.runner().advanceAndRun(Duration.ofMinutes(1));
    }

    @Test
    void aThousandJobBurstRunsWithinAciQuotasAndAllSucceed() {
        start(Quotas.aciDefaults(), Map.of(), null);
        for (int i = 0; i < 1000; i++) {
            assertEquals(202, stack.routes().submit(message("burst-" + i)).status());
        }
        Map<DispatchOutcome.Kind, Integer> first = drainQueue();
        assertEquals(100, first.get(DispatchOutcome.Kind.DISPATCHED), "the first 100 fit the 5-minute create budget");
        assertEquals(900, first.get(DispatchOutcome.Kind.DEFERRED), "the rest wait instead of failing: " + first);
        JobRecord waiting = stack.jobs().get("burst-999").orElseThrow();
        assertEquals(JobStatus.DEFERRED, waiting.status());
        assertEquals("waiting for admission: active jobs: 100 of 100 (the configured limit)", waiting.reason());
        assertTrue(stack.deferredJobs().get("burst-999").orElseThrow().contains("s3cr3t"),
                "the full message is kept for release");
        assertTrue(!waiting.toString().contains("s3cr3t"), "never in the record");

        int minutes = 0;
        while (statuses().getOrDefault(JobStatus.SUCCEEDED, 0L) < 1000 && minutes < 6 * 60) {
            minute();
            minutes++;
        }
        assertEquals(Map.of(JobStatus.SUCCEEDED, 1000L), statuses(), "after " + minutes + " virtual minutes");
        assertEquals(List.of(), emulator.quotaViolations());
        assertEquals(1000, emulator.groupsCreated(), "one group per job");
        assertTrue(minutes >= 180, "300 creates per hour: 1,000 jobs need more than 3 hours, took " + minutes);
        assertEquals(0, stack.ledger().snapshot().activeJobs(), "every lease given back");
        assertTrue(stack.deferredJobs().get("burst-999").isEmpty(), "stored messages deleted after dispatch");
    }

    @Test
    void parallelDispatchNeverExceedsTheConcurrencyCapOnTheTableLedger() throws Exception {
        StorageClients storage = StorageClients.fromConnectionString(Azurite.shared().connectionString());
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Map<String, String> limits = Map.of(Settings.Names.MAX_ACTIVE_JOBS, "7", Settings.Names.MAX_ACTIVE_CORES, "100");
        emulator = null;
        // Quotas on the emulator equal the cap: one group too many would be recorded as a violation.
        Settings settingsProbe = Settings.from(limits);
        start(Quotas.aciDefaults().withMaxGroups(7), limits, null);
        AdmissionLedger ledger = new TableAdmissionLedger(storage.tables(), "admission" + suffix,
                AdmissionLimits.from(settingsProbe), 200);
        DeferredJobs deferred = new BlobDeferredJobs(storage.blobs(), "deferred-" + suffix);
        stack.close();
        stack = LocalStack.builder(stack.settings()).groups(stack.groups()).clock(clock).ledger(ledger)
                .deferredJobs(deferred).build();

        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<DispatchOutcome>> outcomes = new java.util.ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String jobId = "par-" + i;
                outcomes.add(pool.submit(() -> stack.dispatch(message(jobId))));
            }
            int dispatched = 0;
            int deferredCount = 0;
            for (Future<DispatchOutcome> f : outcomes) {
                DispatchOutcome o = f.get(120, TimeUnit.SECONDS);
                if (o.kind() == DispatchOutcome.Kind.DISPATCHED) {
                    dispatched++;
                } else if (o.kind() == DispatchOutcome.Kind.DEFERRED) {
                    deferredCount++;
                }
            }
            assertEquals(7, dispatched, "exactly the cap");
            assertEquals(17, deferredCount);
            assertEquals(7, emulator.groups().size());
            assertEquals(7, ledger.snapshot().activeJobs());
        } finally {
            pool.shutdownNow();
        }
        int minutes = 0;
        while (statuses().getOrDefault(JobStatus.SUCCEEDED, 0L) < 24 && minutes < 60) {
            minute();
            assertTrue(emulator.groups().size() <= 7, "never more than the cap at once");
            minutes++;
        }
        assertEquals(Map.of(JobStatus.SUCCEEDED, 24L), statuses());
        assertEquals(List.of(), emulator.quotaViolations());
        assertTrue(deferred.get("par-23").isEmpty());
    }
}
