package dev.acidispatch.watch;

/**
 * StartAttempt's input and output. Input: {@code jobId} and {@code attempt}. Output: what happened.
 *
 * @param kind       {@link Kind#STARTED}: the attempt's deployment was accepted and {@code plan} watches it;
 *                   {@link Kind#WAIT}: not admitted yet (or ARM asked to wait), try again after {@code waitMillis};
 *                   {@link Kind#ENDED}: the job is over ({@code outcome} says how: cancelled between attempts, or
 *                   the attempt could not be deployed for good)
 * @param reason     why, for WAIT and ENDED
 */
public record AttemptStart(String jobId, int attempt, Kind kind, WatchPlan plan, long waitMillis, String reason,
                           WatchOutcome outcome) {
    public enum Kind { STARTED, WAIT, ENDED }

    /** The activity's input. */
    public static AttemptStart request(String jobId, int attempt) {
        return new AttemptStart(jobId, attempt, null, null, 0, null, null);
    }

    public static AttemptStart started(WatchPlan plan) {
        return new AttemptStart(plan.jobId(), plan.attempt().number(), Kind.STARTED, plan, 0, null, null);
    }

    public static AttemptStart waiting(String jobId, int attempt, long waitMillis, String reason) {
        return new AttemptStart(jobId, attempt, Kind.WAIT, null, waitMillis, reason, null);
    }

    public static AttemptStart ended(WatchOutcome outcome) {
        return new AttemptStart(outcome.jobId(), 0, Kind.ENDED, null, 0, outcome.reason(), outcome);
    }
}
