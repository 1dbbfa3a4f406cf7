package dev.acidispatch.store;

import dev.acidispatch.job.JobNames;
import dev.acidispatch.job.JobStatus;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which job records {@link JobStore#query} returns, newest first: those whose status is in {@code statuses} (any when
 * empty), created at or after {@code since} (any when null), that are runs of {@code schedule} (any when null), at most
 * {@code limit} per page, starting after the page that handed out {@code continuationToken} (the first page when null).
 * Every value is checked here, so a query that reaches a store only holds status names, digits and job-id characters.
 */
public record JobQuery(Set<JobStatus> statuses, Instant since, String schedule, int limit, String continuationToken) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1000;

    public JobQuery {
        statuses = statuses == null || statuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(statuses));
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit: " + limit + " is not allowed; expected 1 to " + MAX_LIMIT);
        }
        if (schedule != null && !JobNames.isValidJobId(schedule)) {
            throw new IllegalArgumentException("schedule: not a schedule name; expected lowercase letters, digits and"
                    + " inner hyphens, as in `dispatchctl schedule list`");
        }
        if (continuationToken != null) {
            JobOrder.positionOf(continuationToken);
        }
    }

    /** Every job, newest first, {@link #DEFAULT_LIMIT} per page. */
    public static JobQuery all() {
        return new JobQuery(Set.of(), null, null, DEFAULT_LIMIT, null);
    }

    public JobQuery withStatuses(Set<JobStatus> value) {
        return new JobQuery(value, since, schedule, limit, continuationToken);
    }

    public JobQuery withSince(Instant value) {
        return new JobQuery(statuses, value, schedule, limit, continuationToken);
    }

    public JobQuery withSchedule(String value) {
        return new JobQuery(statuses, since, value, limit, continuationToken);
    }

    public JobQuery withLimit(int value) {
        return new JobQuery(statuses, since, schedule, value, continuationToken);
    }

    /** The same query from where {@code token} (a {@link JobPage#continuationToken()}) left off. */
    public JobQuery after(String token) {
        return new JobQuery(statuses, since, schedule, limit, token);
    }

    /** Whether {@code record} belongs in this query's answer (position aside). */
    public boolean matches(dev.acidispatch.job.JobRecord record) {
        Objects.requireNonNull(record, "record");
        return (statuses.isEmpty() || statuses.contains(record.status()))
                && (since == null || !record.createdAt().isBefore(since))
                && (schedule == null || schedule.equals(record.schedule()));
    }

    /** The position after which this page starts: the order key of the last record of the page before. */
    Optional<String> startAfter() {
        return Optional.ofNullable(continuationToken).map(JobOrder::positionOf);
    }
}
