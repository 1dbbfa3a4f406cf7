package dev.acidispatch.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * One container of a sandboxed group: its command as a local {@link SandboxProcess}, started when the group's init
 * containers have passed (or at once). With restartPolicy OnFailure a run that exits non-zero is started again after
 * {@link #RESTART_PAUSE}, counting in {@code restartCount} and keeping the exit code as the previous state, as ACI
 * restarts in place (container-instances-restart-policy); ACI's own back-off between restarts is not modelled. Log
 * output is the current run's. Thread-safe: a background thread restarts, requests read.
 */
final class SandboxContainer {
    static final Duration RESTART_PAUSE = Duration.ofSeconds(1);
    private static final Logger LOG = Logger.getLogger(SandboxContainer.class.getName());

    private final Clock clock;
    private final String groupName;
    private final String name;
    private final String image;
    private final List<String> command;
    private final Map<String, String> env;
    private final boolean restartOnFailure;
    private final String logPrefix;
    private SandboxProcess process;
    private int restartCount;
    private GroupView.PreviousState previousState;
    private boolean killed;

    /** @param logPrefix text its log starts with (sandbox notices), or empty */
    SandboxContainer(Clock clock, String groupName, String name, String image, List<String> command,
                     Map<String, String> env, boolean restartOnFailure, String logPrefix) {
        this.clock = clock;
        this.groupName = groupName;
        this.name = name;
        this.image = image;
        this.command = List.copyOf(command);
        this.env = Map.copyOf(env);
        this.restartOnFailure = restartOnFailure;
        this.logPrefix = logPrefix;
    }

    String name() {
        return name;
    }

    /** Starts the first run, and with OnFailure a thread that restarts failed runs until the container is killed. */
    synchronized void start() {
        if (killed || process != null) {
            return;
        }
        process = SandboxProcess.start(clock, groupName, name, image, command, env);
        if (restartOnFailure) {
            Thread restarter = new Thread(this::restartFailedRuns, "sandbox-restarts-" + groupName + "-" + name);
            restarter.setDaemon(true);
            restarter.start();
        }
    }

    /** Waits for the container to finish: its run exits 0, or (OnFailure) it is killed, or (Never) any exit. */
    int awaitSuccessOrFailure() throws InterruptedException {
        while (true) {
            SandboxProcess current;
            synchronized (this) {
                current = process;
            }
            int exit = current.awaitExit();
            synchronized (this) {
                if (exit == 0 || !restartOnFailure || killed) {
                    return exit;
                }
            }
            Thread.sleep(RESTART_PAUSE.toMillis() / 4);
        }
    }

    private void restartFailedRuns() {
        try {
            while (true) {
                SandboxProcess current;
                synchronized (this) {
                    current = process;
                }
                int exit = current.awaitExit();
                if (exit == 0) {
                    return;
                }
                Thread.sleep(RESTART_PAUSE.toMillis());
                synchronized (this) {
                    if (killed) {
                        return;
                    }
                    previousState = new GroupView.PreviousState("Terminated", exit, current.startedAt(),
                            current.finishedAt().orElse(clock.instant()), "Error");
                    restartCount++;
                    int run = restartCount;
                    LOG.info(() -> "sandbox: restarting container '" + name + "' of group '" + groupName
                            + "' after exit code " + exit + " (restart " + run + ", restartPolicy OnFailure)");
                    process = SandboxProcess.start(clock, groupName, name, image, command, env);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized void kill() {
        killed = true;
        if (process != null) {
            process.kill();
        }
    }

    /** Its instance view now; {@code stoppedAt} is when the group was stopped, or null. */
    synchronized GroupView.Container view(Instant now, Instant stoppedAt, String waitingReason) {
        List<GroupView.Event> events = new ArrayList<>();
        if (process == null) {
            return new GroupView.Container("Waiting", null, null, null, waitingReason, events, TimedLog.EMPTY, restartCount,
                    previousState, false);
        }
        events.add(new GroupView.Event("Normal", "Started", "Started local process (sandbox; image \"" + image
                + "\" not pulled)", process.startedAt()));
        TimedLog logs = TimedLog.of(logPrefix, process.startedAt()).plus(process.output());
        if (process.isRunning() && stoppedAt == null) {
            return new GroupView.Container("Running", null, process.startedAt(), null, "", events, logs,
                    restartCount, previousState, false);
        }
        // Killed by the stop (it was still running then): Stopped. A process that had exited before keeps its end.
        boolean endedByStop = stoppedAt != null && (process.isRunning()
                || process.finishedAt().map(f -> !f.isBefore(stoppedAt)).orElse(true));
        if (endedByStop) {
            return new GroupView.Container("Terminated", null, process.startedAt(), stoppedAt, "Stopped", events,
                    ContainerLogs.keptAfterStop(logs), restartCount, previousState, true);
        }
        int exit = process.exitCode().orElse(-1);
        return new GroupView.Container("Terminated", exit, process.startedAt(), process.finishedAt().orElse(now),
                exit == 0 ? "Completed" : "Error", events, ContainerLogs.keptAfterStop(logs), restartCount, previousState,
                false);
    }
}
