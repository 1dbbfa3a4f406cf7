package dev.acidispatch.store;

import dev.acidispatch.job.JobRecord;

/** {@link JobStore#create} found a record with the same job id; carries that record. */
public final class JobAlreadyExistsException extends IllegalStateException {
    private final transient JobRecord existing;

    public JobAlreadyExistsException(JobRecord existing) {
        super("Job '" + existing.jobId() + "' already exists (status " + existing.status() + ")");
        this.existing = existing;
    }

    public JobRecord existing() {
        return existing;
    }
}
