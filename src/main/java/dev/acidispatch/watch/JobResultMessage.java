package dev.acidispatch.watch;

import dev.acidispatch.job.AttemptSummary;
import dev.acidispatch.job.JobRecord;

import java.time.Instant;
import java.util.List;

/**
 * The message put on the {@code job-results} queue when a job ends. No secrets: it is built from the job record.
 * {@code restarts} (added in the same version: readers ignore what they do not know) counts ACI's own restarts;
 * {@code attempt} is the final attempt's number, {@code maxAttempts} what the retry policy allowed, and
 * {@code attempts} how each attempt ended.
 */
public record JobResultMessage(int version, String jobId, String status, Integer exitCode, String reason,
                               Instant startedAt, Instant finishedAt, boolean logsCaptured, int restarts, int attempt, int maxAttempts,
                               List<AttemptSummary> attempts) {

    public static JobResultMessage of(JobRecord record) {
        return new JobResultMessage(1, record.jobId(), record.status().name(), record.exitCode(), record.reason(),
                record.startedAt(), record.finishedAt(), record.logsCaptured(), record.restarts(), record.attempt(),
                record.maxAttempts(), record.attempts());
    }
}
