package dev.acidispatch.local.durable;

import java.time.Instant;

/**
 * A durable timer waiting to fire; ordered by fire time, then by creation so equal times fire in order.
 *
 * @param generation the instance generation that created it; a timer of an older generation never fires
 * @param timerId    the CreateTimer action id, which the TimerFired event must carry
 * @param sequence   creation order across the runner, the tie-break for equal fire times
 */
record PendingTimer(RunnerInstance instance, int generation, int timerId, Instant fireAt, long sequence)
        implements Comparable<PendingTimer> {
    @Override
    public int compareTo(PendingTimer other) {
        int byTime = fireAt.compareTo(other.fireAt);
        return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
    }
}
