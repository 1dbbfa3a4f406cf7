package dev.acidispatch.job;

import java.util.Objects;

/** A job was asked to move between two statuses that {@link JobStatus#allowedNext()} does not connect. */
public final class IllegalJobStateChangeException extends IllegalStateException {
    private final String jobId;
    private final JobStatus from;
    private final JobStatus to;

    public IllegalJobStateChangeException(String jobId, JobStatus from, JobStatus to) {
        super("Job '" + jobId + "' cannot change from " + from + " to " + to
                + (from.isTerminal() ? " because " + from + " is terminal" : "; allowed from " + from + ": "
                + from.allowedNext()));
        this.jobId = jobId;
        this.from = Objects.requireNonNull(from, "from");
        this.to = Objects.requireNonNull(to, "to");
    }

    public String jobId() {
        return jobId;
    }

    public JobStatus from() {
        return from;
    }

    public JobStatus to() {
        return to;
    }
}
