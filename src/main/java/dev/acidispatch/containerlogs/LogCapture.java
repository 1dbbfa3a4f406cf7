package dev.acidispatch.containerlogs;

import dev.acidispatch.arm.ContainerGroups;
import dev.acidispatch.arm.ResourceNotFoundException;
import dev.acidispatch.store.LogStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Keeps each container's log in the log store as it grows: every capture reads the container's whole log from ACI
 * (no {@code tail}, {@code timestamps=true}) and appends what the stored capture does not have yet, found with the
 * {@link LogCursor} of the stored lines. Captures made while the container runs keep what ACI drops when it stops
 * (all but the last 16 KB or 1,000 lines, quota doc container-instances-resource-and-quota-limits).
 *
 * <p>Idempotent, as activities must be: the cursor comes from what is stored, so a capture that runs twice stores each
 * line once. Where lines may be missing, the stored log has a marker at that point (see {@link LogCursor}), and the
 * first capture of a container that had already stopped with a log at ACI's limit says that only what ACI kept
 * survived.
 */
public final class LogCapture {
    private final ContainerGroups groups;
    private final LogStore store;
    private final Function<String, Optional<String>> completeCopy;

    /**
     * @param completeCopy for a container group, where its complete log is kept beyond ACI's (a Log Analytics
     *                     workspace), named in the markers; empty when there is none
     */
    public LogCapture(ContainerGroups groups, LogStore store, Function<String, Optional<String>> completeCopy) {
        this.groups = Objects.requireNonNull(groups, "groups");
        this.store = Objects.requireNonNull(store, "store");
        this.completeCopy = Objects.requireNonNull(completeCopy, "completeCopy");
    }

    /** Where one container is, and whether its log can still grow. */
    public record Target(String jobId, String resourceGroup, String groupName, String containerName, boolean ended,
                         Optional<Instant> startedAt) {
        public Target {
            startedAt = startedAt == null ? Optional.empty() : startedAt;
        }
    }

    /**
     * What one capture added.
     *
     * @param lines   lines appended (markers included)
     * @param missing whether a marker was appended (lines may be missing)
     * @param found   whether ACI had a log for the container (false: no such container, or none yet)
     */
    public record Step(int lines, boolean missing, boolean found) {
    }

    /** Reads the container's log from ACI and appends what is new to its stored capture. */
    public Step capture(Target target) {
        List<LogLine> stored = stored(target.jobId(), target.containerName());
        Optional<List<LogLine>> answer = read(target);
        if (answer.isEmpty()) {
            return new Step(0, false, false);
        }
        List<LogLine> fresh = beyond(stored, answer.get(), target);
        if (fresh.isEmpty()) {
            return new Step(0, false, true);
        }
        List<LogLine> all = new ArrayList<>(stored);
        all.addAll(fresh);
        store.putContainerLog(target.jobId(), target.containerName(), LogLine.store(all));
        return new Step(fresh.size(), fresh.stream().anyMatch(LogLine::marker), true);
    }

    /**
     * The container's log as known now: what is stored, then what ACI has beyond it when {@code live} (nothing is
     * written). A container ACI has no log for gives what is stored.
     */
    public List<LogLine> current(Target target, boolean live) {
        List<LogLine> stored = stored(target.jobId(), target.containerName());
        if (!live) {
            return stored;
        }
        Optional<List<LogLine>> answer = read(target);
        if (answer.isEmpty()) {
            return stored;
        }
        List<LogLine> all = new ArrayList<>(stored);
        all.addAll(beyond(stored, answer.get(), target));
        return all;
    }

    /** The container's stored capture, parsed; empty when none. */
    public List<LogLine> stored(String jobId, String containerName) {
        return store.getContainerLog(jobId, containerName).map(text -> LogLine.parse(text, true)).orElse(List.of());
    }

    private Optional<List<LogLine>> read(Target target) {
        try {
            return Optional.of(LogLine.parse(groups.timestampedLogs(target.resourceGroup(), target.groupName(),
                    target.containerName()), target.ended()));
        } catch (ResourceNotFoundException e) {
            return Optional.empty(); // no group, no such container, or no log yet (ContainerLogNotAvailable)
        }
    }

    private List<LogLine> beyond(List<LogLine> stored, List<LogLine> answer, Target target) {
        LogCursor cursor = LogCursor.after(stored);
        List<LogLine> fresh = new ArrayList<>(cursor.advance(answer).fresh());
        if (cursor.isStart() && target.ended() && !answer.isEmpty() && LogGaps.atStoppedLimit(answer)) {
            fresh.add(0, LogGaps.keptOnlyAfterExit(answer, target.startedAt(), completeCopy.apply(target.groupName())));
        }
        return fresh;
    }
}
