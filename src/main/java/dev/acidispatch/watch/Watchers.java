package dev.acidispatch.watch;

/**
 * Starts and signals watcher orchestrations. Azure Functions uses the Durable Task client; tests and
 * {@code dispatchctl run} use the in-process runner. The instance id is always the job id.
 */
public interface Watchers {
    /** Starts watching; returns false when a watcher for this job is already running (redelivery: that is fine). */
    boolean start(WatchPlan plan);

    /** Raises the cancel event; returns false when no watcher is running for the job. */
    boolean cancel(String jobId, String reason);

    /**
     * For clients without a Durable Task connection (the CLI against Azure storage): cancel requests reach the watcher
     * through the job record's flag, at its next check; starting watchers is the dispatcher's job, not theirs.
     */
    static Watchers viaJobRecordOnly() {
        return new Watchers() {
            @Override
            public boolean start(WatchPlan plan) {
                throw new UnsupportedOperationException("only the dispatcher starts watchers");
            }

            @Override
            public boolean cancel(String jobId, String reason) {
                return false;
            }
        };
    }
}
