package dev.acidispatch.dispatch;

/** What the dispatcher did with one job message. */
public record DispatchOutcome(String jobId, Kind kind, String detail) {
    public enum Kind {
        /** Deployed (or an existing deployment adopted) and a watcher is running. */
        DISPATCHED,
        /** Already dispatched earlier (redelivery); the watcher was (re)started if needed. */
        ALREADY_DISPATCHED,
        /** Not admitted now; kept as DEFERRED for the poller to release. */
        DEFERRED,
        /** Invalid message; recorded as REJECTED with its errors. */
        REJECTED,
        /** The job was cancelled or finished before this delivery. */
        SKIPPED,
        /** ARM refused the deployment for good; recorded as FAILED. */
        FAILED
    }
}
