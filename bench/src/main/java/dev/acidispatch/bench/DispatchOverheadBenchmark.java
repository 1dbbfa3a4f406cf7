package dev.acidispatch.bench;

import dev.acidispatch.admission.Admission;
import dev.acidispatch.admission.AdmissionLedger;
import dev.acidispatch.admission.InMemoryDeferredJobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acidispatch.app.App;
import dev.acidispatch.local.LocalStack;
import dev.acidispatch.arm.ArmClientOptions;
import dev.acidispatch.arm.ArmConnection;
import dev.acidispatch.arm.AzureContainerGroups;
import dev.acidispatch.config.Settings;
import dev.acidispatch.dispatch.DispatchOutcome;
import dev.acidispatch.dispatch.Dispatcher;
import dev.acidispatch.emulator.ArmEmulator;
import dev.acidispatch.emulator.ContainerScript;
import dev.acidispatch.emulator.Quotas;
import dev.acidispatch.emulator.Route;
import dev.acidispatch.emulator.Throttling;
import dev.acidispatch.job.JobValidator;
import dev.acidispatch.job.ResolvedJob;
import dev.acidispatch.json.Json;
import dev.acidispatch.store.InMemoryJobStore;
import dev.acidispatch.store.ReceivedMessage;
import dev.acidispatch.store.StorageClients;
import dev.acidispatch.store.StorageQueue;
import dev.acidispatch.store.TableJobStore;
import dev.acidispatch.store.BlobLogStore;
import dev.acidispatch.template.TemplateRenderer;
import dev.acidispatch.testing.Azurite;
import dev.acidispatch.testing.PipelineHarness;
import dev.acidispatch.watch.PollPolicy;
import dev.acidispatch.watch.WatchPlan;
import dev.acidispatch.watch.Watchers;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Section 3: what dispatching costs us, apart from ARM. CPU time per job is measured on one thread with an instant
 * in-process ARM fake and in-memory stores, so it is our code only (validate, record, render, deploy decision,
 * watcher start). Throughput is a 1,000-message burst through the real parts: Azurite queues and tables, the real SDK
 * against the emulator over HTTP, the in-process runner watching every job as it is dispatched.
 */
final class DispatchOverheadBenchmark {
    static final int WARMUP_JOBS = 5_000;
    static final int MEASURED_JOBS = 20_000;
    static final int BURST = 1_000;
    static final int DISPATCH_THREADS = 16;

    record CpuFigures(double validateMicros, double renderMicros, double dispatchMicros, int jobs) {
    }

    record JmhFigures(double renderMicros, double validateMicros, String command) {
    }

    record Throughput(int jobs, double seconds, double enqueueSeconds, long deploymentPuts, int threads) {
        double jobsPerSecond() {
            return jobs / seconds;
        }
    }

    private static Settings inProcessSettings() {
        return Settings.from(Map.of(Settings.Names.SUBSCRIPTION_ID, ArmEmulator.DEFAULT_SUBSCRIPTION_ID,
                Settings.Names.DEFAULT_RESOURCE_GROUP, PipelineHarness.RESOURCE_GROUP));
    }

    static CpuFigures cpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Settings settings = inProcessSettings();
        App app = App.from(settings);
        JobValidator validator = app.validator();
        TemplateRenderer renderer = app.renderer();
        Watchers started = new Watchers() {
            @Override
            public boolean start(WatchPlan plan) {
                return true;
            }

            @Override
            public boolean cancel(String jobId, String reason) {
                return false;
            }
        };
        Dispatcher dispatcher = new Dispatcher(validator, renderer, new InstantContainerGroups(), new InMemoryJobStore(),
                unlimitedLedger(), new InMemoryDeferredJobs(), started, PollPolicy.from(settings), Clock.systemUTC());
        List<String> messages = new ArrayList<>(WARMUP_JOBS + MEASURED_JOBS);
        for (int i = 0; i < WARMUP_JOBS + MEASURED_JOBS; i++) {
            messages.add(PipelineHarness.message("cpu-" + i));
        }
        List<String> warm = messages.subList(0, WARMUP_JOBS);
        List<String> measured = messages.subList(WARMUP_JOBS, messages.size());
        warm.forEach(m -> renderer.render(validator.resolve(m)));
        warm.forEach(m -> requireDispatched(dispatcher.dispatch(m)));

        List<ResolvedJob> resolved = new ArrayList<>(measured.size());
        long t0 = threads.getCurrentThreadCpuTime();
        measured.forEach(m -> resolved.add(validator.resolve(m)));
        long t1 = threads.getCurrentThreadCpuTime();
        resolved.forEach(renderer::render);
        long t2 = threads.getCurrentThreadCpuTime();
        // Fresh ids: the dispatcher's own validate and render count again here, as they do in production.
        Dispatcher fresh = new Dispatcher(validator, renderer, new InstantContainerGroups(), new InMemoryJobStore(),
                unlimitedLedger(), new InMemoryDeferredJobs(), started, PollPolicy.from(settings), Clock.systemUTC());
        long t3 = threads.getCurrentThreadCpuTime();
        measured.forEach(m -> requireDispatched(fresh.dispatch(m)));
        long t4 = threads.getCurrentThreadCpuTime();
        int n = measured.size();
        return new CpuFigures((t1 - t0) / 1e3 / n, (t2 - t1) / 1e3 / n, (t4 - t3) / 1e3 / n, n);
    }

    private static void requireDispatched(DispatchOutcome outcome) {
        if (outcome.kind() != DispatchOutcome.Kind.DISPATCHED) {
            throw new IllegalStateException("benchmark dispatch did not dispatch: " + outcome);
        }
    }

    /**
     * One fork; 10 s of warm-up, since with 3 s here the iterations were still falling (35 to 17 µs a render) when
     * measuring began.
     */
    private static final List<String> JMH_OPTIONS = List.of("-f", "1", "-wi", "10", "-w", "1s", "-i", "5", "-r", "2s",
            "-bm", "avgt", "-tu", "us");

    /** JMH in a child JVM when it is on the class path ({@code -Pbench}); empty otherwise. */
    static JmhFigures jmh(Path workDir) throws Exception {
        try {
            Class.forName("org.openjdk.jmh.Main");
            Class.forName("dev.acidispatch.bench.jmh.RenderBenchmark");
        } catch (ClassNotFoundException e) {
            return null;
        }
        Files.createDirectories(workDir);
        Path result = workDir.resolve("jmh-render.json");
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-cp", System.getProperty("java.class.path"),
                "org.openjdk.jmh.Main", "dev.acidispatch.bench.jmh.RenderBenchmark"));
        command.addAll(JMH_OPTIONS);
        command.addAll(List.of("-rf", "json", "-rff", result.toString()));
        Process jmh = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(workDir.resolve("jmh-render.log").toFile()).start();
        if (!jmh.waitFor(5, TimeUnit.MINUTES) || jmh.exitValue() != 0) {
            jmh.destroyForcibly();
            throw new IllegalStateException("JMH failed; see " + workDir.resolve("jmh-render.log"));
        }
        Map<String, Double> scores = new HashMap<>();
        for (JsonNode run : Json.read(Files.readString(result), JsonNode.class)) {
            String name = run.get("benchmark").asText();
            scores.put(name.substring(name.lastIndexOf('.') + 1), run.get("primaryMetric").get("score").asDouble());
        }
        return new JmhFigures(scores.getOrDefault("render", Double.NaN), scores.getOrDefault("validate", Double.NaN),
                "org.openjdk.jmh.Main RenderBenchmark " + String.join(" ", JMH_OPTIONS));
    }

    static Throughput burst() throws Exception {
        // ARM's request buckets off too: this figure is the dispatcher's own ceiling. ARM's read bucket refills at
        // 25 per second, which would cap a real burst well below it (section 6 runs a burst with the limits on).
        ArmEmulator emulator = ArmEmulator.builder()
                .throttling(Throttling.off())
                .quotas(Quotas.aciDefaults().withMaxGroups(1_000_000).withMaxCores(1_000_000)
                        .withCreatesPerWindow(1_000_000, Duration.ofMinutes(5)).withoutDeleteLimits())
                .defaultScript(ContainerScript.builder().provisioningDelay(Duration.ofSeconds(20))
                        .runDuration(Duration.ofHours(1)).build())
                .start();
        try {
            Map<String, String> env = new HashMap<>();
            env.put(Settings.Names.SUBSCRIPTION_ID, emulator.subscriptionId());
            env.put(Settings.Names.ARM_ENDPOINT, emulator.endpoint().toString());
            env.put(Settings.Names.DEFAULT_RESOURCE_GROUP, PipelineHarness.RESOURCE_GROUP);
            // Admission lifted: the figure is the dispatcher's own ceiling, not a configured budget.
            env.put(Settings.Names.MAX_ACTIVE_JOBS, "100000");
            env.put(Settings.Names.MAX_ACTIVE_CORES, "100000");
            env.put(Settings.Names.CREATES_PER_5_MIN, "100000");
            env.put(Settings.Names.CREATES_PER_HOUR, "1000000");
            Settings settings = Settings.from(env);
            StorageClients storage = StorageClients.fromConnectionString(Azurite.shared().connectionString());
            String suffix = "b" + ProcessHandle.current().pid();
            StorageQueue jobQueue = new StorageQueue(storage.queues(), "jobs-" + suffix);
            try (LocalStack stack = LocalStack.builder(settings)
                    .groups(new AzureContainerGroups(ArmConnection.unauthenticated(emulator.subscriptionId(),
                            emulator.endpoint()), ArmClientOptions.defaults()))
                    .jobs(new TableJobStore(storage.tables(), "jobs" + suffix, 40))
                    .logs(new BlobLogStore(storage.blobs(), "job-logs-" + suffix))
                    .jobQueue(jobQueue)
                    .resultQueue(new StorageQueue(storage.queues(), "job-results-" + suffix))
                    .build()) {
                // Warm the clients and the JIT a little on a few jobs outside the measured burst.
                for (int i = 0; i < 20; i++) {
                    requireDispatched(stack.dispatch(PipelineHarness.message("warm-" + i)));
                }
                ExecutorService pool = Executors.newFixedThreadPool(DISPATCH_THREADS);
                try {
                    long e0 = System.nanoTime();
                    List<Future<?>> sends = new ArrayList<>();
                    for (int i = 0; i < BURST; i++) {
                        String message = PipelineHarness.message("burst-" + i);
                        sends.add(pool.submit(() -> jobQueue.send(message)));
                    }
                    for (Future<?> f : sends) {
                        f.get();
                    }
                    double enqueueSeconds = (System.nanoTime() - e0) / 1e9;
                    long putsBefore = emulator.requestLog().count(Route.DEPLOYMENT_PUT);

                    AtomicInteger done = new AtomicInteger();
                    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
                    long t0 = System.nanoTime();
                    List<Future<?>> workers = new ArrayList<>();
                    for (int w = 0; w < DISPATCH_THREADS; w++) {
                        workers.add(pool.submit(() -> {
                            while (done.get() < BURST && System.nanoTime() < deadline) {
                                List<ReceivedMessage> batch = jobQueue.receive(4, Duration.ofMinutes(5));
                                for (ReceivedMessage m : batch) {
                                    requireDispatched(stack.dispatch(m.text()));
                                    jobQueue.delete(m);
                                    done.incrementAndGet();
                                }
                            }
                            return null;
                        }));
                    }
                    for (Future<?> f : workers) {
                        f.get();
                    }
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    if (done.get() < BURST) {
                        throw new IllegalStateException("burst did not finish in 5 minutes: " + done.get() + " of " + BURST);
                    }
                    long puts = emulator.requestLog().count(Route.DEPLOYMENT_PUT) - putsBefore;
                    return new Throughput(done.get(), seconds, enqueueSeconds, puts, DISPATCH_THREADS);
                } finally {
                    pool.shutdownNow();
                }
            }
        } finally {
            emulator.close();
        }
    }

    static void print(Report report, CpuFigures cpu, JmhFigures jmh, Throughput burst) {
        report.section("3. Dispatch overhead and throughput");
        report.row("figure", "value", "how");
        report.row("validate, CPU per job", String.format("%.1f µs", cpu.validateMicros()),
                "hand-timed thread CPU, " + cpu.jobs() + " jobs after " + WARMUP_JOBS + " warm-up");
        report.row("render, CPU per job", String.format("%.1f µs", cpu.renderMicros()), "same");
        report.row("dispatch, CPU per job (validate + record + render + deploy + watcher start)",
                String.format("%.1f µs", cpu.dispatchMicros()),
                "same; in-process instant ContainerGroups fake, in-memory job store, watcher start stubbed");
        if (jmh != null) {
            report.row("render (JMH avgt)", String.format("%.1f µs", jmh.renderMicros()), jmh.command());
            report.row("validate (JMH avgt)", String.format("%.1f µs", jmh.validateMicros()), "same run");
        } else {
            report.row("render (JMH)", "not run", "JMH is on the class path only with -Pbench");
        }
        report.row("burst throughput", String.format("%.1f jobs/s", burst.jobsPerSecond()),
                String.format("%d messages, %d dispatcher threads, Azurite queue+table, SDK -> emulator (HTTP), "
                        + "in-process watchers; %.1f s", burst.jobs(), burst.threads(), burst.seconds()));
        report.row("burst enqueue (not in the figure above)", String.format("%.1f s", burst.enqueueSeconds()),
                "1,000 sends from " + burst.threads() + " threads");
        report.note("The burst created " + burst.deploymentPuts() + " deployments (one PUT per job).");
        double render = jmh != null ? jmh.renderMicros() : cpu.renderMicros();
        report.target("render <= 50 µs", render <= 50, String.format("%.1f µs (%s)", render, jmh != null ? "JMH" : "hand-timed"));
        report.target("dispatch overhead <= 2 ms per job", cpu.dispatchMicros() <= 2000,
                String.format("%.3f ms", cpu.dispatchMicros() / 1000));
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Admission is not what this benchmark measures, and tens of thousands of never-released leases would make the
     * in-memory ledger's copy-on-write state dominate: a ledger that admits everything.
     */
    private static AdmissionLedger unlimitedLedger() {
        return new AdmissionLedger() {
            @Override
            public Admission tryAdmit(String jobId, double cores, java.time.Instant now) {
                return new Admission(true, "admitted", null);
            }

            @Override
            public void release(String jobId) {
            }

            @Override
            public void throttled(java.time.Duration retryAfter, java.time.Instant now) {
            }

            @Override
            public java.util.Optional<java.time.Instant> tryDelete(String key, java.time.Instant now) {
                return java.util.Optional.empty();
            }

            @Override
            public void refundDelete(String key) {
            }

            @Override
            public int reconcile(java.util.function.Predicate<String> stillActive, java.time.Instant now) {
                return 0;
            }

            @Override
            public Snapshot snapshot() {
                return Snapshot.EMPTY;
            }

            @Override
            public void deferralRecorded() {
            }

            @Override
            public void schedulesChanged() {
            }

            @Override
            public void pollCompleted(dev.acidispatch.admission.PollMarks.Progress progress) {
            }
        };
    }
}
