package dev.acidispatch.job;

import java.util.Objects;

/**
 * How one finished attempt of a job ended: kept on the job record so status shows every attempt.
 *
 * @param attempt  the attempt's number, from 1
 * @param outcome  how it ended: a terminal {@link JobStatus} name, or {@value #EVICTED} when ACI evicted a Spot group
 * @param exitCode the container's exit code, or null when it has none (provisioning failure, eviction)
 * @param reason   why, shortened to {@value #MAX_REASON_CHARS} characters
 * @param priority the priority the attempt ran at (Regular or Spot)
 */
public record AttemptSummary(int attempt, String outcome, Integer exitCode, String reason, String priority) {
    public static final String EVICTED = "EVICTED";
    public static final int MAX_REASON_CHARS = 300;

    public AttemptSummary {
        if (attempt < 1) {
            throw new IllegalArgumentException("The value for attempt must be at least 1, was " + attempt);
        }
        Objects.requireNonNull(outcome, "outcome");
        if (reason != null && reason.length() > MAX_REASON_CHARS) {
            reason = reason.substring(0, MAX_REASON_CHARS - 1) + "…";
        }
    }

    /** One line for status output: {@code attempt 2 (Spot): FAILED, exit 3 - container exited with code 3}. */
    public String describe() {
        return "attempt " + attempt + (priority == null ? "" : " (" + priority + ")") + ": " + outcome
                + (exitCode == null ? "" : ", exit " + exitCode) + (reason == null ? "" : " - " + reason);
    }
}
