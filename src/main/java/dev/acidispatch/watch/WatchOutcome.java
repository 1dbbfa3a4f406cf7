package dev.acidispatch.watch;

import dev.acidispatch.job.JobStatus;

/** How a watched job ended; the orchestration's output and the RecordResult activity's input. */
public record WatchOutcome(String jobId, JobStatus status, Integer exitCode, Long startedAtMillis,
                           Long finishedAtMillis, String reason) {

    public WatchOutcome {
        if (!status.isTerminal()) {
            throw new IllegalArgumentException("The value for status must be terminal, was " + status);
        }
    }

    public WatchOutcome withReason(String newReason) {
        return new WatchOutcome(jobId, status, exitCode, startedAtMillis, finishedAtMillis, newReason);
    }
}
