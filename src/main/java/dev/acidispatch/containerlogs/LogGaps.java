package dev.acidispatch.containerlogs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Estimates of what ACI dropped, for the markers in stored logs. Estimates only: ACI's answer says nothing about the
 * lines it no longer has, so the count comes from the rate of the lines it still has.
 */
public final class LogGaps {
    /**
     * What ACI keeps of a stopped container's log: "16 KB or 1,000 lines" (Resource availability and quota limits for
     * ACI, learn.microsoft.com/azure/container-instances/container-instances-resource-and-quota-limits, "Log size -
     * stopped instance").
     */
    public static final int STOPPED_LINES = 1000;
    public static final int STOPPED_BYTES = 16 * 1024;
    /** What ACI serves of a running container's log: "all available logs are shown up to 4mb" (Containers_ListLogs). */
    public static final int RUNNING_BYTES = 4 * 1024 * 1024;

    private static final Duration MIN_RATE_SPAN = Duration.ofSeconds(1);

    private LogGaps() {
    }

    /**
     * Lines probably produced between {@code after} and the first of {@code present}: the rate over {@code present}
     * (lines per second between its first and last line) times the time between; 0 when there is no rate to go by
     * (fewer than two lines, or lines spanning less than a second or less than a tenth of the time in question).
     */
    public static long estimateMissing(Instant after, List<LogLine> present) {
        List<LogLine> output = present.stream().filter(l -> !l.marker()).toList();
        if (output.size() < 2 || after == null) {
            return 0;
        }
        Duration span = Duration.between(output.get(0).at(), output.get(output.size() - 1).at());
        Duration missing = Duration.between(after, output.get(0).at());
        // A rate taken over a moment (one burst) says nothing about the time before it: no estimate then.
        if (span.isNegative() || missing.isNegative() || span.compareTo(MIN_RATE_SPAN) < 0
                || span.multipliedBy(10).compareTo(missing) < 0) {
            return 0;
        }
        double perNano = (output.size() - 1) / (double) span.toNanos();
        // Lines strictly between: one interval fewer than the intervals that fit.
        return Math.max(0, Math.round(perNano * missing.toNanos()) - 1);
    }

    /**
     * Whether a stopped container's answer is at ACI's stopped-instance limit (1,000 lines, or within one line of
     * 16 KB), so that earlier lines were probably dropped when it stopped.
     */
    public static boolean atStoppedLimit(List<LogLine> answer) {
        long bytes = 0;
        int longest = 0;
        for (LogLine line : answer) {
            int size = line.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1;
            bytes += size;
            longest = Math.max(longest, size);
        }
        return answer.size() >= STOPPED_LINES || bytes > STOPPED_BYTES - Math.max(longest, 1);
    }

    /**
     * The marker for the first read of a container that had already stopped with a log at ACI's limit: only what ACI
     * kept survived, with an estimate of what was lost when the container's start is known, and where the complete
     * log is, when there is one.
     */
    public static LogLine keptOnlyAfterExit(List<LogLine> answer, Optional<Instant> containerStart,
                                            Optional<String> completeCopy) {
        Instant first = answer.get(0).at();
        long estimate = containerStart.map(start -> estimateMissing(start, answer)).orElse(0L);
        String text = "only the last " + answer.size() + " lines survived: ACI keeps at most 1,000 lines or 16 KB of a "
                + "stopped container's log, and the container had stopped before they were read"
                + (estimate > 0 ? "; about " + estimate + " earlier lines are lost" : "; earlier lines are lost")
                + completeCopy.map(where -> "; the complete log is in " + where)
                        .orElse("; to keep complete logs, send them to Log Analytics (DISPATCH_LOG_ANALYTICS_WORKSPACE_ID"
                                + " and _KEY, README \"Logs\")");
        return LogLine.marker(first, text);
    }
}
