package dev.acidispatch.cli;

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
                        + "not pulled). Without it, the job runs on Azure using DISPATCH_* settings and "
                        + "DefaultAzureCredential. Job records and logs stay in memory either way."})
final class RunCommand extends CliCommand implements Callable<Integer> {
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
        if (!emulator) {
            return run(settings(), message, logEvery);
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
            return run(Settings.from(env), message, logEvery);
        }
    }

    private int run(Settings settings, String message, Duration logEvery) throws InterruptedException {
        PrintWriter out = out();
        try (LocalStack stack = LocalStack.builder(settings).groups(AzureContainerGroups.fromSettings(settings)).build()) {
            // Through the DispatchJob function, as the queue trigger delivers a message in Azure.
            DispatchOutcome outcome = stack.dispatch(message);
            if (outcome.kind() == DispatchOutcome.Kind.REJECTED) {
                stack.jobs().get(outcome.jobId()).ifPresent(r -> r.errors().forEach(err()::println));
                return Dispatchctl.INVALID_INPUT;
            }
            String jobId = outcome.jobId();
            out.println(stamp() + " " + jobId + ": " + outcome.kind() + " (" + outcome.detail() + ")");
            Thread cancelOnInterrupt = new Thread(() -> stack.http("POST", "/api/jobs/" + jobId + "/cancel", null));
            Runtime.getRuntime().addShutdownHook(cancelOnInterrupt);
            try {
                return follow(stack, jobId, logEvery, out);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(cancelOnInterrupt);
                } catch (IllegalStateException shuttingDown) {
                    // The hook is running: the JVM is exiting after a cancel.
                }
            }
        }
    }

    /** Prints each status change and new log lines until the job is final; returns the exit code to use. */
    private int follow(LocalStack stack, String jobId, Duration logEvery, PrintWriter out) throws InterruptedException {
        JobStatus shown = null;
        String printedLogs = "";
        Instant nextLogFetch = Instant.EPOCH;
        while (true) {
            JobRecord record = stack.jobs().get(jobId).orElseThrow();
            if (record.status() != shown) {
                shown = record.status();
                out.println(stamp() + " " + jobId + ": " + shown + (record.reason() == null ? "" : " - " + record.reason()));
                out.flush();
            }
            if (record.status().isTerminal() && !stack.runner().getState(jobId).map(s -> !s.isTerminal()).orElse(false)) {
                printedLogs = printNew(out, printedLogs, stack.logs().get(jobId).orElse(""));
                out.println(stamp() + " " + jobId + ": finished " + record.status()
                        + (record.exitCode() == null ? "" : " with exit code " + record.exitCode()));
                out.flush();
                return exitCode(record);
            }
            if (record.status() == JobStatus.RUNNING && !logEvery.isZero() && Instant.now().isAfter(nextLogFetch)) {
                nextLogFetch = Instant.now().plus(logEvery);
                printedLogs = printNew(out, printedLogs, liveLogs(stack, jobId).orElse(printedLogs));
            }
            Thread.sleep(100);
        }
    }

    /** The live tail, through the GetJobLogs function (GET /api/jobs/{id}/logs); empty while none is available. */
    private static Optional<String> liveLogs(LocalStack stack, String jobId) {
        LocalHttpResponse response = stack.http("GET", "/api/jobs/" + jobId + "/logs", null);
        return response.getStatusCode() == 200 ? Optional.of(response.bodyText()) : Optional.empty();
    }

    /** Prints what {@code latest} adds to what was printed; a tail that moved on is printed from its start. */
    private static String printNew(PrintWriter out, String printed, String latest) {
        if (latest.equals(printed) || latest.isEmpty()) {
            return printed;
        }
        String fresh = latest.startsWith(printed) ? latest.substring(printed.length()) : latest;
        fresh.lines().forEach(line -> out.println("  | " + line));
        out.flush();
        return latest;
    }

    static int exitCode(JobRecord record) {
        if (record.exitCode() != null) {
            return record.exitCode();
        }
        return record.status() == JobStatus.SUCCEEDED ? Dispatchctl.OK : Dispatchctl.FAILURE;
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

    private static String stamp() {
        return TIME.format(Instant.now());
    }
}
