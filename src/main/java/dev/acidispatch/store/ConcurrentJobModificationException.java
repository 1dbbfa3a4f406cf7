package dev.acidispatch.store;

/** Every attempt of {@link JobStore#update} lost the race against another writer of the same job. */
public final class ConcurrentJobModificationException extends IllegalStateException {
    private final String jobId;
    private final int attempts;

    public ConcurrentJobModificationException(String jobId, int attempts) {
        super("Job '" + jobId + "' was changed by another writer during each of " + attempts
                + " attempts; retry the operation later");
        this.jobId = jobId;
        this.attempts = attempts;
    }

    public String jobId() {
        return jobId;
    }

    public int attempts() {
        return attempts;
    }
}
