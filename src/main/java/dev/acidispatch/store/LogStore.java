package dev.acidispatch.store;

import java.util.Optional;

/** Captured container logs, one text per job. Job ids must match {@link dev.acidispatch.job.JobNames#isValidJobId}. */
public interface LogStore {

    /** Stores (or replaces) the job's logs. */
    void put(String jobId, String text);

    /** The job's logs, or empty if none were captured. */
    Optional<String> get(String jobId);
}
