package dev.acidispatch.watch;

/**
 * What one check of a container group found (the CheckGroup activity's output). Times are epoch millis or null.
 *
 * @param detail          human-readable context: ARM error details, the latest container events
 * @param cancelRequested whether the job record carries a cancel request (the durable path when the event was missed)
 * @param restartCount    how often ACI has restarted the container so far ({@code instanceView.restartCount}); with
 *                        restartPolicy Never the platform may still restart it (container-instances-restart-policy)
 * @param previousRun     how the run before the current one ended ({@code instanceView.previousState}), or null
 */
public record Observation(Phase phase, Integer exitCode, Long startedAtMillis, Long finishedAtMillis, String detail,
                          boolean cancelRequested, int restartCount, String previousRun) {

    public enum Phase {
        /** Deployment accepted or group provisioning; the container has not started yet. */
        PENDING,
        RUNNING,
        /** The container terminated; {@code exitCode} says how. */
        EXITED,
        /** The group was stopped without our asking. */
        STOPPED,
        /** ARM reported the deployment or the group as failed. */
        PROVISIONING_FAILED,
        /** ARM accepted the deployment, then failed it on a quota: the job waits for capacity again. */
        QUOTA_EXCEEDED,
        /** Neither the group nor its deployment exists (or the group is being deleted by someone else). */
        MISSING,
        /**
         * ARM refused to show the group for good: the app's identity lacks a permission, or the resource group is
         * gone. Retrying does not help; the job ends with the reason.
         */
        REFUSED
    }

    public Observation(Phase phase, Integer exitCode, Long startedAtMillis, Long finishedAtMillis, String detail,
                       boolean cancelRequested) {
        this(phase, exitCode, startedAtMillis, finishedAtMillis, detail, cancelRequested, 0, null);
    }

    public static Observation of(Phase phase, String detail) {
        return new Observation(phase, null, null, null, detail, false);
    }

    public Observation withCancelRequested(boolean requested) {
        return new Observation(phase, exitCode, startedAtMillis, finishedAtMillis, detail, requested, restartCount,
                previousRun);
    }

    public Observation withRestarts(int count, String previous) {
        return new Observation(phase, exitCode, startedAtMillis, finishedAtMillis, detail, cancelRequested, count,
                previous);
    }
}
