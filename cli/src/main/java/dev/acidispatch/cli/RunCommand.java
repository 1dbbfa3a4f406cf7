package dev.acidispatch.cli;

import dev.acidispatch.api.ApiResponse;
import dev.acidispatch.containerlogs.LogLine;
import dev.acidispatch.app.App;
import dev.acidispatch.job.InvalidJobException;
import dev.acidispatch.job.MessageText;
import dev.acidispatch.job.ResolvedJob;
import dev.acidispatch.local.LocalStack;
import dev.acidispatch.arm.AzureContainerGroups;
import dev.acidispatch.config.Settings;
import dev.acidispatch.dispatch.DispatchOutcome;
import dev.acidispatch.emulator.ArmEmulator;
import dev.acidispatch.local.host.LocalHttpResponse;
import dev.acidispatch.job.JobRecord;
import dev.acidispatch.job.JobStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run one job to completion in this process, through the same dispatcher and watcher the "
                + "Functions app uses, streaming lifecycle lines and logs. Exits with the container's exit code.",
                "With --emulator, the ARM/ACI emulator runs the container's command as a local process (the image is "
                        + "not pulled) with only the job's environment. Without it, the job runs on Azure using "
                        + "DISPATCH_* settings and DefaultAzureCredential. Job records and logs stay in memory either way.",
                "Ctrl-C or SIGTERM cancels the job: its watcher captures the logs and cleans up (the local process tree "
                        + "is killed), then the final state is printed.",
                "Exit code: the container's own, or 124 timed out, 125 provisioning failed, 130 cancelled, 2 invalid "
                        + "message, 69 storage or ARM unreachable."})
final class RunCommand extends CliCommand implements Callable<Integer> {
    /** A finished job's log is stored before its record is final: a few answers suffice, 50 bound a stuck route. */
    private static final int FINAL_LOG_TRIES = 50;
    private static final Duration FINAL_LOG_PAUSE = Duration.ofMillis(200);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    @Parameters(paramLabel = "FILE", description = "Job message JSON file, or - for standard input.")
    String file;

    @Option(names = "--emulator", description = "Use the local ARM/ACI emulator in sandbox mode instead of Azure.")
    boolean emulator;

    @Option(names = "--log-interval", defaultValue = "2s", paramLabel = "DURATION",
            description = "How often to fetch new log lines while the container runs (e.g. 2s, 500ms; 0 to only print "
                    + "the captured logs at the end). Default: ${DEFAULT-VALUE}.")
    String logInterval;

    @Override
    public Integer call() throws Exception {
        String message = new String(JobInput.read(file, in()), StandardCharsets.UTF_8);
        Duration logEvery = parseDuration(logInterval);
        Settings settings = settings();
        // Validated before anything starts: each error printed once, nothing deployed or started for a bad message.
        ResolvedJob job;
        try {
            job = App.from(settings).validator().resolve(message);
        } catch (InvalidJobException e) {
            e.errors().forEach(error -> err().println(error.path() + ": " + error.message()));
            return Dispatchctl.INVALID_INPUT;
        }
        // The id is fixed now, so an interrupt can name the job even while it is being dispatched.
        String withId = MessageText.withJobId(message, job.jobId());
        if (!emulator) {
            return run(settings, withId, job, logEvery, null);
        }
        try (ArmEmulator arm = ArmEmulator.builder().sandbox(true).build()) {
            arm.start();
            out().println(stamp() + " emulator: ARM/ACI emulator at " + arm.endpoint()
                    + " (sandbox: the image is not pulled, the command runs as a local process)");
            Map<String, String> env = new HashMap<>(environment());
            env.put(Settings.Names.ARM_ENDPOINT, arm.endpoint().toString());
            env.put(Settings.Names.SUBSCRIPTION_ID, arm.subscriptionId());
            // A local run should notice the exit within a second, not after the production back-off.
            env.putIfAbsent(Settings.Names.POLL_MIN_SECONDS, "1");
            env.putIfAbsent(Settings.Names.POLL_MAX_SECONDS, "2");
            return run(Settings.from(env), withId, job, logEvery, arm);
        }
    }

    private int run(Settings settings, String message, ResolvedJob job, Duration logEvery, ArmEmulator arm)
            throws InterruptedException {
        PrintWriter out = out();
        try (LocalStack stack = LocalStack.builder(settings).groups(AzureContainerGroups.fromSettings(settings)).build()) {
            Interrupts interrupts = new Interrupts(stack, job, arm, out);
            Signals.onStop(interrupts::stop, err());
            // Through the DispatchJob function, as the queue trigger delivers a message in Azure.
            DispatchOutcome outcome = stack.dispatch(message);
            String jobId = outcome.jobId();
            if (outcome.kind() == DispatchOutcome.Kind.REJECTED) {
                stack.jobs().get(jobId).ifPresent(r -> r.errors().forEach(err()::println));
                return Dispatchctl.INVALID_INPUT;
            }
            out.println(stamp() + " " + jobId + ": " + outcome.kind() + " (" + outcome.detail() + ")");
            if (outcome.kind() == DispatchOutcome.Kind.FAILED) {
                out.println(stamp() + " " + jobId + ": finished FAILED - " + outcome.detail());
                return Dispatchctl.PROVISIONING_FAILED;
            }
            return follow(stack, jobId, logEvery, out, interrupts);
        }
    }

    /**
     * Prints each status change, and the log through the logs route with a cursor (each line once, see
     * {@link LogFollower}), until the job is final and its captured log printed; returns the exit code to use.
     */
    private int follow(LocalStack stack, String jobId, Duration logEvery, PrintWriter out, Interrupts interrupts)
            throws InterruptedException {
        JobStatus shown = null;
        int shownAttempt = 1;
        LogFollower logs = newFollower(stack, jobId, out);
        Instant nextLogFetch = Instant.EPOCH;
        while (true) {
            if (interrupts.started()) {
                // The stop reports from here on and ends the JVM with the job's exit code.
                Thread.sleep(Long.MAX_VALUE);
            }
            JobRecord record = stack.jobs().get(jobId).orElseThrow();
            if (record.status() != shown || record.attempt() != shownAttempt) {
                if (record.attempt() != shownAttempt) {
                    // The ended attempt's group is gone: the rest of its log is in the job's captured log.
                    printRestOfAttempt(stack, jobId, shownAttempt, logs.printed(), out);
                    // A new attempt runs in a new group: its log starts afresh (the cursor was the last group's).
                    logs = newFollower(stack, jobId, out);
                }
                shown = record.status();
                shownAttempt = record.attempt();
                out.println(stamp() + " " + jobId + ": " + shown + (record.retries() ? " [attempt " + record.attempt()
                        + " of " + record.maxAttempts() + "]" : "")
                        + (record.reason() == null ? "" : " - " + record.reason()));
                out.flush();
            }
            if (record.status().isTerminal() && !stack.runner().getState(jobId).map(s -> !s.isTerminal()).orElse(false)) {
                printRestOfLog(logs, jobId, out, FINAL_LOG_TRIES, FINAL_LOG_PAUSE);
                printOtherContainers(stack, jobId, out);
                record.attempts().forEach(a -> out.println(stamp() + " " + jobId + ": " + a.describe()));
                out.println(stamp() + " " + jobId + ": finished " + record.status()
                        + (record.exitCode() == null ? "" : " with exit code " + record.exitCode())
                        + (record.retries() ? " after " + record.attempt() + " attempt"
                        + (record.attempt() == 1 ? "" : "s") : ""));
                out.flush();
                return exitCode(record);
            }
            if (record.status() == JobStatus.RUNNING && !logEvery.isZero() && Instant.now().isAfter(nextLogFetch)) {
                nextLogFetch = Instant.now().plus(logEvery);
                logs.poll();
            }
            Thread.sleep(100);
        }
    }

    /**
     * The rest of a finished job's log, until the logs route says it is complete. The record is final by now, so the
     * capture is stored; an answer that is not a 200 (storage busy, say) is tried again after a pause rather than
     * ending the follow with lines unprinted. Gives up after {@code tries} answers, saying so.
     */
    static void printRestOfLog(LogFollower logs, String jobId, PrintWriter out, int tries, Duration pause)
            throws InterruptedException {
        ApiResponse failed = null;
        for (int i = 0; i < tries && !logs.complete(); i++) {
            if (i > 0) {
                Thread.sleep(pause.toMillis());
            }
            failed = logs.poll();
        }
        if (!logs.complete()) {
            out.println(stamp() + " " + jobId + ": the rest of the log could not be read"
                    + (failed == null ? "" : ": the logs route answered " + failed.status() + " " + failed.body()));
            out.flush();
        }
    }

    /**
     * The lines of an ended attempt the live follow did not print: its section of the job's captured log (under its
     * {@code ===== attempt n of m =====} heading, written before the next attempt starts), less the first
     * {@code printed} lines.
     */
    private static void printRestOfAttempt(LocalStack stack, String jobId, int attempt, int printed, PrintWriter out) {
        String whole = stack.logs().get(jobId).orElse("");
        int heading = whole.indexOf("===== attempt " + attempt + " of ");
        if (heading < 0) {
            return;
        }
        int start = whole.indexOf('\n', heading) + 1;
        int next = whole.indexOf("===== attempt " + (attempt + 1) + " of ", start);
        String section = next < 0 ? whole.substring(start) : whole.substring(start, next);
        section.lines().skip(printed).forEach(line -> out.println("  | " + line));
        out.flush();
    }

    private static LogFollower newFollower(LocalStack stack, String jobId, PrintWriter out) {
        return new LogFollower((container, since) -> liveLogs(stack, jobId, container, since), null, out, "  | ");
    }

    /**
     * The captured logs of the job's other containers (init containers, sidecars), which follow the job's own in its
     * captured log, each under its header line.
     */
    private static void printOtherContainers(LocalStack stack, String jobId, PrintWriter out) {
        String whole = stack.logs().get(jobId).orElse("");
        String own = stack.logs().containerNames(jobId).filter(names -> !names.isEmpty())
                .flatMap(names -> stack.logs().getContainerLog(jobId, names.get(0)))
                .map(text -> LogLine.display(LogLine.parse(text, true))).orElse("");
        if (whole.length() > own.length() && whole.startsWith(own)) {
            whole.substring(own.length()).lines().forEach(line -> out.println("  | " + line));
            out.flush();
        }
    }

    /** The logs route with a cursor, through the GetJobLogs function (GET /api/jobs/{id}/logs?since=...). */
    private static ApiResponse liveLogs(LocalStack stack, String jobId, String container, String since) {
        String query = "?since=" + URLEncoder.encode(since, StandardCharsets.UTF_8)
                + (container == null ? "" : "&container=" + URLEncoder.encode(container, StandardCharsets.UTF_8));
        LocalHttpResponse response = stack.http("GET", "/api/jobs/" + jobId + "/logs" + query, null);
        return new ApiResponse(response.getStatusCode(), "application/json", response.bodyText());
    }

    /**
     * The exit code for a finished job: the container's own exit code when it ran to its end, otherwise one per way
     * a job ends without one (documented in the README's dispatchctl table).
     */
    static int exitCode(JobRecord record) {
        return switch (record.status()) {
            case SUCCEEDED -> record.exitCode() != null ? record.exitCode() : Dispatchctl.OK;
            case FAILED -> record.exitCode() != null ? record.exitCode()
                    : record.startedAt() == null ? Dispatchctl.PROVISIONING_FAILED : Dispatchctl.FAILURE;
            case TIMED_OUT -> Dispatchctl.TIMED_OUT;
            case CANCELLED -> Dispatchctl.CANCELLED;
            case REJECTED -> Dispatchctl.INVALID_INPUT;
            default -> Dispatchctl.FAILURE;
        };
    }

    static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase();
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofMillis((long) (Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            }
            return Duration.ofMillis((long) (Double.parseDouble(t) * 1000));
        } catch (NumberFormatException e) {
            throw new Dispatchctl.UsageException("--log-interval: '" + text + "' is not a duration; use e.g. 2s or 500ms");
        }
    }

    static String stamp() {
        return TIME.format(Instant.now());
    }
}
