package dev.acidispatch.local.durable;

import dev.acidispatch.emulator.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Drives the runner on a {@link VirtualClock}: nothing runs in the background; each driving call replays episodes on
 * the calling thread and, once nothing else can run, moves the clock to the next timer. Hours of watching take
 * milliseconds.
 */
final class VirtualTimeDriver implements RunnerDriver {
    private final RunnerState state;
    private final EpisodeRunner episodes;
    private final VirtualClock clock;
    /** Serialises driving calls, so one episode per instance runs at a time. */
    private final ReentrantLock driveLock = new ReentrantLock();

    VirtualTimeDriver(RunnerState state, EpisodeRunner episodes, VirtualClock clock) {
        this.state = state;
        this.episodes = episodes;
        this.clock = clock;
    }

    @Override
    public void runUntil(BooleanSupplier done, Deadline deadline) {
        drive(done, Instant.MAX, deadline, true);
    }

    @Override
    public void runUntilIdle() {
        drive(() -> false, null, Deadline.none(), false);
    }

    @Override
    public void advanceAndRun(Duration by) {
        drive(() -> false, clock.instant().plus(by), Deadline.none(), false);
    }

    @Override
    public void stop() {
        // Nothing runs in the background.
    }

    /**
     * Runs episodes and due timers; when nothing is runnable it waits for in-flight activities, then moves the clock
     * to the next timer (if {@code advanceLimit} allows), then either returns or, when {@code awaitExternalInput},
     * waits for another thread to raise an event.
     *
     * @param advanceLimit null: never move the clock; otherwise move it up to this instant (Instant.MAX: unbounded)
     */
    private void drive(BooleanSupplier done, Instant advanceLimit, Deadline deadline, boolean awaitExternalInput) {
        driveLock.lock();
        try {
            while (!done.getAsBoolean()) {
                if (deadline.isPast()) {
                    return;
                }
                state.fireDueTimers();
                if (episodes.runNext()) {
                    continue;
                }
                state.lock.lock();
                try {
                    if (state.isClosed()) {
                        return;
                    }
                    if (state.hasReady()) {
                        continue;
                    }
                    if (state.hasActivitiesInFlight()) {
                        state.changed.awaitNanos(deadline.remainingNanos());
                        continue;
                    }
                    if (advanceLimit != null) {
                        Optional<Instant> nextTimer = state.timers().nextDueAt();
                        if (nextTimer.isPresent() && !nextTimer.get().isAfter(advanceLimit)) {
                            clock.advanceTo(nextTimer.get());
                            continue;
                        }
                        if (!advanceLimit.equals(Instant.MAX) && clock.instant().isBefore(advanceLimit)) {
                            clock.advanceTo(advanceLimit);
                            continue;
                        }
                    }
                    if (!awaitExternalInput) {
                        return;
                    }
                    state.changed.awaitNanos(deadline.remainingNanos());
                } finally {
                    state.lock.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running durable instances", e);
        } finally {
            driveLock.unlock();
        }
    }
}
