package dev.acidispatch.bench;

import dev.acidispatch.emulator.ContainerScript;
import dev.acidispatch.job.JobRecord;
import dev.acidispatch.job.JobStatus;
import dev.acidispatch.local.host.FunctionsHost;
import dev.acidispatch.testing.CountingStorage;
import dev.acidispatch.testing.PipelineHarness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sections 6 and 7: the function-side inputs of the cost model (docs/cost.md), measured, not guessed.
 *
 * <p>6. One job at a time through the local Functions host (the app's functions classes under the host's payload
 * rules), every store on Azure Storage (Azurite, each request counted: one request is one billed transaction) and ARM
 * through the real SDK against the emulator, on a virtual clock with the default poll policy: executions per function
 * (an orchestrator episode counts one, as the host bills it), storage transactions, ARM calls, local execution time,
 * and the job's own ACI vCPU-seconds and GB-seconds.
 *
 * <p>7. PollWork: a day of ticks at the default schedule (every minute) with nothing to do, then ticks while one job
 * runs: what each kind of tick costs in storage transactions, ARM calls and local time.
 */
final class CostBenchmark {
    static final List<Duration> DURATIONS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(60), Duration.ofHours(6));
    static final Duration PULL = ArmCallsBenchmark.PROVISIONING;
    /** Function names in pipeline order, so every table has the same columns. */
    static final List<String> FUNCTIONS = List.of("DispatchJob", "WatchJob", "CheckGroup", "CaptureLogs", "Cleanup",
            "RecordResult");
    /** Minutes in Azure's billing month (730 hours), the figure Azure pricing pages use for monthly estimates. */
    static final long MINUTES_PER_MONTH = 730L * 60;

    record JobCost(Duration run, Map<String, Long> executions, Map<String, Duration> time, Map<String, Duration> longest,
                   Map<String, Long> storage, long armCalls, double cpu, double memoryGb) {
        long totalExecutions() {
            return executions.values().stream().mapToLong(Long::longValue).sum();
        }

        long storageTransactions() {
            return storage.values().stream().mapToLong(Long::longValue).sum();
        }

        Duration totalTime() {
            return time.values().stream().reduce(Duration.ZERO, Duration::plus);
        }

        /** ACI bills the group from the start of the image pull until it stops (ACI FAQ, "When does the meter start"). */
        double vcpuSeconds() {
            return cpu * run.plus(PULL).toSeconds();
        }

        double memoryGbSeconds() {
            return memoryGb * run.plus(PULL).toSeconds();
        }
    }

    /** One kind of PollWork tick: how often it happened and what it cost on average. */
    record TickKind(String kind, int ticks, double storagePerTick, double armPerTick, double millisPerTick) {
    }

    record Ticks(List<TickKind> idleDay, List<TickKind> busy, long idleDayStorage, long idleDayArm) {
    }

    static List<JobCost> jobs() {
        List<JobCost> costs = new ArrayList<>();
        for (Duration run : DURATIONS) {
            costs.add(measure(run));
        }
        return costs;
    }

    static JobCost measure(Duration run) {
        CountingStorage storage = CountingStorage.onAzurite();
        try (PipelineHarness h = new PipelineHarness(Map.of(), storage)) {
            String jobId = "cost-" + run.toMinutes() + "m";
            h.script(jobId, ContainerScript.builder().provisioningDelay(PULL).runDuration(run).logLines("done").build());
            FunctionsHost host = h.stack.functions();
            Map<String, Long> counts = host.executionCounts();
            Map<String, Duration> times = host.executionTimes();
            int mark = storage.mark();
            int arm = h.emulator.requestLog().entries().size();

            h.stack.dispatch(PipelineHarness.message(jobId, 600, (int) run.plusHours(1).toSeconds()));
            h.awaitWatcher(jobId);

            JobRecord done = h.record(jobId);
            if (done.status() != JobStatus.SUCCEEDED) {
                throw new IllegalStateException("cost benchmark job " + jobId + " ended " + done.status() + ": " + done.reason());
            }
            Map<String, Long> executions = new LinkedHashMap<>();
            Map<String, Duration> time = new LinkedHashMap<>();
            host.executionCounts().forEach((name, n) -> {
                long delta = n - counts.getOrDefault(name, 0L);
                if (delta > 0) {
                    executions.put(name, delta);
                    time.put(name, host.executionTimes().get(name).minus(times.getOrDefault(name, Duration.ZERO)));
                }
            });
            Map<String, Long> byService = new TreeMap<>();
            for (String request : storage.since(mark)) {
                byService.merge(request.substring(0, request.indexOf(' ')), 1L, Long::sum);
            }
            return new JobCost(run, executions, time, host.longestExecutions(), byService,
                    h.emulator.requestLog().entries().size() - arm, done.cpu(), done.memoryGb());
        }
    }

    static Ticks ticks() {
        CountingStorage storage = CountingStorage.onAzurite();
        try (PipelineHarness h = new PipelineHarness(Map.of(), storage)) {
            Map<String, long[]> day = new LinkedHashMap<>();
            long dayStorage = 0;
            long dayArm = 0;
            for (int minute = 0; minute < 24 * 60; minute++) {
                TickSample tick = tick(h, storage);
                dayStorage += tick.storage();
                dayArm += tick.arm();
                add(day, tick);
                h.clock.advance(Duration.ofMinutes(1));
            }
            // One job starts and runs (its watcher is not driven, so only PollWork sends requests): busy ticks.
            h.script("busy", ContainerScript.builder().provisioningDelay(PULL).runDuration(Duration.ofHours(2)).build());
            h.stack.dispatch(PipelineHarness.message("busy", 600, 4 * 3600));
            Map<String, long[]> busy = new LinkedHashMap<>();
            for (int minute = 0; minute < 30; minute++) {
                h.clock.advance(Duration.ofMinutes(1));
                add(busy, tick(h, storage));
            }
            return new Ticks(kinds(day), kinds(busy), dayStorage, dayArm);
        }
    }

    /** One PollWork tick: how it was classified and what it cost. */
    private record TickSample(String kind, long nanos, long storage, long arm) {
    }

    /** Fires PollWork once through the local host and measures it. */
    private static TickSample tick(PipelineHarness h, CountingStorage storage) {
        FunctionsHost host = h.stack.functions();
        Duration before = host.executionTimes().getOrDefault("PollWork", Duration.ZERO);
        int mark = storage.mark();
        int arm = h.emulator.requestLog().entries().size();
        FunctionsHost.Invocation invocation = h.stack.pollWork();
        String line = invocation.loggedLines().stream().filter(l -> l.startsWith("jobId=- step=poll-work"))
                .reduce((earlier, summary) -> summary).orElseThrow();
        return new TickSample(kind(line), host.executionTimes().get("PollWork").minus(before).toNanos(),
                storage.since(mark).size(), h.emulator.requestLog().entries().size() - arm);
    }

    private static String kind(String logLine) {
        if (logLine.contains("idle")) {
            return "idle (nothing to do)";
        }
        String steps = logLine.substring(logLine.indexOf("steps ") + "steps ".length()).replaceAll(",? ?errors.*$", "");
        return steps.contains("FULL_CHECK") ? "full check (hourly)" : "steps " + steps;
    }

    private static void add(Map<String, long[]> kinds, TickSample tick) {
        long[] sum = kinds.computeIfAbsent(tick.kind(), k -> new long[4]);
        sum[0]++;
        sum[1] += tick.nanos();
        sum[2] += tick.storage();
        sum[3] += tick.arm();
    }

    private static List<TickKind> kinds(Map<String, long[]> sums) {
        List<TickKind> kinds = new ArrayList<>();
        sums.forEach((kind, s) -> kinds.add(new TickKind(kind, (int) s[0], (double) s[2] / s[0], (double) s[3] / s[0],
                s[1] / 1e6 / s[0])));
        return kinds;
    }

    static void print(Report report, List<JobCost> costs, Ticks ticks, int flexInstanceMemoryMb) {
        double memoryGb = flexInstanceMemoryMb / 1024.0;
        report.section("6. Function executions per job (local Functions host, Azurite and the emulator, virtual clock,"
                + " default poll policy; one job at a time)");
        List<Object> header = new ArrayList<>(List.of("job"));
        header.addAll(FUNCTIONS);
        header.addAll(List.of("executions", "storage tx", "ARM calls", "local time"));
        report.row(header.toArray());
        for (JobCost c : costs) {
            List<Object> row = new ArrayList<>(List.of(ArmCallsBenchmark.label(c.run())));
            for (String f : FUNCTIONS) {
                row.add(c.executions().getOrDefault(f, 0L));
            }
            row.addAll(List.of(c.totalExecutions(), c.storageTransactions() + " " + c.storage(), c.armCalls(),
                    c.totalTime().toMillis() + " ms"));
            report.row(row.toArray());
        }
        List<String> others = costs.stream().flatMap(c -> c.executions().keySet().stream())
                .filter(f -> !FUNCTIONS.contains(f)).distinct().toList();
        if (!others.isEmpty()) {
            report.note("Other functions that ran: " + others);
        }
        report.note("WatchJob counts orchestrator episodes (one execution each, as the host bills them). Storage tx ="
                + " every request to Azurite (tables, queues, blobs), each one billed transaction; Durable Functions'"
                + " own task-hub traffic is not in it (the in-process runner keeps history in memory).");
        report.note("Local time is the sum of wall-clock time inside the functions here; in Azure the same code waits"
                + " on real ARM and storage round trips. Longest single execution: " + longest(costs) + ".");
        report.section("6b. What one job costs in billed units (from section 6)");
        report.row("job", "executions", "Flex GB-s (upper bound, " + flexInstanceMemoryMb + " MB)", "ACI vCPU-s", "ACI GB-s",
                "billed group time");
        for (JobCost c : costs) {
            report.row(ArmCallsBenchmark.label(c.run()), c.totalExecutions(),
                    String.format("%.0f", c.totalExecutions() * 1.0 * memoryGb),
                    String.format("%.0f", c.vcpuSeconds()), String.format("%.0f", c.memoryGbSeconds()),
                    c.run().plus(PULL).toSeconds() + " s");
        }
        report.note("Flex GB-s: each execution billed as one activity period at the 1,000 ms minimum (Flex Consumption"
                + " plan docs, \"Billing\") times the instance memory; an upper bound, since an episode and the"
                + " activity it schedules can share one period, and valid while each execution stays under 1 s in"
                + " Azure (here the longest took " + longest(costs) + ").");
        report.note("ACI: job default " + costs.get(0).cpu() + " vCPU / " + costs.get(0).memoryGb() + " GB, billed from"
                + " the image pull (" + PULL.toSeconds() + " s here, the emulator's) until the group stops (ACI FAQ).");

        report.section("7. PollWork ticks (every minute, the default DISPATCH_POLL_SCHEDULE)");
        report.row("tick", "ticks", "storage tx per tick", "ARM calls per tick", "local time per tick");
        for (TickKind k : ticks.idleDay()) {
            report.row("idle day: " + k.kind(), k.ticks(), fmt(k.storagePerTick()), fmt(k.armPerTick()),
                    String.format("%.1f ms", k.millisPerTick()));
        }
        for (TickKind k : ticks.busy()) {
            report.row("one job running: " + k.kind(), k.ticks(), fmt(k.storagePerTick()), fmt(k.armPerTick()),
                    String.format("%.1f ms", k.millisPerTick()));
        }
        report.note("A day with nothing to do: 1,440 executions, " + ticks.idleDayStorage() + " storage transactions, "
                + ticks.idleDayArm() + " ARM calls. A month (730 h): " + MINUTES_PER_MONTH + " executions, about "
                + Math.round(ticks.idleDayStorage() * 730.0 / 24) + " storage transactions.");
        report.note("Flex: each tick is one execution, billed at least 1,000 ms x instance memory = "
                + String.format("%.1f", memoryGb) + " GB-s; " + MINUTES_PER_MONTH + " ticks = "
                + String.format("%.0f", MINUTES_PER_MONTH * memoryGb) + " GB-s a month.");
        TickKind idle = ticks.idleDay().stream().filter(k -> k.kind().startsWith("idle")).findFirst().orElseThrow();
        report.target("an idle tick makes one ledger read and calls no ARM", idle.storagePerTick() == 1.0 && idle.armPerTick() == 0,
                fmt(idle.storagePerTick()) + " storage tx, " + fmt(idle.armPerTick()) + " ARM calls");
    }

    private static String longest(List<JobCost> costs) {
        Map<String, Duration> longest = costs.get(costs.size() - 1).longest();
        return longest.entrySet().stream().max(Map.Entry.comparingByValue())
                .map(e -> e.getKey() + " " + e.getValue().toMillis() + " ms").orElse("n/a");
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format("%.2f", value);
    }
}
