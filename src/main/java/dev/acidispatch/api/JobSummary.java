package dev.acidispatch.api;

import dev.acidispatch.job.JobRecord;

import java.time.Duration;
import java.time.Instant;

/**
 * One row of a job list: what an operator scans for (never secrets: built from the record, which holds none).
 *
 * @param attempt         the attempt running or last run (1 without a retry policy)
 * @param durationSeconds how long the container ran: until it finished, or until {@code now} while it runs; null before
 *                        it started
 * @param schedule        the schedule whose run this is, or null
 */
public record JobSummary(String jobId, String status, int attempt, Integer exitCode, Instant createdAt,
                         Instant startedAt, Instant finishedAt, Long durationSeconds, String reason, String schedule,
                         String image) {

    public static JobSummary of(JobRecord r, Instant now) {
        Long duration = r.startedAt() == null ? null
                : Math.max(0, Duration.between(r.startedAt(), r.finishedAt() != null ? r.finishedAt() : now).toSeconds());
        return new JobSummary(r.jobId(), r.status().name(), r.attempt(), r.exitCode(), r.createdAt(),
                r.startedAt(), r.finishedAt(), duration, r.reason(), r.schedule(), r.image());
    }
}
