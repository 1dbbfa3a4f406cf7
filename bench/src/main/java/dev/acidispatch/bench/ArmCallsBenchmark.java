package dev.acidispatch.bench;

import dev.acidispatch.local.durable.InstanceStats;
import dev.acidispatch.emulator.ContainerScript;
import dev.acidispatch.emulator.RequestLog;
import dev.acidispatch.emulator.Route;
import dev.acidispatch.job.JobRecord;
import dev.acidispatch.job.JobStatus;
import dev.acidispatch.testing.PipelineHarness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Sections 1 and 2: what one job costs in ARM calls and in durable history, for jobs of 1 min to 6 h. Each job runs
 * alone through the whole pipeline (Azurite, the real SDK against the emulator, the in-process runner) on a virtual
 * clock with the default Settings poll policy, so the emulator's request log counts exactly one job's calls.
 */
final class ArmCallsBenchmark {
    static final List<Duration> DURATIONS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(10),
            Duration.ofMinutes(60), Duration.ofHours(6));
    /** The pipeline harness's provisioning delay: the watch covers it too. */
    static final Duration PROVISIONING = Duration.ofSeconds(20);
    static final List<Route> READS = List.of(Route.OPERATION_POLL, Route.GROUP_GET, Route.DEPLOYMENT_GET,
            Route.LOGS, Route.GROUP_LIST);

    record JobCost(Duration run, Duration watched, Map<Route, Long> calls, InstanceStats history) {
        long reads() {
            return READS.stream().mapToLong(r -> calls.getOrDefault(r, 0L)).sum();
        }

        long count(Route route) {
            return calls.getOrDefault(route, 0L);
        }
    }

    /** The setting for chatty jobs, measured on the 60-minute job: logs captured (and checks made) every 30 s. */
    static final Map<String, String> CHATTY = Map.of("DISPATCH_LOG_CAPTURE_SECONDS", "30");

    static List<JobCost> run() {
        List<JobCost> costs = new ArrayList<>();
        for (Duration run : DURATIONS) {
            costs.add(measure(run, Map.of()));
        }
        return costs;
    }

    static JobCost measure(Duration run, Map<String, String> settings) {
        try (PipelineHarness h = new PipelineHarness(settings)) {
            String jobId = "bench-" + run.toMinutes() + "m";
            h.script(jobId, ContainerScript.builder().provisioningDelay(PROVISIONING).runDuration(run)
                    .logLines("done").build());
            int timeoutSeconds = (int) run.plusHours(1).toSeconds();
            h.stack.dispatch(PipelineHarness.message(jobId, 600, timeoutSeconds));
            InstanceStats history = h.awaitWatcher(jobId).stats();
            JobRecord done = h.record(jobId);
            if (done.status() != JobStatus.SUCCEEDED) {
                throw new IllegalStateException("benchmark job " + jobId + " ended " + done.status() + ": " + done.reason());
            }
            RequestLog log = h.emulator.requestLog();
            Map<Route, Long> calls = new EnumMap<>(Route.class);
            for (Route route : Route.values()) {
                calls.put(route, log.count(route));
            }
            return new JobCost(run, Duration.between(done.dispatchedAt(), done.finishedAt()), calls, history);
        }
    }

    static void print(Report report, List<JobCost> costs) {
        report.section("1. ARM calls per job (emulator request log, virtual clock, default poll policy: "
                + "5 s x1.5 up to 120 s, capped at 10% of job age)");
        report.row("job", "PUT", "op polls", "group GET", "depl GET", "logs", "deletes", "reads",
                "Prefect", "Prefect+stream", "Airflow");
        for (JobCost c : costs) {
            report.row(label(c.run()), c.count(Route.DEPLOYMENT_PUT), c.count(Route.OPERATION_POLL),
                    c.count(Route.GROUP_GET), c.count(Route.DEPLOYMENT_GET), c.count(Route.LOGS),
                    c.count(Route.GROUP_DELETE) + c.count(Route.DEPLOYMENT_DELETE) + c.count(Route.GROUP_STOP), c.reads(),
                    PollModel.PREFECT.reads(c.watched()), PollModel.PREFECT_STREAMING.reads(c.watched()),
                    PollModel.AIRFLOW.reads(c.watched()));
        }
        JobCost chatty = measure(Duration.ofMinutes(60), CHATTY);
        report.row(label(chatty.run()) + ", logs every 30 s", chatty.count(Route.DEPLOYMENT_PUT),
                chatty.count(Route.OPERATION_POLL), chatty.count(Route.GROUP_GET), chatty.count(Route.DEPLOYMENT_GET),
                chatty.count(Route.LOGS), chatty.count(Route.GROUP_DELETE) + chatty.count(Route.DEPLOYMENT_DELETE)
                        + chatty.count(Route.GROUP_STOP), chatty.reads(), "", "", "");
        report.note("logs = log reads: captures while the container runs (default: after 30 s of running, then each"
                + " time its age has doubled; the last row: DISPATCH_LOG_CAPTURE_SECONDS=30) and the final capture.");
        report.note("reads = operation polls + group GETs + deployment GETs + logs + lists (ours, measured)."
                + " Watch time = run + " + PROVISIONING.toSeconds() + " s provisioning.");
        report.note("Comparison columns are computed, not measured, over the same watch time: "
                + PollModel.PREFECT.source() + "; " + PollModel.PREFECT_STREAMING.source() + "; "
                + PollModel.AIRFLOW.source() + ". They exclude those tools' own create calls.");
        JobCost hour = costs.stream().filter(c -> c.run().equals(Duration.ofMinutes(60))).findFirst().orElseThrow();
        JobCost first = costs.get(0);
        JobCost last = costs.get(costs.size() - 1);
        double durationRatio = (double) last.run().toSeconds() / first.run().toSeconds();
        double readRatio = (double) last.reads() / first.reads();
        report.target("ARM reads for a 60-min job <= 40", hour.reads() <= 40, hour.reads() + " reads");
        report.target("reads grow sub-linearly with duration", readRatio < durationRatio,
                String.format("x%.0f duration -> x%.1f reads", durationRatio, readRatio));

        report.section("2. Durable history per job (in-process runner InstanceStats)");
        report.row("job", "max history", "generations", "episodes", "activities");
        for (JobCost c : costs) {
            report.row(label(c.run()), c.history().maxHistoryLength(), c.history().generations(),
                    c.history().episodes(), c.history().activitiesExecuted());
        }
        int maxHistory = costs.stream().mapToInt(c -> c.history().maxHistoryLength()).max().orElse(0);
        boolean flat = costs.stream().mapToInt(c -> c.history().maxHistoryLength()).distinct().count() <= 2
                && last.history().maxHistoryLength() <= hour.history().maxHistoryLength();
        report.target("max history <= 100 events", maxHistory <= 100, maxHistory + " events");
        report.target("max history independent of duration", flat,
                "60 min: " + hour.history().maxHistoryLength() + ", 6 h: " + last.history().maxHistoryLength());
    }

    static String label(Duration d) {
        return d.toHours() >= 1 && d.toMinutesPart() == 0 && d.toHours() > 1 ? d.toHours() + " h" : d.toMinutes() + " min";
    }
}
