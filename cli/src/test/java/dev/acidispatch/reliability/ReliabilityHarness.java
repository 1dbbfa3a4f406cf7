package dev.acidispatch.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acidispatch.local.LocalStack;
import dev.acidispatch.arm.ArmClientOptions;
import dev.acidispatch.arm.ArmConnection;
import dev.acidispatch.arm.AzureContainerGroups;
import dev.acidispatch.arm.ContainerGroups;
import dev.acidispatch.config.Settings;
import dev.acidispatch.local.durable.InstanceState;
import dev.acidispatch.emulator.ArmEmulator;
import dev.acidispatch.emulator.ContainerScript;
import dev.acidispatch.emulator.GroupSnapshot;
import dev.acidispatch.job.JobNames;
import dev.acidispatch.job.JobRecord;
import dev.acidispatch.job.JobStatus;
import dev.acidispatch.json.Json;
import dev.acidispatch.store.BlobLogStore;
import dev.acidispatch.store.JobStore;
import dev.acidispatch.store.LogStore;
import dev.acidispatch.store.MessageQueue;
import dev.acidispatch.store.ReceivedMessage;
import dev.acidispatch.store.StorageClients;
import dev.acidispatch.store.StorageQueue;
import dev.acidispatch.store.TableJobStore;
import dev.acidispatch.testing.Azurite;
import dev.acidispatch.testing.PipelineHarness;
import dev.acidispatch.emulator.VirtualClock;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link PipelineHarness} with the knobs the reliability suite needs: a short ARM response timeout (so "slow past the
 * client timeout" costs a second, not thirty), decorators around the stores and the ARM port (crash points), a private
 * Azurite, a real clock with a sandbox emulator. Everything else is the same real pipeline: Azurite tables, blobs and
 * queues, the real Azure SDK over HTTP against the emulator, the in-process durable runner.
 */
final class ReliabilityHarness implements AutoCloseable {
    static final String RESOURCE_GROUP = PipelineHarness.RESOURCE_GROUP;
    /** Three attempts per ARM call, quick backoff, one second per response. */
    static final ArmClientOptions QUICK = ArmClientOptions.defaults().withMaxAttempts(3)
            .withInitialBackoff(Duration.ofMillis(10)).withMaxBackoff(Duration.ofMillis(50))
            .withMaxTotalTime(Duration.ofSeconds(15)).withResponseTimeout(Duration.ofSeconds(1));
    /** Longer than {@link #QUICK}'s response timeout. */
    static final Duration PAST_TIMEOUT = Duration.ofMillis(1800);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    final Clock clock;
    final ArmEmulator emulator;
    /** The undecorated ARM port (for assertions). */
    final ContainerGroups arm;
    final LocalStack stack;
    final StorageClients storage;
    private final List<JsonNode> consumedResults = new ArrayList<>();

    private ReliabilityHarness(Builder b) {
        clock = b.realTime ? Clock.systemUTC() : VirtualClock.startingAt("2026-11-23T08:00:00Z");
        emulator = ArmEmulator.builder().clock(clock).sandbox(b.sandbox).defaultScript(ContainerScript.builder()
                .provisioningDelay(Duration.ofSeconds(20)).runDuration(Duration.ofMinutes(1))
                .logLines("hello from the emulator").build()).start();
        arm = new AzureContainerGroups(ArmConnection.unauthenticated(emulator.subscriptionId(), emulator.endpoint()),
                b.armOptions);
        Map<String, String> env = new HashMap<>();
        env.put(Settings.Names.SUBSCRIPTION_ID, emulator.subscriptionId());
        env.put(Settings.Names.ARM_ENDPOINT, emulator.endpoint().toString());
        env.put(Settings.Names.DEFAULT_RESOURCE_GROUP, RESOURCE_GROUP);
        env.putAll(b.settings);
        Settings settings = Settings.from(env);
        storage = StorageClients.fromConnectionString(b.azurite.connectionString());
        String suffix = "r" + ProcessHandle.current().pid() + "x" + SEQUENCE.incrementAndGet();
        JobStore jobs = new TableJobStore(storage.tables(), "jobs" + suffix, 40);
        stack = LocalStack.builder(settings)
                .groups(b.groupsDecorator.apply(arm))
                .clock(clock)
                .jobs(b.jobsDecorator.apply(jobs))
                .logs(b.logsDecorator.apply(new BlobLogStore(storage.blobs(), "job-logs-" + suffix)))
                .jobQueue(new StorageQueue(storage.queues(), "jobs-" + suffix))
                .resultQueue(b.resultsDecorator.apply(new StorageQueue(storage.queues(), "job-results-" + suffix)))
                .build();
    }

    static Builder builder() {
        return new Builder();
    }

    static ReliabilityHarness create() {
        return builder().build();
    }

    static final class Builder {
        private ArmClientOptions armOptions = QUICK;
        private UnaryOperator<ContainerGroups> groupsDecorator = g -> g;
        private UnaryOperator<JobStore> jobsDecorator = j -> j;
        private UnaryOperator<MessageQueue> resultsDecorator = q -> q;
        private UnaryOperator<LogStore> logsDecorator = l -> l;
        private Azurite azurite = Azurite.shared();
        private boolean realTime;
        private boolean sandbox;
        private final Map<String, String> settings = new HashMap<>();

        Builder armOptions(ArmClientOptions options) {
            this.armOptions = options;
            return this;
        }

        /** Wraps the ARM port the dispatcher, the activities and the API use. */
        Builder groups(UnaryOperator<ContainerGroups> decorator) {
            this.groupsDecorator = decorator;
            return this;
        }

        /** Wraps the job store the dispatcher, the activities and the API use. */
        Builder jobs(UnaryOperator<JobStore> decorator) {
            this.jobsDecorator = decorator;
            return this;
        }

        /** Wraps the job-results queue the RecordResult activity sends to. */
        Builder results(UnaryOperator<MessageQueue> decorator) {
            this.resultsDecorator = decorator;
            return this;
        }

        /** Wraps the log store the CaptureLogs activity writes to. */
        Builder logs(UnaryOperator<LogStore> decorator) {
            this.logsDecorator = decorator;
            return this;
        }

        Builder azurite(Azurite azurite) {
            this.azurite = azurite;
            return this;
        }

        /** Real clock and sandbox emulator: containers' commands run as local processes. */
        Builder sandboxRealTime() {
            this.realTime = true;
            this.sandbox = true;
            settings.put(Settings.Names.POLL_MIN_SECONDS, "1");
            settings.put(Settings.Names.POLL_MAX_SECONDS, "2");
            return this;
        }

        Builder setting(String name, String value) {
            settings.put(name, value);
            return this;
        }

        ReliabilityHarness build() {
            return new ReliabilityHarness(this);
        }
    }

    VirtualClock virtualClock() {
        return (VirtualClock) clock;
    }

    void script(String jobId, ContainerScript script) {
        emulator.script(JobNames.containerGroupName(jobId), script);
    }

    InstanceState awaitWatcher(String jobId) {
        InstanceState state = stack.runner().waitForCompletion(jobId, Duration.ofSeconds(90));
        if (!state.isTerminal()) {
            throw new AssertionError("watcher for " + jobId + " did not finish: " + state);
        }
        return state;
    }

    JobRecord record(String jobId) {
        return stack.jobs().get(jobId).orElseThrow(() -> new AssertionError("job lost: no record for " + jobId));
    }

    /**
     * Result messages on the job-results queue for this job. The queue is private to the harness; messages are taken
     * off it (as a consumer would) and kept here, so a long-lived harness can hold more than one peek's worth.
     */
    synchronized List<JsonNode> results(String jobId) {
        List<ReceivedMessage> batch;
        while (!(batch = stack.resultQueue().receive(32, Duration.ofMinutes(5))).isEmpty()) {
            for (ReceivedMessage m : batch) {
                consumedResults.add(Json.read(m.text(), JsonNode.class));
                stack.resultQueue().delete(m);
            }
        }
        return consumedResults.stream().filter(n -> jobId.equals(n.path("jobId").asText())).toList();
    }

    /**
     * Waits (bounded, real time) until the emulator has answered every request that was held back by a slow fault:
     * a slow request is processed late, and the suite lets it land before the job moves on (see docs/reliability.md).
     */
    void awaitSlowRequests(long expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (emulator.requestLog().entries().stream().filter(r -> "slow".equals(r.fault())).count() < expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("slow requests never completed: " + emulator.requestLog());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /**
     * The suite's invariants for one finished job, counted into the {@link Tally}: its record exists and ended in
     * {@code expected} through exactly one terminal transition, at least one result message with that same status
     * was sent, and neither its container group nor its deployment record is left behind.
     */
    JobRecord assertSettled(String jobId, JobStatus expected) {
        Tally.jobRun();
        JobRecord record = stack.jobs().get(jobId).orElse(null);
        if (record == null || !record.status().isTerminal()) {
            Tally.loss();
        }
        assertTrue(record != null, "job lost: no record for " + jobId);
        assertEquals(expected, record.status(), jobId + ": " + record.reason() + " history " + record.history());
        long terminalTransitions = record.history().stream()
                .filter(h -> JobStatus.active().stream().noneMatch(s -> h.split(" ")[1].equals(s.name()))).count();
        assertEquals(1, terminalTransitions, "exactly one terminal transition: " + record.history());
        List<JsonNode> results = results(jobId);
        if (expected != JobStatus.REJECTED && !(expected == JobStatus.CANCELLED && record.dispatchedAt() == null)) {
            assertFalse(results.isEmpty(), "a result message for " + jobId);
        }
        results.forEach(r -> assertEquals(expected.name(), r.path("status").asText(), "result message " + r));
        if (!record.cleanup().keepsGroupAfter(record.status()) && expected != JobStatus.REJECTED) {
            List<GroupSnapshot> left = emulator.groups().stream()
                    .filter(g -> g.name().equals(JobNames.containerGroupName(jobId))).toList();
            if (!left.isEmpty()) {
                Tally.leak(left.size());
            }
            assertTrue(left.isEmpty(), "container group leaked: " + left);
            assertTrue(arm.getDeployment(RESOURCE_GROUP, JobNames.deploymentName(jobId)).isEmpty(),
                    "deployment record left for " + jobId);
        }
        return record;
    }

    /** Asserts that at most one container group was ever created for the jobs run so far, counting duplicates. */
    void assertNoDuplicates(long jobsDeployed) {
        long created = emulator.groupsCreated();
        if (created > jobsDeployed) {
            Tally.duplicate(created - jobsDeployed);
        }
        assertEquals(jobsDeployed, created, "container groups created");
    }

    @Override
    public void close() {
        stack.close();
        emulator.close();
    }
}
