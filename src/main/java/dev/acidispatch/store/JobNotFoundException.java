package dev.acidispatch.store;

import java.util.NoSuchElementException;

/** {@link JobStore#update} was asked to change a job that has no record. */
public final class JobNotFoundException extends NoSuchElementException {
    private final String jobId;

    public JobNotFoundException(String jobId) {
        super("Job '" + jobId + "' has no record");
        this.jobId = jobId;
    }

    public String jobId() {
        return jobId;
    }
}
