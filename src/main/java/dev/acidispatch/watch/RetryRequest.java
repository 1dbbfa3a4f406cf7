package dev.acidispatch.watch;

import dev.acidispatch.job.AttemptSummary;

/**
 * ScheduleRetry's input: the attempt that ended and what comes next. References and short text only (it stays in
 * Durable Functions history).
 *
 * @param ended        how the attempt ended
 * @param nextAttempt  the number of the attempt to start
 * @param nextPriority the priority it runs at
 * @param waitMillis   the back-off before it starts
 */
public record RetryRequest(String jobId, AttemptSummary ended, int nextAttempt, String nextPriority,
                           long waitMillis) {
}
