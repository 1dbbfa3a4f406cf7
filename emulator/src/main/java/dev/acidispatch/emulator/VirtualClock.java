package dev.acidispatch.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A clock that only moves when told to. Shared by the ARM emulator and the in-process durable runner so that a
 * six-hour job can be watched in milliseconds with every component agreeing on "now".
 */
public final class VirtualClock extends Clock {
    private volatile Instant now;

    public VirtualClock(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    public static VirtualClock startingAt(String isoInstant) {
        return new VirtualClock(Instant.parse(isoInstant));
    }

    /** Moves the clock forward; moving backwards is refused because timers and leases assume monotonic time. */
    public synchronized Instant advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("The value for by must not be negative, was " + by);
        }
        now = now.plus(by);
        return now;
    }

    /** Moves the clock to {@code target} if it lies in the future; otherwise leaves it where it is. */
    public synchronized Instant advanceTo(Instant target) {
        if (target.isAfter(now)) {
            now = target;
        }
        return now;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (!ZoneOffset.UTC.equals(zone)) {
            throw new UnsupportedOperationException("VirtualClock is UTC only");
        }
        return this;
    }
}
