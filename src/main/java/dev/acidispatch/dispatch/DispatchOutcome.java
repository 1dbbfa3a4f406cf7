package dev.acidispatch.dispatch;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the dispatcher did with one job message. */
public record DispatchOutcome(String jobId, Kind kind, String detail) {
    private static final Pattern LOG_LINE = Pattern.compile(
            "^jobId=(\\S+) step=dispatch outcome=([A-Z_]+) detail=(.*)$", Pattern.DOTALL);

    public enum Kind {
        /** Deployed (or an existing deployment adopted) and a watcher is running. */
        DISPATCHED,
        /** Already dispatched earlier (redelivery); the watcher was (re)started if needed. */
        ALREADY_DISPATCHED,
        /** Not admitted now; kept as DEFERRED for the poller to release. */
        DEFERRED,
        /** Invalid message; recorded as REJECTED with its errors. */
        REJECTED,
        /** The job was cancelled or finished before this delivery. */
        SKIPPED,
        /** ARM refused the deployment for good; recorded as FAILED. */
        FAILED
    }

    /** The line the DispatchJob function logs: names the job and the step, so one query finds all about a job. */
    public String logLine() {
        return "jobId=" + jobId + " step=dispatch outcome=" + kind + " detail=" + detail;
    }

    /** Reads back a {@link #logLine()}; empty for any other line. */
    public static Optional<DispatchOutcome> fromLogLine(String line) {
        Matcher m = LOG_LINE.matcher(line);
        return m.matches() ? Optional.of(new DispatchOutcome(m.group(1), Kind.valueOf(m.group(2)), m.group(3)))
                : Optional.empty();
    }
}
