package dev.acidispatch.bench;

import dev.acidispatch.emulator.ContainerScript;
import dev.acidispatch.emulator.RecordedRequest;
import dev.acidispatch.emulator.Route;
import dev.acidispatch.job.JobNames;
import dev.acidispatch.job.JobRecord;
import dev.acidispatch.job.JobStatus;
import dev.acidispatch.testing.PipelineHarness;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Section 9: the trade-off {@code maxDetectionDelaySeconds} states. For 1-minute, 60-minute and 6-hour jobs, with the
 * default poll policy and with caps of 300, 60 and 30 s: how many times the watcher read the group (ARM reads), and how
 * long after the container ended it noticed (the first group GET at or after the exit). Whole pipeline, virtual clock.
 */
final class DetectionDelayBenchmark {
    static final List<Duration> RUNS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(60), Duration.ofHours(6));
    /** Null: no cap (the default). */
    static final List<Integer> CAPS = java.util.Arrays.asList(null, 300, 60, 30);
    static final Duration PROVISIONING = Duration.ofSeconds(20);

    record Figure(Duration run, Integer capSeconds, long groupReads, Duration detectionDelay) {
    }

    static List<Figure> run() {
        List<Figure> figures = new ArrayList<>();
        for (Duration run : RUNS) {
            for (Integer cap : CAPS) {
                figures.add(measure(run, cap));
            }
        }
        return figures;
    }

    static Figure measure(Duration run, Integer capSeconds) {
        try (PipelineHarness h = new PipelineHarness()) {
            String jobId = "delay-" + run.toMinutes() + "m-" + (capSeconds == null ? "default" : capSeconds + "s");
            h.script(jobId, ContainerScript.builder().provisioningDelay(PROVISIONING).runDuration(run)
                    .logLines("done").build());
            String message = """
                    {"jobId": "%s", "image": "busybox:1.36", "startTimeoutSeconds": 600, "timeoutSeconds": %d%s}
                    """.formatted(jobId, run.plusHours(1).toSeconds(),
                    capSeconds == null ? "" : ", \"maxDetectionDelaySeconds\": " + capSeconds);
            h.stack.dispatch(message);
            h.awaitWatcher(jobId);
            JobRecord done = h.record(jobId);
            if (done.status() != JobStatus.SUCCEEDED) {
                throw new IllegalStateException("benchmark job " + jobId + " ended " + done.status());
            }
            String group = "/" + JobNames.containerGroupName(jobId);
            Instant deployed = h.emulator.requestLog().of(Route.DEPLOYMENT_PUT).get(0).at();
            Instant exited = deployed.plus(PROVISIONING).plus(run);
            List<RecordedRequest> gets = h.emulator.requestLog().of(Route.GROUP_GET).stream()
                    .filter(r -> r.path().endsWith(group)).toList();
            Instant noticed = gets.stream().map(RecordedRequest::at).filter(t -> !t.isBefore(exited)).findFirst()
                    .orElseThrow();
            // Group reads while watching: those up to the one that noticed (cleanup reads the group afterwards).
            long reads = gets.stream().filter(r -> !r.at().isAfter(noticed)).count();
            return new Figure(run, capSeconds, reads, Duration.between(exited, noticed));
        }
    }

    static void print(Report report, List<Figure> figures) {
        report.section("10. Detection delay vs ARM reads (maxDetectionDelaySeconds; whole pipeline, virtual clock)");
        report.row("job", "maxDetectionDelaySeconds", "group reads while watching", "detected after exit");
        for (Figure f : figures) {
            report.row(label(f.run()), f.capSeconds() == null ? "(default policy)" : f.capSeconds() + " s",
                    f.groupReads(), f.detectionDelay().toSeconds() + " s");
        }
        report.note("Default policy: 5 s x1.5 up to 120 s, capped at 10% of the job's age; a cap replaces the age term"
                + " whenever it is lower. Detected after exit = first group GET at or after the container's exit"
                + " (deployment PUT + 20 s provisioning + run).");
    }

    private static String label(Duration d) {
        return d.toHours() >= 1 && d.toMinutes() % 60 == 0 ? (d.toHours() == 1 ? "60 min" : d.toHours() + " h")
                : d.toMinutes() + " min";
    }
}
