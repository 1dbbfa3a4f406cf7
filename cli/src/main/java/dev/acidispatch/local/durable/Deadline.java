package dev.acidispatch.local.durable;

import java.time.Duration;

/**
 * When a driving call stops waiting, in wall-clock ({@link System#nanoTime()}) time; never affected by a virtual
 * clock. Compared by subtraction because nanoTime may wrap or be negative.
 */
final class Deadline {
    /** Waits this long or longer have no deadline (avoids nanosecond overflow for Duration.ofDays(36500) etc.). */
    static final Duration UNBOUNDED_WAIT = Duration.ofDays(365);
    private static final Deadline NONE = new Deadline(false, 0);

    private final boolean bounded;
    private final long atNanos;

    private Deadline(boolean bounded, long atNanos) {
        this.bounded = bounded;
        this.atNanos = atNanos;
    }

    /** Never passes. */
    static Deadline none() {
        return NONE;
    }

    /** {@code timeout} from now; {@link #none()} when it is {@link #UNBOUNDED_WAIT} or longer. */
    static Deadline after(Duration timeout) {
        if (timeout.compareTo(UNBOUNDED_WAIT) >= 0) {
            return NONE;
        }
        return new Deadline(true, System.nanoTime() + timeout.toNanos());
    }

    boolean isNone() {
        return !bounded;
    }

    boolean isPast() {
        return bounded && System.nanoTime() - atNanos >= 0;
    }

    /** Nanoseconds left, at least 1 (a wait of 0 would not wait); {@link Long#MAX_VALUE} for {@link #none()}. */
    long remainingNanos() {
        return bounded ? Math.max(1, atNanos - System.nanoTime()) : Long.MAX_VALUE;
    }
}
