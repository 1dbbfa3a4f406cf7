package dev.acidispatch.local.durable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The runner's pending durable timers, earliest first, each also listed on its instance so completion and
 * continue-as-new can drop them. Not thread-safe: every call holds the runner's lock.
 *
 * <p>A timer is due once the clock is strictly past its fire time, never when it equals it: durabletask's
 * {@code createTimer} may otherwise wake before the time it asked for.
 */
final class TimerQueue {
    /** Timers fire once the clock is strictly past fireAt; clocks are moved, and waits end, this far beyond it. */
    static final Duration TIMER_FIRE_MARGIN = Duration.ofMillis(1);

    private final TreeSet<PendingTimer> timers = new TreeSet<>();
    private long sequence;

    /** A timer for {@code instance}'s current generation; not queued until {@link #add(PendingTimer)}. */
    PendingTimer create(RunnerInstance instance, int timerId, Instant fireAt) {
        return new PendingTimer(instance, instance.generation, timerId, fireAt, sequence++);
    }

    void add(PendingTimer timer) {
        timers.add(timer);
        timer.instance().timers.add(timer);
    }

    /** Removes every timer of {@code instance} that has not fired. */
    void dropAll(RunnerInstance instance) {
        for (PendingTimer timer : instance.timers) {
            timers.remove(timer);
        }
        instance.timers.clear();
    }

    boolean isEmpty() {
        return timers.isEmpty();
    }

    boolean hasDue(Instant now) {
        return !timers.isEmpty() && timers.first().fireAt().isBefore(now);
    }

    /** Removes and returns the timers due at {@code now}, earliest first. */
    List<PendingTimer> pollDue(Instant now) {
        if (!hasDue(now)) {
            return List.of();
        }
        List<PendingTimer> due = new ArrayList<>();
        while (hasDue(now)) {
            PendingTimer timer = timers.pollFirst();
            timer.instance().timers.remove(timer);
            due.add(timer);
        }
        return due;
    }

    /** The first moment the earliest timer is due (its fire time plus the margin); empty when none is pending. */
    Optional<Instant> nextDueAt() {
        return timers.isEmpty() ? Optional.empty() : Optional.of(timers.first().fireAt().plus(TIMER_FIRE_MARGIN));
    }
}
