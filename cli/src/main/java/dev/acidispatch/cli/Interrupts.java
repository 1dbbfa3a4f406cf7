package dev.acidispatch.cli;

import dev.acidispatch.emulator.ArmEmulator;
import dev.acidispatch.job.JobRecord;
import dev.acidispatch.job.ResolvedJob;
import dev.acidispatch.local.LocalStack;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;

/**
 * What {@code dispatchctl run} does when it is told to stop (Ctrl-C, SIGTERM from a terminal, an IDE or a CI cancel;
 * see {@link Signals}): it cancels the job through the API, waits a bounded time for the watcher to capture the logs,
 * clean up and record the result, prints what happened and the final state, and returns the job's exit code. With the
 * emulator, closing it then kills any process of the sandbox that is still alive (and the processes it started). On
 * Azure, a group or deployment that may be left behind is named, with the commands that delete it.
 */
final class Interrupts {
    /** The emulator's watcher checks every 1-2 s and deletes at once. */
    static final Duration LOCAL_BOUND = Duration.ofSeconds(15);
    /** ARM deletes of a container group and a deployment take tens of seconds. */
    static final Duration AZURE_BOUND = Duration.ofSeconds(90);

    private final LocalStack stack;
    private final ResolvedJob job;
    private final ArmEmulator emulator;
    private final PrintWriter out;
    private volatile boolean started;

    Interrupts(LocalStack stack, ResolvedJob job, ArmEmulator emulator, PrintWriter out) {
        this.stack = stack;
        this.job = job;
        this.emulator = emulator;
        this.out = out;
    }

    /** Whether a stop signal arrived and {@link #stop()} has taken over the output. */
    boolean started() {
        return started;
    }

    /** Cancels the job, waits for its watcher (bounded), reports, and returns the exit code to end with. */
    int stop() {
        started = true;
        String jobId = job.jobId();
        Duration bound = emulator != null ? LOCAL_BOUND : AZURE_BOUND;
        print(jobId + ": interrupted: cancelling (the watcher captures the logs and cleans up; waiting up to "
                + bound.toSeconds() + " s)");
        try {
            stack.http("POST", "/api/jobs/" + jobId + "/cancel", null);
        } catch (RuntimeException e) {
            print(jobId + ": the cancel request failed: " + e.getMessage());
        }
        Optional<JobRecord> finished = awaitFinished(jobId, bound);
        Optional<JobRecord> last = finished.isPresent() ? finished : record(jobId);
        int code;
        if (finished.isPresent()) {
            JobRecord r = finished.get();
            print(jobId + ": finished " + r.status() + (r.exitCode() == null ? "" : " with exit code " + r.exitCode())
                    + (r.reason() == null ? "" : " - " + r.reason()));
            code = RunCommand.exitCode(r);
        } else {
            print(jobId + ": still " + last.map(r -> r.status().name()).orElse("not recorded") + " after "
                    + bound.toSeconds() + " s");
            code = Dispatchctl.CANCELLED;
        }
        if (emulator != null) {
            // Kills whatever still runs in the sandbox, with its child processes, and removes its directories.
            emulator.close();
            print(jobId + ": local processes stopped");
        } else if (finished.isEmpty() || job.keepContainerGroup()) {
            String rg = job.resourceGroup();
            String group = job.containerGroupName();
            String deployment = job.deploymentName();
            print(jobId + ": may be left in Azure: container group " + group + " and deployment " + deployment
                    + " in resource group " + rg + ". Delete them with:");
            print("  az container delete -g " + rg + " -n " + group + " --yes");
            print("  az deployment group delete -g " + rg + " -n " + deployment);
        }
        out.flush();
        return code;
    }

    private Optional<JobRecord> awaitFinished(String jobId, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<JobRecord> r = record(jobId);
            boolean watcherDone = stack.runner().getState(jobId).map(s -> s.isTerminal()).orElse(true);
            if (r.isPresent() && r.get().status().isTerminal() && watcherDone) {
                return r;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private Optional<JobRecord> record(String jobId) {
        try {
            return stack.jobs().get(jobId);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private void print(String line) {
        out.println(RunCommand.stamp() + " " + line);
        out.flush();
    }
}
