package dev.acidispatch.store;

import dev.acidispatch.job.JobRecord;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

/**
 * The read-modify-write loop shared by every {@link JobStore}: implementations supply a read and a conditional
 * replace; this class supplies the retries, the no-op detection and the checks on what {@code change} returned.
 */
abstract class VersionedJobStore implements JobStore {
    /** Enough for a handful of writers racing on one job (8 writers in the tests) with jittered back-off. */
    static final int DEFAULT_MAX_UPDATE_ATTEMPTS = 40;

    private final int maxUpdateAttempts;

    VersionedJobStore(int maxUpdateAttempts) {
        if (maxUpdateAttempts < 1) {
            throw new IllegalArgumentException("The value for maxUpdateAttempts must be greater than zero, was "
                    + maxUpdateAttempts + ".");
        }
        this.maxUpdateAttempts = maxUpdateAttempts;
    }

    /**
     * Writes {@code next} only if the stored version still has {@code expectedEtag}.
     *
     * @return the stored record with its new etag, or empty when the version changed (or the record vanished)
     */
    abstract Optional<JobRecord> replaceIfUnchanged(JobRecord next, String expectedEtag);

    /**
     * Runs before the conditional write of a change that moves the record to another status (a store keeping an index
     * by status updates it here); its result is handed to {@link #afterStatusChange} once the write succeeded.
     */
    Object beforeStatusChange(JobRecord current, JobRecord next) {
        return null;
    }

    /** Runs after the write that {@link #beforeStatusChange} prepared succeeded. */
    void afterStatusChange(Object prepared) {
    }

    /** Waits a little before retrying after losing a race, so racing writers spread out. */
    void backOff(int attempt) {
        long capMillis = Math.min(100, 2L << Math.min(attempt, 6));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(capMillis + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while retrying an update", e);
        }
    }

    @Override
    public final JobRecord update(String jobId, UnaryOperator<JobRecord> change) {
        JobIds.require(jobId);
        Objects.requireNonNull(change, "change");
        for (int attempt = 1; attempt <= maxUpdateAttempts; attempt++) {
            JobRecord current = get(jobId).orElseThrow(() -> new JobNotFoundException(jobId));
            JobRecord next = change.apply(current);
            if (next == null) {
                throw new NullPointerException("The change for job '" + jobId + "' returned null; return the record"
                        + " unchanged to write nothing");
            }
            if (!jobId.equals(next.jobId())) {
                throw new IllegalArgumentException("The change for job '" + jobId + "' returned a record for job '"
                        + next.jobId() + "'; a change must keep the jobId");
            }
            JobRecord normalized = next.withEtag(current.etag());
            if (normalized.equals(current)) {
                return current;
            }
            boolean statusChanges = normalized.status() != current.status();
            Object prepared = statusChanges ? beforeStatusChange(current, normalized) : null;
            Optional<JobRecord> written = replaceIfUnchanged(normalized, current.etag());
            if (written.isPresent()) {
                if (statusChanges) {
                    afterStatusChange(prepared);
                }
                return written.get();
            }
            if (attempt < maxUpdateAttempts) {
                backOff(attempt);
            }
        }
        throw new ConcurrentJobModificationException(jobId, maxUpdateAttempts);
    }

    static void requirePositiveLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("The value for limit must be greater than zero, was " + limit + ".");
        }
    }
}
