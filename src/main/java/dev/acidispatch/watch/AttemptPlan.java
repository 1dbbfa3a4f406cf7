package dev.acidispatch.watch;

import dev.acidispatch.job.AttemptSummary;
import dev.acidispatch.job.RetryPolicy;
import dev.acidispatch.job.ResolvedJob;

/**
 * Which attempt the watcher follows and what the job's retry policy allows after it. It travels in the
 * {@link WatchPlan} (Durable Functions history), so it is small and free of secrets.
 *
 * @param number       the attempt being watched, from 1
 * @param retry        the job's retry policy
 * @param priority     the priority this attempt runs at
 * @param spotFallback the priority of the attempt after an eviction, or null to stay where it is
 * @param evictions    how many attempts so far ended by a Spot eviction (they do not count against maxAttempts)
 * @param startPending whether this generation must start attempt {@code number} first (it ended the previous one and
 *                     is waiting for the back-off or for admission)
 * @param waitMillis   with {@code startPending}: how long to wait before trying to start it
 */
public record AttemptPlan(int number, RetryPolicy retry, String priority, String spotFallback, int evictions,
                          boolean startPending, long waitMillis) {

    public AttemptPlan {
        number = Math.max(number, 1);
        retry = retry == null ? RetryPolicy.NONE : retry;
    }

    /** A plan written before retries existed: its one and only attempt. */
    public static AttemptPlan first() {
        return new AttemptPlan(1, RetryPolicy.NONE, null, null, 0, false, 0);
    }

    /** The attempt {@code job} is (its number and priority), under its retry policy. */
    public static AttemptPlan of(ResolvedJob job, int evictions) {
        return new AttemptPlan(job.attempt(), job.retry(), job.priority(), job.spotFallback(), evictions, false, 0);
    }

    /**
     * Whether an attempt that ended as {@code evicted} (or not) may be followed by another. A failure may, while fewer
     * than {@code maxAttempts} attempts have failed; an eviction is not the job's failure and may always, up to
     * {@link RetryPolicy#MAX_ATTEMPTS} attempts in all (each attempt has its own group name, and those are bounded).
     */
    public boolean allowsAnotherAfter(boolean evicted) {
        if (number >= RetryPolicy.MAX_ATTEMPTS) {
            return false;
        }
        return evicted || number - evictions < retry.maxAttempts();
    }

    /** The priority of the next attempt: the fallback after an eviction, otherwise this attempt's. */
    public String nextPriority(boolean evicted) {
        return evicted && spotFallback != null ? spotFallback : priority;
    }

    /** The next attempt, not started yet: start it after {@code wait} millis. */
    public AttemptPlan next(boolean evicted, long wait) {
        return new AttemptPlan(number + 1, retry, nextPriority(evicted), spotFallback,
                evictions + (evicted ? 1 : 0), true, wait);
    }

    /** The same attempt, still to start: try again after {@code wait} millis. */
    public AttemptPlan waitAgain(long wait) {
        return new AttemptPlan(number, retry, priority, spotFallback, evictions, true, wait);
    }

    /** The attempt that ended, for the record. */
    public AttemptSummary summary(String outcome, Integer exitCode, String reason) {
        return new AttemptSummary(number, outcome, exitCode, reason, priority);
    }
}
