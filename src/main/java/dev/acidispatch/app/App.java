package dev.acidispatch.app;

import dev.acidispatch.admission.AdmissionLedger;
import dev.acidispatch.admission.AdmissionLimits;
import dev.acidispatch.admission.BlobDeferredJobs;
import dev.acidispatch.admission.DeferredJobs;
import dev.acidispatch.admission.NotifyingScheduleStore;
import dev.acidispatch.admission.OrphanSweeper;
import dev.acidispatch.admission.ScheduleStore;
import dev.acidispatch.admission.TableAdmissionLedger;
import dev.acidispatch.admission.TableScheduleStore;
import dev.acidispatch.admission.WorkPoller;
import dev.acidispatch.api.JobsApi;
import dev.acidispatch.arm.AzureContainerGroups;
import dev.acidispatch.arm.ContainerGroups;
import dev.acidispatch.config.Settings;
import dev.acidispatch.dispatch.Dispatcher;
import dev.acidispatch.job.JobDefaults;
import dev.acidispatch.job.JobValidator;
import dev.acidispatch.store.JobStore;
import dev.acidispatch.store.LogStore;
import dev.acidispatch.store.MessageQueue;
import dev.acidispatch.store.StorageClients;
import dev.acidispatch.store.QueueNames;
import dev.acidispatch.template.TemplateCatalog;
import dev.acidispatch.template.TemplateRenderer;
import dev.acidispatch.watch.PollPolicy;
import dev.acidispatch.watch.WatchActivities;
import dev.acidispatch.watch.Watchers;

import java.time.Clock;
import java.util.function.Supplier;

/**
 * The composition root: every component built from {@link Settings}, each on first use (cold start: a function that
 * only validates never builds an ARM or storage client). The Functions layer uses {@link #instance()}; the CLI builds
 * one from its environment. Components are built once and shared; construction never does I/O beyond reading
 * custom templates.
 */
public final class App {
    private static final Lazy<App> INSTANCE = new Lazy<>(() -> App.from(Settings.fromEnvironment()));

    private final Settings settings;
    private final Clock clock;
    private final Lazy<TemplateCatalog> catalog;
    private final Lazy<JobValidator> validator;
    private final Lazy<TemplateRenderer> renderer;
    private final Lazy<ContainerGroups> groups;
    private final Lazy<JobStore> jobs;
    private final Lazy<LogStore> logs;
    private final Lazy<MessageQueue> jobQueue;
    private final Lazy<MessageQueue> resultQueue;
    private final Lazy<AdmissionLedger> ledger;
    private final Lazy<DeferredJobs> deferredJobs;
    private final Lazy<ScheduleStore> schedules;
    private final Lazy<WatchActivities> activities;
    private final Lazy<WorkPoller> workPoller;

    /**
     * The parts that differ between Azure and an in-process run (ARM, storage, time); everything built from them is
     * wired once, here. Each supplier is called at most once, on first use.
     */
    public record Parts(Clock clock, Supplier<ContainerGroups> groups, Supplier<JobStore> jobs, Supplier<LogStore> logs,
                 Supplier<MessageQueue> jobQueue, Supplier<MessageQueue> resultQueue,
                 Supplier<AdmissionLedger> ledger, Supplier<DeferredJobs> deferredJobs,
                 Supplier<ScheduleStore> schedules) {

        /** Azure: ARM through the SDK, everything else in the storage account of AzureWebJobsStorage. */
        static Parts azure(Settings settings) {
            Lazy<StorageClients> storage = new Lazy<>(() -> StorageClients.from(settings));
            return new Parts(Clock.systemUTC(),
                    () -> AzureContainerGroups.fromSettings(settings),
                    () -> storage.get().jobStore(),
                    () -> storage.get().logStore(),
                    () -> storage.get().queue(QueueNames.JOBS),
                    () -> storage.get().queue(QueueNames.JOB_RESULTS),
                    () -> new TableAdmissionLedger(storage.get().tables(), AdmissionLimits.from(settings),
                            settings.maxCpu()),
                    () -> new BlobDeferredJobs(storage.get().blobs()),
                    () -> new TableScheduleStore(storage.get().tables()));
        }
    }

    private App(Settings settings, Parts parts) {
        Logging.quietKnownNoise();
        this.settings = settings;
        clock = parts.clock();
        catalog = new Lazy<>(() -> TemplateCatalog.fromSettings(settings));
        validator = new Lazy<>(() -> new JobValidator(JobDefaults.from(settings), catalog.get().names()));
        renderer = new Lazy<>(() -> new TemplateRenderer(catalog.get(), settings.logAnalytics()));
        groups = new Lazy<>(parts.groups());
        jobs = new Lazy<>(parts.jobs());
        logs = new Lazy<>(parts.logs());
        jobQueue = new Lazy<>(parts.jobQueue());
        resultQueue = new Lazy<>(parts.resultQueue());
        ledger = new Lazy<>(parts.ledger());
        deferredJobs = new Lazy<>(parts.deferredJobs());
        // Adds and removals are counted in the ledger, so PollWork reads schedules only when they changed or are due.
        schedules = new Lazy<>(() -> new NotifyingScheduleStore(parts.schedules().get(), ledger.get()));
        activities = new Lazy<>(() -> new WatchActivities(groups.get(), jobs.get(), ledger.get(), deferredJobs.get(),
                logs.get(), resultQueue.get(), clock, settings.logAnalytics()));
        workPoller = new Lazy<>(() -> new WorkPoller(schedules.get(), jobs.get(), validator.get(), jobQueue.get(),
                ledger.get(), deferredJobs.get(), OrphanSweeper.fromSettings(groups.get(), jobs.get(), ledger.get(), settings),
                WorkPoller.Options.DEFAULTS, WorkPoller.QuotaSource.of(groups.get(), settings.defaultLocation())));
    }

    /** The process-wide instance for the Functions host, built from the environment on first use. */
    public static App instance() {
        return INSTANCE.get();
    }

    public static App from(Settings settings) {
        return new App(settings, Parts.azure(settings));
    }

    /** An app on other parts (the local stack: in-memory or Azurite stores, the emulator, a virtual clock). */
    public static App withParts(Settings settings, Parts parts) {
        return new App(settings, parts);
    }

    public Settings settings() {
        return settings;
    }

    /** The app's clock (system UTC in Azure; the local stack may run on a virtual one). */
    public Clock clock() {
        return clock;
    }

    public JobValidator validator() {
        return validator.get();
    }

    public TemplateRenderer renderer() {
        return renderer.get();
    }

    public ContainerGroups containerGroups() {
        return groups.get();
    }

    public JobStore jobs() {
        return jobs.get();
    }

    public LogStore logs() {
        return logs.get();
    }

    public MessageQueue jobQueue() {
        return jobQueue.get();
    }

    public WatchActivities watchActivities() {
        return activities.get();
    }

    /** The shared admission budget (table {@value TableAdmissionLedger#TABLE_NAME}). */
    public AdmissionLedger admissionLedger() {
        return ledger.get();
    }

    /** Messages of DEFERRED jobs (blob container {@value BlobDeferredJobs#CONTAINER_NAME}). */
    public DeferredJobs deferredJobs() {
        return deferredJobs.get();
    }

    /** Schedules (table {@value TableScheduleStore#TABLE_NAME}); adds and removals are counted in the ledger. */
    public ScheduleStore schedules() {
        return schedules.get();
    }

    /** What the PollWork timer runs. */
    public WorkPoller workPoller() {
        return workPoller.get();
    }

    public Dispatcher dispatcher(Watchers watchers) {
        return new Dispatcher(validator(), renderer(), containerGroups(), jobs(), admissionLedger(), deferredJobs(),
                watchers, PollPolicy.from(settings), clock);
    }

    public JobsApi jobsApi(Watchers watchers) {
        return new JobsApi(validator(), jobs(), logs(), jobQueue(), containerGroups(), deferredJobs(), admissionLedger(),
                watchers, clock, settings.logTailLines());
    }

    /** Thread-safe memoising supplier. */
    static final class Lazy<T> implements Supplier<T> {
        private final Supplier<T> factory;
        private volatile T value;

        Lazy(Supplier<T> factory) {
            this.factory = factory;
        }

        @Override
        public T get() {
            T v = value;
            if (v == null) {
                synchronized (this) {
                    v = value;
                    if (v == null) {
                        v = factory.get();
                        value = v;
                    }
                }
            }
            return v;
        }
    }
}
