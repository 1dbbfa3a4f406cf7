package dev.acidispatch.bench;

import com.google.protobuf.StringValue;
import com.microsoft.durabletask.DataConverter;
import com.microsoft.durabletask.JacksonDataConverter;
import com.microsoft.durabletask.OrchestrationRunner;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.ExecutionStartedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.HistoryEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestrationInstance;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestratorAction;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestratorRequest;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestratorResponse;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestratorStartedEvent;
import dev.acidispatch.admission.AdmissionLedger;
import dev.acidispatch.admission.AdmissionLimits;
import dev.acidispatch.admission.DeferredJobs;
import dev.acidispatch.admission.InMemoryAdmissionLedger;
import dev.acidispatch.admission.InMemoryDeferredJobs;
import dev.acidispatch.app.App;
import dev.acidispatch.config.Settings;
import dev.acidispatch.dispatch.DispatchOutcome;
import dev.acidispatch.dispatch.Dispatcher;
import dev.acidispatch.functions.WatchFunctions;
import dev.acidispatch.json.Json;
import dev.acidispatch.store.InMemoryJobStore;
import dev.acidispatch.store.InMemoryLogStore;
import dev.acidispatch.store.InMemoryQueue;
import dev.acidispatch.store.JobStore;
import dev.acidispatch.store.QueueNames;
import dev.acidispatch.watch.GroupRef;
import dev.acidispatch.watch.HostPayload;
import dev.acidispatch.watch.Observation;
import dev.acidispatch.watch.PollPolicy;
import dev.acidispatch.watch.WatchActivities;
import dev.acidispatch.watch.WatchJobOrchestration;
import dev.acidispatch.watch.WatchPlan;
import dev.acidispatch.watch.Watchers;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Base64;

/**
 * Runs in a fresh JVM on the staged app's class path only (the app jar, its lib/ and this class): what the first
 * invocations of a new Functions worker run, one job end to end to its first state check. Settings come from the
 * environment (pointing at an emulator the parent runs); ARM goes through {@link App#from}'s SDK client; the storage
 * parts (job table, admission ledger, deferred blobs, logs, result queue) are in memory, since the cold start measured
 * is the app's, not a storage account's. Steps, as the host runs them:
 * <ol>
 *   <li>DispatchJob: the {@link Dispatcher} {@code DispatchFunctions} builds from {@link App} (same arguments as
 *       {@code App.dispatcher}), one message dispatched (validate, record, admit, render, deploy);</li>
 *   <li>WatchJob, first episode: {@link OrchestrationRunner#loadAndRun} on the {@link WatchFunctions} orchestrator, as
 *       the Durable middleware calls it, with the plan the dispatcher started;</li>
 *   <li>CheckGroup: the activity on the input that episode scheduled, as {@code WatchFunctions.checkGroup} runs
 *       it.</li>
 * </ol>
 * Only public app API that the app has had since before the split into three deliverables, so the same probe also
 * measures older builds. Prints one line {@code READY key=ms ...} with the phase ends in ms since JVM start.
 */
public final class ColdStartProbe {
    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        long mainAt = System.nanoTime();
        Settings settings = Settings.fromEnvironment();
        App app = App.from(settings);
        JobStore jobs = new InMemoryJobStore();
        AdmissionLedger ledger = new InMemoryAdmissionLedger(AdmissionLimits.from(settings));
        DeferredJobs deferred = new InMemoryDeferredJobs();
        StartedWatchers watchers = new StartedWatchers();
        Dispatcher dispatcher = new Dispatcher(app.validator(), app.renderer(), app.containerGroups(), jobs, ledger,
                deferred, watchers, PollPolicy.from(settings), app.clock());
        WatchActivities activities = new WatchActivities(app.containerGroups(), jobs, ledger, deferred,
                new InMemoryLogStore(), new InMemoryQueue(QueueNames.JOB_RESULTS, app.clock()), app.clock(),
                settings.logTailLines());
        long builtAt = System.nanoTime();

        DispatchOutcome outcome = dispatcher.dispatch(args[0]);
        long dispatchedAt = System.nanoTime();
        if (outcome.kind() != DispatchOutcome.Kind.DISPATCHED || watchers.plan == null) {
            fail("dispatch: " + outcome);
        }

        String checkGroupInput = firstEpisode(watchers.plan, app.clock().instant());
        Observation seen = activities.checkGroup(HostPayload.read(checkGroupInput, GroupRef.class));
        String activityResult = Json.write(seen);
        long checkedAt = System.nanoTime();
        if (seen.phase() == null) {
            fail("CheckGroup returned " + activityResult);
        }

        // Measured after the fact, so loading the management classes does not count in the phases.
        long uptimeAtMain = ManagementFactory.getRuntimeMXBean().getUptime() - ms(System.nanoTime() - mainAt);
        int classes = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
        System.out.printf("READY main=%d built=%d dispatched=%d checked=%d classes=%d%n", uptimeAtMain,
                uptimeAtMain + ms(builtAt - mainAt), uptimeAtMain + ms(dispatchedAt - mainAt),
                uptimeAtMain + ms(checkedAt - mainAt), classes);
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    /**
     * The watcher's first episode as the Durable middleware runs it: a base64 OrchestratorRequest with the started
     * instance (input as the Durable client serialises the plan text) into {@link OrchestrationRunner#loadAndRun};
     * returns the input of the CheckGroup task it schedules, which the host hands the activity verbatim.
     */
    private static String firstEpisode(WatchPlan plan, Instant now) {
        HistoryEvent started = HistoryEvent.newBuilder().setEventId(-1)
                .setTimestamp(DataConverter.getTimestampFromInstant(now))
                .setOrchestratorStarted(OrchestratorStartedEvent.getDefaultInstance()).build();
        HistoryEvent execution = HistoryEvent.newBuilder().setEventId(-1)
                .setTimestamp(DataConverter.getTimestampFromInstant(now))
                .setExecutionStarted(ExecutionStartedEvent.newBuilder()
                        .setName(WatchJobOrchestration.NAME)
                        .setOrchestrationInstance(OrchestrationInstance.newBuilder().setInstanceId(plan.jobId())
                                .setExecutionId(StringValue.of("cold-start")))
                        .setInput(StringValue.of(new JacksonDataConverter().serialize(Json.write(plan)))))
                .build();
        OrchestratorRequest request = OrchestratorRequest.newBuilder().setInstanceId(plan.jobId())
                .addNewEvents(started).addNewEvents(execution).build();
        WatchFunctions functions = new WatchFunctions();
        String response = OrchestrationRunner.loadAndRun(
                Base64.getEncoder().encodeToString(request.toByteArray()), functions::watchJob);
        try {
            for (OrchestratorAction action : OrchestratorResponse.parseFrom(Base64.getDecoder().decode(response))
                    .getActionsList()) {
                if (action.hasScheduleTask()
                        && action.getScheduleTask().getName().equals(WatchActivities.CHECK_GROUP)) {
                    return action.getScheduleTask().getInput().getValue();
                }
            }
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            fail("WatchJob episode answered no OrchestratorResponse: " + e.getMessage());
        }
        fail("WatchJob's first episode scheduled no " + WatchActivities.CHECK_GROUP);
        return null;
    }

    private static void fail(String what) {
        System.out.println("FAILED " + what);
        System.out.flush();
        System.exit(2);
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    /** Keeps the plan the dispatcher starts a watcher with (the Durable client would schedule WatchJob with it). */
    private static final class StartedWatchers implements Watchers {
        private volatile WatchPlan plan;

        @Override
        public boolean start(WatchPlan started) {
            plan = started;
            return true;
        }

        @Override
        public boolean cancel(String jobId, String reason) {
            return false;
        }
    }
}
