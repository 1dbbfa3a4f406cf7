package dev.acidispatch.app;

import dev.acidispatch.admission.AdmissionLedger;
import dev.acidispatch.admission.AdmissionLimits;
import dev.acidispatch.admission.DeferredJobs;
import dev.acidispatch.admission.InMemoryAdmissionLedger;
import dev.acidispatch.admission.InMemoryDeferredJobs;
import dev.acidispatch.admission.InMemoryScheduleStore;
import dev.acidispatch.admission.ScheduleStore;
import dev.acidispatch.admission.WorkPoller;
import dev.acidispatch.api.JobsApi;
import dev.acidispatch.arm.ContainerGroups;
import dev.acidispatch.config.Settings;
import dev.acidispatch.dispatch.Dispatcher;
import dev.acidispatch.durable.InProcessDurableRunner;
import dev.acidispatch.store.InMemoryJobStore;
import dev.acidispatch.store.InMemoryLogStore;
import dev.acidispatch.store.InMemoryQueue;
import dev.acidispatch.store.JobStore;
import dev.acidispatch.store.LogStore;
import dev.acidispatch.store.MessageQueue;
import dev.acidispatch.store.QueueNames;
import dev.acidispatch.watch.InProcessWatchers;
import dev.acidispatch.watch.WatchJobOrchestration;

import java.time.Clock;
import java.util.Objects;

/**
 * The whole pipeline in one process: the same dispatcher, orchestration and activities as the Functions app, with the
 * watcher replayed by the in-process durable runner. Used by {@code dispatchctl run} and by the end-to-end tests,
 * which plug in Azurite-backed stores and the ARM emulator.
 */
public final class LocalStack implements AutoCloseable {
    private final Settings settings;
    private final ContainerGroups groups;
    private final JobStore jobs;
    private final LogStore logs;
    private final MessageQueue jobQueue;
    private final MessageQueue resultQueue;
    private final AdmissionLedger ledger;
    private final DeferredJobs deferredJobs;
    private final ScheduleStore schedules;
    private final Clock clock;
    private final InProcessDurableRunner runner;
    private final InProcessWatchers watchers;
    private final Dispatcher dispatcher;
    private final JobsApi api;
    private final WorkPoller workPoller;

    private LocalStack(Builder b) {
        settings = b.settings;
        groups = Objects.requireNonNull(b.groups, "groups");
        clock = b.clock != null ? b.clock : Clock.systemUTC();
        jobs = b.jobs != null ? b.jobs : new InMemoryJobStore();
        logs = b.logs != null ? b.logs : new InMemoryLogStore();
        jobQueue = b.jobQueue != null ? b.jobQueue : new InMemoryQueue(QueueNames.JOBS, clock);
        resultQueue = b.resultQueue != null ? b.resultQueue : new InMemoryQueue(QueueNames.JOB_RESULTS, clock);
        ledger = b.ledger != null ? b.ledger : new InMemoryAdmissionLedger(AdmissionLimits.from(settings));
        deferredJobs = b.deferredJobs != null ? b.deferredJobs : new InMemoryDeferredJobs();
        schedules = b.schedules != null ? b.schedules : new InMemoryScheduleStore();
        App app = App.withParts(settings, new App.Parts(clock, () -> groups, () -> jobs, () -> logs, () -> jobQueue,
                () -> resultQueue, () -> ledger, () -> deferredJobs, () -> schedules));
        InProcessDurableRunner.Builder runnerBuilder = InProcessDurableRunner.builder()
                .clock(clock)
                .registerOrchestrator(WatchJobOrchestration.NAME, new WatchJobOrchestration());
        app.watchActivities().asTaskActivities().forEach(runnerBuilder::registerActivity);
        runner = runnerBuilder.build();
        watchers = new InProcessWatchers(runner);
        dispatcher = app.dispatcher(watchers);
        workPoller = app.workPoller();
        api = app.jobsApi(watchers);
    }

    public static Builder builder(Settings settings) {
        return new Builder(settings);
    }

    public Settings settings() {
        return settings;
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    public JobsApi api() {
        return api;
    }

    public WorkPoller workPoller() {
        return workPoller;
    }

    public AdmissionLedger ledger() {
        return ledger;
    }

    public DeferredJobs deferredJobs() {
        return deferredJobs;
    }

    public ScheduleStore schedules() {
        return schedules;
    }

    public InProcessDurableRunner runner() {
        return runner;
    }

    public InProcessWatchers watchers() {
        return watchers;
    }

    public JobStore jobs() {
        return jobs;
    }

    public LogStore logs() {
        return logs;
    }

    public MessageQueue jobQueue() {
        return jobQueue;
    }

    public MessageQueue resultQueue() {
        return resultQueue;
    }

    public ContainerGroups groups() {
        return groups;
    }

    public Clock clock() {
        return clock;
    }

    @Override
    public void close() {
        runner.close();
    }

    public static final class Builder {
        private final Settings settings;
        private ContainerGroups groups;
        private JobStore jobs;
        private LogStore logs;
        private MessageQueue jobQueue;
        private MessageQueue resultQueue;
        private AdmissionLedger ledger;
        private DeferredJobs deferredJobs;
        private ScheduleStore schedules;
        private Clock clock;

        private Builder(Settings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
        }

        public Builder groups(ContainerGroups groups) {
            this.groups = groups;
            return this;
        }

        public Builder jobs(JobStore jobs) {
            this.jobs = jobs;
            return this;
        }

        public Builder logs(LogStore logs) {
            this.logs = logs;
            return this;
        }

        public Builder jobQueue(MessageQueue jobQueue) {
            this.jobQueue = jobQueue;
            return this;
        }

        public Builder resultQueue(MessageQueue resultQueue) {
            this.resultQueue = resultQueue;
            return this;
        }

        /** The admission ledger; in memory with the settings' limits when not set. */
        public Builder ledger(AdmissionLedger ledger) {
            this.ledger = ledger;
            return this;
        }

        public Builder deferredJobs(DeferredJobs deferredJobs) {
            this.deferredJobs = deferredJobs;
            return this;
        }

        public Builder schedules(ScheduleStore schedules) {
            this.schedules = schedules;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public LocalStack build() {
            return new LocalStack(this);
        }
    }
}
