package dev.acidispatch.admission;

import java.time.Instant;
import java.util.Objects;

/**
 * The ledger's answer to one job.
 *
 * @param admitted whether the job holds a lease now and may be deployed
 * @param reason   "admitted", "already admitted", or the limit that refused it with its numbers, e.g.
 *                 "creates in the last 5 minutes: 100 of 100"
 * @param retryAt  when the refusing limit frees up by itself (a create leaves its window, a throttle pause ends);
 *                 null when admitted or when it depends on active jobs finishing
 */
public record Admission(boolean admitted, String reason, Instant retryAt) {
    public Admission {
        Objects.requireNonNull(reason, "reason");
    }

    static Admission yes(String reason) {
        return new Admission(true, reason, null);
    }

    static Admission no(String reason, Instant retryAt) {
        return new Admission(false, reason, retryAt);
    }
}
