package dev.acidispatch.local.up;

import dev.acidispatch.admission.AdmissionLimits;
import dev.acidispatch.admission.BlobDeferredJobs;
import dev.acidispatch.admission.TableAdmissionLedger;
import dev.acidispatch.admission.TableScheduleStore;
import dev.acidispatch.api.ApiResponse;
import dev.acidispatch.arm.AzureContainerGroups;
import dev.acidispatch.config.InvalidSettingsException;
import dev.acidispatch.config.Settings;
import dev.acidispatch.emulator.ArmEmulator;
import dev.acidispatch.job.JobRecord;
import dev.acidispatch.job.JobStatus;
import dev.acidispatch.local.LocalStack;
import dev.acidispatch.local.host.FunctionsHost;
import dev.acidispatch.store.MessageQueue;
import dev.acidispatch.store.QueueNames;
import dev.acidispatch.store.StorageClients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The whole app on one machine, as {@code dispatchctl up} runs it: Azurite (a child process keeping its data on disk),
 * the ARM/ACI emulator in sandbox mode (or an emulator already running elsewhere), and the app's Functions classes
 * driven by the local {@link FunctionsHost} the way the Azure Functions host drives them: an HTTP server for the HTTP
 * functions, a queue trigger on {@code jobs} for DispatchJob, a timer for PollWork, and the WatchJob orchestration in
 * the in-process durable runner.
 *
 * <p><b>Restarts.</b> Job records, queues, logs, schedules and kept messages live in Azurite, on disk, so they outlive
 * a restart. The durable runner keeps orchestration state in memory; on start every job that was dispatched but not
 * finished gets its watcher back by redelivering the dispatcher's kept copy of its message to DispatchJob (the
 * dispatcher restarts the watcher of a deployed job, and resumes an interrupted deploy). Containers that ran in this
 * process's own emulator end with it, so on a graceful stop their jobs are cancelled through the API (logs captured,
 * groups cleaned up) rather than left for the next start to find gone.
 */
public final class LocalUp implements AutoCloseable {
    /** Dispatched but not finished: these need a watcher. */
    static final Set<JobStatus> WATCHED = EnumSet.of(JobStatus.DISPATCHING, JobStatus.PROVISIONING, JobStatus.RUNNING,
            JobStatus.RETRY_WAIT);
    private static final Duration STOP_BOUND = Duration.ofSeconds(20);
    private static final int MAX_REATTACH = 1000;

    private final Options options;
    private final Consumer<String> report;
    private final List<AutoCloseable> started = new ArrayList<>();
    private AzuriteProcess azurite;
    private ArmEmulator emulator;
    private URI armEndpoint;
    private LocalStack stack;
    private QueueTriggerListener queueListener;
    private TimerTriggerRunner timer;
    private LocalHttpFront http;
    private Settings settings;
    private String functionKey;
    private List<String> reattached = List.of();
    private boolean closed;

    /**
     * @param httpPort     the HTTP API's port (the Functions host's default is 7071)
     * @param armPort      the emulator's port when this process starts one
     * @param storagePort  Azurite's blob port; queue and table use the next two
     * @param dataDir      where Azurite's data and the function key are kept
     * @param fresh        wipe {@code dataDir} first
     * @param armEndpoint  an ARM emulator already running (its containers then outlive restarts of this process)
     * @param environment  the settings (environment, then local.settings.json); storage and ARM are set here
     * @param searchRoots  where to look for node_modules/.bin/azurite
     * @param maxPollingInterval the queue trigger's ceiling when the queue is empty (host.json may set a longer one)
     */
    public record Options(int httpPort, int armPort, int storagePort, Path dataDir, boolean fresh,
                          Optional<URI> armEndpoint, Map<String, String> environment, List<Path> searchRoots,
                          Duration maxPollingInterval) {
        public Options {
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(armEndpoint, "armEndpoint");
            environment = Map.copyOf(environment);
            searchRoots = List.copyOf(searchRoots);
        }
    }

    private LocalUp(Options options, Consumer<String> report) {
        this.options = options;
        this.report = report;
    }

    /**
     * Starts everything, or nothing: a failure stops what was started and throws with the reason.
     *
     * @throws IllegalStateException          for a port in use, Azurite missing or not starting
     * @throws InvalidSettingsException       for a bad setting
     */
    public static LocalUp start(Options options, Consumer<String> report) {
        LocalUp up = new LocalUp(options, report);
        try {
            up.startAll();
            return up;
        } catch (RuntimeException e) {
            up.close();
            throw e;
        }
    }

    private void startAll() {
        Path data = options.dataDir().toAbsolutePath();
        if (options.fresh()) {
            deleteRecursively(data);
        }
        HostJson hostJson = HostJson.bundled();
        Path executable = AzuriteProcess.findExecutable(options.searchRoots());
        functionKey = functionKey(data);
        // Settings first: a bad one should fail before anything starts.
        Map<String, String> env = new HashMap<>(options.environment());
        env.put(Settings.Names.STORAGE, AzuriteProcess.connectionString(options.storagePort()));
        env.remove(Settings.Names.STORAGE_ACCOUNT_NAME);
        env.put(Settings.Names.ARM_ENDPOINT, options.armEndpoint().map(URI::toString)
                .orElse("http://127.0.0.1:" + options.armPort()));
        env.putIfAbsent(Settings.Names.SUBSCRIPTION_ID, ArmEmulator.DEFAULT_SUBSCRIPTION_ID);
        // A local watcher should notice an exit or a cancel flag within seconds, not after production's back-off.
        env.putIfAbsent(Settings.Names.POLL_MIN_SECONDS, "1");
        env.putIfAbsent(Settings.Names.POLL_MAX_SECONDS, "5");
        settings = Settings.from(env);
        NcrontabSchedule pollSchedule = pollSchedule(settings);

        azurite = AzuriteProcess.start(executable, data.resolve("azurite"), options.storagePort());
        started.add(azurite);
        report.accept("storage: Azurite (pid " + azurite.pid() + ") on 127.0.0.1:" + options.storagePort() + "-"
                + (options.storagePort() + 2) + ", data in " + azurite.dataDir());

        if (options.armEndpoint().isEmpty()) {
            emulator = ArmEmulator.builder().sandbox(true).port(options.armPort()).build();
            try {
                emulator.start();
            } catch (RuntimeException e) {
                throw new IllegalStateException("cannot start the ARM/ACI emulator on 127.0.0.1:" + options.armPort()
                        + " (" + e.getMessage() + "): is the port in use? choose another with --arm-port");
            }
            started.add(emulator);
            armEndpoint = emulator.endpoint();
            report.accept("ARM/ACI emulator: " + armEndpoint + " (sandbox: each job's command runs as a local process; "
                    + "images are not pulled)");
        } else {
            armEndpoint = options.armEndpoint().get();
            report.accept("ARM/ACI: " + armEndpoint + " (not started here: its containers outlive this process)");
        }

        StorageClients storage = StorageClients.fromConnectionString(settings.storageConnectionString().orElseThrow());
        stack = LocalStack.builder(settings)
                .groups(AzureContainerGroups.fromSettings(settings))
                .jobs(storage.jobStore())
                .logs(storage.logStore())
                .jobQueue(storage.queue(QueueNames.JOBS))
                .resultQueue(storage.queue(QueueNames.JOB_RESULTS))
                .ledger(new TableAdmissionLedger(storage.tables(), AdmissionLimits.from(settings), settings.maxCpu()))
                .deferredJobs(new BlobDeferredJobs(storage.blobs()))
                .schedules(new TableScheduleStore(storage.tables()))
                .functionKey(functionKey)
                .build();
        started.add(stack);

        reattached = reattachWatchers();

        FunctionsHost host = stack.functions();
        HostJson.QueueOptions queueOptions = hostJson.queues().maxPollingInterval()
                .compareTo(options.maxPollingInterval()) > 0
                ? hostJson.queues().withMaxPollingInterval(options.maxPollingInterval()) : hostJson.queues();
        queueListener = QueueTriggerListener.start(storage.queues(), host.queueOf(DISPATCH_JOB), DISPATCH_JOB,
                queueOptions, hostJson.functionTimeout(),
                message -> String.join("; ", host.queue(DISPATCH_JOB, message).loggedLines()), report);
        started.add(queueListener);
        report.accept("queue trigger: DispatchJob on queue '" + host.queueOf(DISPATCH_JOB) + "' (host.json: batchSize "
                + queueOptions.batchSize() + ", newBatchThreshold " + queueOptions.newBatchThreshold()
                + ", maxDequeueCount " + queueOptions.maxDequeueCount() + " then '" + host.queueOf(DISPATCH_JOB)
                + "-poison', visibilityTimeout " + queueOptions.visibilityTimeout().toSeconds() + " s)");

        timer = TimerTriggerRunner.start(pollSchedule, stack.clock(), POLL_WORK,
                () -> String.join("; ", stack.pollWork().loggedLines()), report);
        started.add(timer);
        report.accept("timer: PollWork on '" + pollSchedule + "' (" + Settings.Names.POLL_SCHEDULE + ", UTC), next at "
                + timer.nextFire().map(Instant::toString).orElse("never"));

        http = LocalHttpFront.start(host, options.httpPort(), this::accessLog);
        started.add(http);
        report.accept("HTTP API: http://localhost:" + http.port() + "/api/ (every route needs the function key)");
    }

    private static final String DISPATCH_JOB = "DispatchJob";
    private static final String POLL_WORK = "PollWork";

    /** The PollWork timer's expression: the function's schedule with its %SETTING% resolved, as the host does. */
    private NcrontabSchedule pollSchedule(Settings settings) {
        try {
            return NcrontabSchedule.parse(settings.pollSchedule());
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException(List.of(Settings.Names.POLL_SCHEDULE + ": " + e.getMessage()));
        }
    }

    /** Requests are logged without their query string, which may hold the function key. */
    private void accessLog(String method, String path, int status) {
        report.accept("HTTP " + method + " " + path + " -> " + status);
    }

    /**
     * Redelivers the kept message of every job that was dispatched but is not finished, so DispatchJob restarts its
     * watcher; returns their ids.
     */
    private List<String> reattachWatchers() {
        List<JobRecord> active = stack.jobs().list(WATCHED, MAX_REATTACH);
        List<String> ids = new ArrayList<>();
        MessageQueue jobs = stack.jobQueue();
        for (JobRecord record : active) {
            Optional<String> kept = stack.deferredJobs().get(record.jobId());
            if (kept.isPresent()) {
                jobs.send(kept.get());
                ids.add(record.jobId());
                report.accept("job " + record.jobId() + " was " + record.status() + " when `up` last stopped: its "
                        + "message is redelivered to DispatchJob, which restarts its watcher");
            } else {
                report.accept("job " + record.jobId() + " was " + record.status() + " with no kept message: its queue "
                        + "message is redelivered once its lease ends");
            }
        }
        return List.copyOf(ids);
    }

    /** Ids of jobs whose watchers were re-attached at start. */
    public List<String> reattached() {
        return reattached;
    }

    public Settings settings() {
        return settings;
    }

    public String functionKey() {
        return functionKey;
    }

    public int httpPort() {
        return http.port();
    }

    public URI armEndpoint() {
        return armEndpoint;
    }

    public String storageConnectionString() {
        return settings.storageConnectionString().orElseThrow();
    }

    public LocalStack stack() {
        return stack;
    }

    public Path dataDir() {
        return options.dataDir().toAbsolutePath();
    }

    /**
     * Stops accepting work, lets the dispatches in flight finish, cancels the jobs whose containers run in this
     * process's emulator (waiting a bounded time for their watchers to capture logs and clean up), then stops
     * everything. Safe to call twice.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(http);
        closeQuietly(timer);
        if (queueListener != null) {
            queueListener.stop(STOP_BOUND);
        }
        if (emulator != null && stack != null) {
            cancelRunningJobs();
        }
        for (int i = started.size() - 1; i >= 0; i--) {
            AutoCloseable part = started.get(i);
            if (part != http && part != timer && part != queueListener) {
                closeQuietly(part);
            }
        }
    }

    /**
     * The last resort when the JVM exits without {@link #close()}: ends the emulator's processes and Azurite, so no
     * child process outlives this one. Nothing is cancelled or recorded.
     */
    public void closeProcesses() {
        closeQuietly(emulator);
        closeQuietly(azurite);
    }

    private void cancelRunningJobs() {
        List<JobRecord> running;
        try {
            running = stack.jobs().list(WATCHED, MAX_REATTACH);
        } catch (RuntimeException e) {
            report.accept("could not list running jobs to cancel them: " + e.getMessage());
            return;
        }
        if (running.isEmpty()) {
            return;
        }
        report.accept("stopping: " + running.size() + " job(s) run in this process's emulator and end with it; "
                + "cancelling them so their logs are captured and their groups cleaned up: "
                + running.stream().map(JobRecord::jobId).collect(Collectors.joining(", ")));
        for (JobRecord record : running) {
            ApiResponse answer = stack.routes().cancel(record.jobId());
            if (answer.status() != 202) {
                report.accept("job " + record.jobId() + ": cancel answered " + answer.status() + " " + answer.body());
            }
        }
        long deadline = System.nanoTime() + STOP_BOUND.toNanos();
        for (JobRecord record : running) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            if (stack.runner().getState(record.jobId()).isPresent()) {
                stack.runner().waitForCompletion(record.jobId(), left);
            }
            JobRecord now = stack.jobs().get(record.jobId()).orElse(record);
            report.accept("job " + now.jobId() + ": " + now.status() + (now.reason() == null ? "" : " - " + now.reason()));
        }
    }

    private static void closeQuietly(AutoCloseable part) {
        if (part == null) {
            return;
        }
        try {
            part.close();
        } catch (Exception e) {
            // Stopping goes on with the other parts.
        }
    }

    /**
     * The HTTP functions' key, kept in the data folder so the printed key stays valid across restarts (the Functions
     * host likewise keeps its keys in storage); readable by its owner only.
     */
    private static String functionKey(Path data) {
        Path file = data.resolve("function-key");
        try {
            Files.createDirectories(data);
            if (Files.isRegularFile(file)) {
                String key = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (!key.isEmpty()) {
                    return key;
                }
            }
            byte[] bytes = new byte[24];
            new SecureRandom().nextBytes(bytes);
            String key = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            Files.writeString(file, key + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the folder's own permissions apply.
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the function key in " + file + ": " + e.getMessage(), e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("--fresh: cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }
}
