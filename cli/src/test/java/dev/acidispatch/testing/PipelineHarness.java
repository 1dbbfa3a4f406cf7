package dev.acidispatch.testing;

import dev.acidispatch.admission.AdmissionLimits;
import dev.acidispatch.admission.BlobDeferredJobs;
import dev.acidispatch.admission.TableAdmissionLedger;
import dev.acidispatch.admission.TableScheduleStore;
import dev.acidispatch.local.LocalStack;
import dev.acidispatch.arm.ArmClientOptions;
import dev.acidispatch.arm.ArmConnection;
import dev.acidispatch.arm.AzureContainerGroups;
import dev.acidispatch.arm.ContainerGroups;
import dev.acidispatch.config.Settings;
import dev.acidispatch.local.durable.InstanceState;
import dev.acidispatch.emulator.ArmEmulator;
import dev.acidispatch.emulator.ContainerScript;
import dev.acidispatch.local.host.HostPayloadRules;
import dev.acidispatch.infra.InfraRole;
import dev.acidispatch.job.JobNames;
import dev.acidispatch.job.JobRecord;
import dev.acidispatch.store.BlobLogStore;
import dev.acidispatch.store.StorageClients;
import dev.acidispatch.store.StorageQueue;
import dev.acidispatch.store.TableJobStore;
import dev.acidispatch.emulator.VirtualClock;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * The whole pipeline through the real parts: job records, logs and queues in Azurite, ARM through the real SDK
 * against the emulator over HTTP, the app's Functions classes called under the host's payload rules, the watcher
 * replayed by the in-process durable runner. Time is virtual and shared
 * by the emulator and the runner, so hours of watching take milliseconds. Each harness gets its own table, blob
 * container and queues, so tests stay independent on the shared Azurite.
 */
public final class PipelineHarness implements AutoCloseable {
    public static final String RESOURCE_GROUP = "aci-dispatch-jobs";
    public static final ArmClientOptions FAST_RETRIES = ArmClientOptions.defaults()
            .withInitialBackoff(Duration.ofMillis(10)).withMaxBackoff(Duration.ofMillis(100))
            .withMaxTotalTime(Duration.ofSeconds(20)).withResponseTimeout(Duration.ofSeconds(5));
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    public static final Duration GROUP_DELETE_TIME = Duration.ofSeconds(30);
    public static final Duration DEPLOYMENT_DELETE_TIME = Duration.ofSeconds(10);

    public final VirtualClock clock = VirtualClock.startingAt("2026-11-23T08:00:00Z");
    public final ArmEmulator emulator;
    public final ContainerGroups arm;
    public final LocalStack stack;

    public PipelineHarness() {
        this(Map.of());
    }

    public PipelineHarness(Map<String, String> extraSettings) {
        this(extraSettings, HostPayloadRules.ActivityInputDelivery.AS_SCHEDULED);
    }

    /** A harness whose local host hands activities their input the given way. */
    public PipelineHarness(Map<String, String> extraSettings, HostPayloadRules.ActivityInputDelivery delivery) {
        this(extraSettings, delivery, null, UnaryOperator.identity());
    }

    /**
     * A harness whose every store is the Azure Storage one (job records, logs, queues, and also the admission ledger,
     * schedules and deferred messages, which the other constructors keep in memory), on {@code storage}'s clients, so
     * the storage transactions of a piece of work can be counted.
     */
    public PipelineHarness(Map<String, String> extraSettings, CountingStorage storage) {
        this(extraSettings, HostPayloadRules.ActivityInputDelivery.AS_SCHEDULED, storage, UnaryOperator.identity());
    }

    /** A harness whose emulator {@code emulatorSetup} adjusts further (see the private constructor). */
    public PipelineHarness(Map<String, String> extraSettings, HostPayloadRules.ActivityInputDelivery delivery,
                           UnaryOperator<ArmEmulator.Builder> emulatorSetup) {
        this(extraSettings, delivery, null, emulatorSetup);
    }

    /**
     * A harness whose emulator is set up as Azure would be for the app: the app's identity holds exactly the role
     * infra/main.json assigns it, on the jobs resource group, which is the one resource group that exists; deletes
     * take time (the durations are this harness's choice: ACI and ARM document none); ARM's request buckets apply.
     * {@code emulatorSetup} adjusts the builder further.
     */
    private PipelineHarness(Map<String, String> extraSettings, HostPayloadRules.ActivityInputDelivery delivery,
                            CountingStorage counting, UnaryOperator<ArmEmulator.Builder> emulatorSetup) {
        emulator = emulatorSetup.apply(ArmEmulator.builder().clock(clock).defaultScript(ContainerScript.builder()
                .provisioningDelay(Duration.ofSeconds(20)).runDuration(Duration.ofMinutes(1))
                .logLines("hello from the emulator").build())
                .authorization(InfraRole.onJobsResourceGroup(ArmEmulator.DEFAULT_SUBSCRIPTION_ID, RESOURCE_GROUP))
                .resourceGroups(RESOURCE_GROUP)
                .groupDeleteDuration(GROUP_DELETE_TIME)
                .deploymentDeleteDuration(DEPLOYMENT_DELETE_TIME)).start();
        arm = new AzureContainerGroups(ArmConnection.unauthenticated(emulator.subscriptionId(), emulator.endpoint()),
                FAST_RETRIES);
        Map<String, String> env = new HashMap<>();
        env.put(Settings.Names.SUBSCRIPTION_ID, emulator.subscriptionId());
        env.put(Settings.Names.ARM_ENDPOINT, emulator.endpoint().toString());
        env.put(Settings.Names.DEFAULT_RESOURCE_GROUP, RESOURCE_GROUP);
        env.putAll(extraSettings);
        Settings settings = Settings.from(env);
        String suffix = "p" + ProcessHandle.current().pid() + "x" + SEQUENCE.incrementAndGet();
        LocalStack.Builder builder = LocalStack.builder(settings).groups(arm).clock(clock).activityInputDelivery(delivery);
        if (counting == null) {
            StorageClients storage = StorageClients.fromConnectionString(Azurite.shared().connectionString());
            builder.jobs(new TableJobStore(storage.tables(), "jobs" + suffix, 40))
                    .logs(new BlobLogStore(storage.blobs(), "job-logs-" + suffix))
                    .jobQueue(new StorageQueue(storage.queues(), "jobs-" + suffix))
                    .resultQueue(new StorageQueue(storage.queues(), "job-results-" + suffix));
        } else {
            builder.jobs(new TableJobStore(counting.tables(), "jobs" + suffix, 40))
                    .logs(new BlobLogStore(counting.blobs(), "job-logs-" + suffix))
                    .jobQueue(new StorageQueue(counting.queues(), "jobs-" + suffix))
                    .resultQueue(new StorageQueue(counting.queues(), "job-results-" + suffix))
                    .ledger(new TableAdmissionLedger(counting.tables(), "admission" + suffix, AdmissionLimits.from(settings),
                            TableAdmissionLedger.DEFAULT_MAX_ATTEMPTS,
                            TableAdmissionLedger.shardsFor(AdmissionLimits.from(settings), settings.maxCpu())))
                    .schedules(new TableScheduleStore(counting.tables(), "schedules" + suffix))
                    .deferredJobs(new BlobDeferredJobs(counting.blobs(), "deferred-jobs-" + suffix));
        }
        stack = builder.build();
    }

    /** A minimal valid message for {@code jobId} with the given timeouts. */
    public static String message(String jobId, int startTimeoutSeconds, int timeoutSeconds) {
        return """
                {"jobId": "%s", "image": "busybox:1.36", "command": ["sh", "-c", "echo hi"],
                 "env": {"STAGE": "test"}, "secureEnv": {"DB_PASSWORD": "s3cr3t-value"},
                 "startTimeoutSeconds": %d, "timeoutSeconds": %d}
                """.formatted(jobId, startTimeoutSeconds, timeoutSeconds);
    }

    public static String message(String jobId) {
        return message(jobId, 600, 3600);
    }

    public void script(String jobId, ContainerScript script) {
        emulator.script(JobNames.containerGroupName(jobId), script);
    }

    /** Drives virtual time until the watcher is done (a real-time bound only guards against a hang). */
    public InstanceState awaitWatcher(String jobId) {
        InstanceState state = stack.runner().waitForCompletion(jobId, Duration.ofSeconds(60));
        if (!state.isTerminal()) {
            throw new AssertionError("watcher for " + jobId + " did not finish: " + state);
        }
        return state;
    }

    public JobRecord record(String jobId) {
        return stack.jobs().get(jobId).orElseThrow(() -> new AssertionError("no record for " + jobId));
    }

    @Override
    public void close() {
        stack.close();
        emulator.close();
    }
}
