package dev.acidispatch.store;

import dev.acidispatch.job.IllegalJobStateChangeException;
import dev.acidispatch.job.JobRecord;
import dev.acidispatch.job.JobStatus;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Job records keyed by job id, with optimistic concurrency: every record carries the store's version tag
 * ({@link JobRecord#etag()}) and {@link #update} only writes over the version it read.
 *
 * <p>Job ids must match {@link dev.acidispatch.job.JobNames#isValidJobId}; any other id is refused with {@link IllegalArgumentException} before
 * the store is contacted.
 */
public interface JobStore {

    /** The record, or empty if there is none. */
    Optional<JobRecord> get(String jobId);

    /**
     * Stores a new record (its etag is ignored) and returns it with the store's etag.
     *
     * @throws JobAlreadyExistsException when a record with that id exists; it carries the existing record
     */
    JobRecord create(JobRecord record);

    /**
     * Reads the record, applies {@code change} and writes the result if nobody wrote in between; on a conflict it
     * reads again and re-applies {@code change}, a bounded number of times. {@code change} may therefore run more
     * than once and must have no side effects. When it returns a record equal to the one it got, nothing is written.
     * Exceptions thrown by {@code change} (typically {@link IllegalJobStateChangeException}) propagate unchanged.
     *
     * @return the stored record after the change
     * @throws JobNotFoundException               when there is no record with that id
     * @throws ConcurrentJobModificationException when every attempt lost a race
     */
    JobRecord update(String jobId, UnaryOperator<JobRecord> change);

    /** Creates the record, or returns the existing one with the same id (idempotent redelivery). */
    default JobRecord createOrGet(JobRecord record) {
        try {
            return create(record);
        } catch (JobAlreadyExistsException e) {
            return e.existing();
        }
    }

    /**
     * Up to {@code limit} records whose status is in {@code statuses} (all records when {@code statuses} is empty),
     * ordered by job id.
     */
    List<JobRecord> list(Set<JobStatus> statuses, int limit);

    /**
     * A page of the records {@code query} selects, newest first (by creation time, then job id), read without scanning
     * every record: the cost of a page grows with its limit, not with the number of records kept.
     */
    JobPage query(JobQuery query);

    /** Removes the record; true if it existed. For tests and clean-up: records are normally kept. */
    boolean delete(String jobId);
}
