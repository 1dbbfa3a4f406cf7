package dev.acidispatch.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Containers that follow a {@link ContainerScript}, computed from the clock at request time: pulling for the
 * provisioning delay, running for the run duration (log lines appear in proportion to the time elapsed), then
 * terminated with the script's exit code. Platform restarts add runs after that (see {@link #runs()}). Every container
 * of the group follows the same script.
 */
final class ScriptedRuntime implements GroupRuntime {
    /**
     * ACI gives up on a container group that has not provisioned after this long: provisioning "Failed ... timeout
     * after 30 minutes" (container-state, "Create, start, and restart operations").
     */
    static final Duration PROVISIONING_TIMEOUT = Duration.ofMinutes(30);
    /**
     * Docker reports a container killed by SIGKILL with 137 (128 + 9); what ACI reports for a maintenance kill is not
     * documented, so this is the emulator's choice.
     */
    static final int KILLED_EXIT_CODE = 137;
    /** ARM's wording for a resource whose provisioning ended Failed (e.g. Azure/azure-quickstart-templates#12094). */
    static final ContainerScript.ProvisioningFailure TIMED_OUT = new ContainerScript.ProvisioningFailure(
            "ResourceDeploymentFailure", "The resource operation completed with terminal provisioning state 'Failed'.");

    private final ContainerScript script;
    private final Instant createdAt;
    private final List<Run> runs;

    /** One time the container ran: from start to end, ending with an exit code (or killed by maintenance). */
    record Run(Instant start, Instant end, int exitCode, boolean killed, boolean evicted) {
        Run(Instant start, Instant end, int exitCode, boolean killed) {
            this(start, end, exitCode, killed, false);
        }
    }

    ScriptedRuntime(ContainerScript script, Instant createdAt) {
        this.script = script;
        this.createdAt = createdAt;
        this.runs = script.pullsForever() || script.provisioningFailure().isPresent() ? List.of() : plan(script,
                createdAt.plus(script.provisioningDelay()));
    }

    /** The runs the script makes: the first, then one per platform restart. */
    private static List<Run> plan(ContainerScript script, Instant firstStart) {
        List<Run> runs = new ArrayList<>();
        runs.add(new Run(firstStart, firstStart.plus(script.runDuration()), script.exitCode(), false));
        Duration lastFullDuration = script.runDuration();
        int lastExitCode = script.exitCode();
        for (ContainerScript.PlatformRestart restart : script.platformRestarts()) {
            Run last = runs.get(runs.size() - 1);
            if (restart.kind() != ContainerScript.PlatformRestart.Kind.AFTER_EXIT) {
                Instant killAt = last.start().plus(restart.at());
                if (!killAt.isBefore(last.end())) {
                    continue; // the run was over by then: nothing to kill
                }
                runs.set(runs.size() - 1, new Run(last.start(), killAt, KILLED_EXIT_CODE, true,
                        restart.kind() == ContainerScript.PlatformRestart.Kind.EVICTION));
                runs.add(new Run(killAt, killAt.plus(lastFullDuration), lastExitCode, false));
            } else {
                Instant start = last.end().plus(restart.at());
                runs.add(new Run(start, start.plus(restart.runDuration()), restart.exitCode(), false));
                lastFullDuration = restart.runDuration();
                lastExitCode = restart.exitCode();
            }
        }
        return List.copyOf(runs);
    }

    List<Run> runs() {
        return runs;
    }

    @Override
    public Optional<ContainerScript.ProvisioningFailure> provisioningFailure() {
        if (script.provisioningFailure().isPresent()) {
            return script.provisioningFailure();
        }
        return script.pullsForever() ? Optional.of(TIMED_OUT) : Optional.empty();
    }

    @Override
    public Instant provisionedAt() {
        return script.pullsForever() ? createdAt.plus(PROVISIONING_TIMEOUT) : createdAt.plus(script.provisioningDelay());
    }

    @Override
    public GroupView.Container container(String containerName, GroupSpec spec, Instant now, Instant stoppedAt) {
        String image = spec.firstImage();
        if (runs.isEmpty()) {
            return notStarted(image, now, stoppedAt);
        }
        // A stop ends what runs at that time; nothing starts after it.
        Instant horizon = stoppedAt != null && stoppedAt.isBefore(now) ? stoppedAt : now;
        List<GroupView.Event> events = new ArrayList<>();
        events.add(new GroupView.Event("Normal", "Pulling", "pulling image \"" + image + "\"", createdAt));
        if (horizon.isBefore(runs.get(0).start())) {
            if (stoppedAt != null && !stoppedAt.isAfter(now)) {
                events.add(new GroupView.Event("Normal", "Killing", "Killing container", stoppedAt));
                return new GroupView.Container("Terminated", null, null, stoppedAt, "Stopped", events, TimedLog.EMPTY);
            }
            return new GroupView.Container("Waiting", null, null, null, "Pulling", events, TimedLog.EMPTY);
        }
        events.add(new GroupView.Event("Normal", "Pulled", "Successfully pulled image \"" + image + "\"",
                runs.get(0).start()));
        int current = 0;
        for (int i = 0; i < runs.size(); i++) {
            if (!runs.get(i).start().isAfter(horizon)) {
                current = i;
            }
        }
        events.add(repeated("Normal", "Started", "Started container", runs.subList(0, current + 1).stream()
                .map(Run::start).toList()));
        List<Instant> kills = runs.subList(0, current).stream().filter(Run::killed).map(Run::end).toList();
        Run run = runs.get(current);
        boolean stopKills = stoppedAt != null && !stoppedAt.isAfter(now) && stoppedAt.isBefore(run.end());
        if (stopKills) {
            kills = new ArrayList<>(kills);
            kills.add(stoppedAt);
        }
        if (!kills.isEmpty()) {
            events.add(repeated("Normal", "Killing", "Killing container", kills));
        }
        GroupView.PreviousState previous = current == 0 ? null : terminated(runs.get(current - 1));
        TimedLog logs = logsUntil(current, stopKills ? stoppedAt : horizon);
        if (stopKills) {
            return new GroupView.Container("Terminated", null, run.start(), stoppedAt, "Stopped", events,
                    ContainerLogs.keptAfterStop(logs), current, previous, true);
        }
        if (now.isBefore(run.end())) {
            return new GroupView.Container("Running", null, run.start(), null, "", events, logs, current, previous,
                    false);
        }
        return new GroupView.Container("Terminated", run.exitCode(), run.start(), run.end(), detailStatus(run),
                events, ContainerLogs.keptAfterStop(logs), current, previous, false);
    }

    /** Still pulling, failing to pull, or failed provisioning: no run has started. */
    private GroupView.Container notStarted(String image, Instant now, Instant stoppedAt) {
        List<GroupView.Event> events = new ArrayList<>();
        Optional<ContainerScript.PullFailure> pull = script.pullFailure();
        if (pull.isPresent()) {
            // One attempt at creation, then one per retry interval: each pulls, fails and backs off.
            Instant last = stoppedAt != null && stoppedAt.isBefore(now) ? stoppedAt : now;
            List<Instant> attempts = new ArrayList<>();
            for (Instant t = createdAt; !t.isAfter(last); t = t.plus(pull.get().retryEvery())) {
                attempts.add(t);
            }
            events.add(repeated("Normal", "Pulling", "pulling image \"" + image + "\"", attempts));
            events.add(repeated("Warning", "Failed", "Failed to pull image \"" + image + "\": "
                    + pull.get().reason(), attempts));
            events.add(repeated("Normal", "BackOff", "Back-off pulling image \"" + image + "\"", attempts));
        } else {
            events.add(new GroupView.Event("Normal", "Pulling", "pulling image \"" + image + "\"", createdAt));
        }
        Optional<ContainerScript.ProvisioningFailure> failure = provisioningFailure();
        boolean failed = failure.isPresent() && !now.isBefore(provisionedAt());
        if (failed && script.provisioningFailure().isPresent()) {
            events.add(new GroupView.Event("Warning", "Failed", failure.get().message(), provisionedAt()));
        }
        if (stoppedAt != null && !stoppedAt.isAfter(now)) {
            events.add(new GroupView.Event("Normal", "Killing", "Killing container", stoppedAt));
            return new GroupView.Container("Terminated", null, null, stoppedAt, "Stopped", events, TimedLog.EMPTY);
        }
        return new GroupView.Container("Waiting", null, null, null, failed ? "ProvisioningFailed" : "Pulling",
                events, TimedLog.EMPTY);
    }

    private static GroupView.Event repeated(String type, String name, String message, List<Instant> times) {
        return new GroupView.Event(type, name, message, times.size(), times.get(0), times.get(times.size() - 1));
    }

    private static GroupView.PreviousState terminated(Run run) {
        return new GroupView.PreviousState("Terminated", run.exitCode(), run.start(), run.end(), detailStatus(run));
    }

    private static String detailStatus(Run run) {
        if (run.evicted()) {
            return "Evicted";
        }
        if (run.killed()) {
            return "Killed";
        }
        return run.exitCode() == 0 ? "Completed" : "Error";
    }

    /**
     * The log so far: every earlier run's lines (a restarted container keeps its log, as {@code docker logs} does;
     * ACI does not document this), then the current run's lines in proportion to its time elapsed by {@code until}.
     */
    private TimedLog logsUntil(int current, Instant until) {
        List<TimedLog.Line> logs = new ArrayList<>();
        for (int i = 0; i <= current; i++) {
            Run run = runs.get(i);
            List<String> lines = script.logLines();
            long total = Duration.between(run.start(), run.end()).toMillis();
            long elapsed = Duration.between(run.start(), until.isBefore(run.end()) ? until : run.end()).toMillis();
            int visible = total <= 0 ? lines.size() : (int) Math.min(lines.size(), lines.size() * elapsed / total);
            if (!until.isBefore(run.end()) && !run.killed()) {
                visible = lines.size();
            }
            // Line i is written at its share of the run, so the log grows with time as a process's does.
            for (int line = 0; line < Math.max(visible, 0); line++) {
                Instant at = run.start().plusMillis(total <= 0 ? 0 : total * (line + 1) / lines.size());
                logs.add(new TimedLog.Line(at.isAfter(run.end()) ? run.end() : at, lines.get(line)));
            }
        }
        return new TimedLog(logs, true);
    }

    @Override
    public void kill() {
        // Nothing runs: the lifecycle is computed from the clock.
    }
}
