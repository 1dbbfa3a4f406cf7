package dev.acidispatch.local.durable;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Drives the runner on a clock that follows real time: a daemon dispatcher thread runs episodes as work arrives and
 * sleeps until the next timer or signal, never spinning. Driving calls only wait.
 */
final class RealTimeDispatcher implements RunnerDriver {
    private static final Logger LOG = Logger.getLogger(RealTimeDispatcher.class.getName());
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final RunnerState state;
    private final EpisodeRunner episodes;
    private final Thread thread;

    private RealTimeDispatcher(RunnerState state, EpisodeRunner episodes) {
        this.state = state;
        this.episodes = episodes;
        this.thread = new Thread(this::dispatch, "durable-dispatcher");
        this.thread.setDaemon(true);
    }

    /** Creates the dispatcher and starts its thread. */
    static RealTimeDispatcher start(RunnerState state, EpisodeRunner episodes) {
        RealTimeDispatcher dispatcher = new RealTimeDispatcher(state, episodes);
        dispatcher.thread.start();
        return dispatcher;
    }

    @Override
    public void runUntil(BooleanSupplier done, Deadline deadline) {
        await(done, deadline);
    }

    @Override
    public void runUntilIdle() {
        await(state::isQuiescent, Deadline.none());
    }

    @Override
    public void advanceAndRun(Duration by) {
        throw new IllegalStateException("advanceAndRun needs a VirtualClock; this runner follows real time");
    }

    @Override
    public void stop() {
        try {
            thread.join(STOP_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void dispatch() {
        try {
            while (true) {
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
                    Optional<Instant> nextTimer = state.timers().nextDueAt();
                    if (nextTimer.isEmpty()) {
                        state.changed.await();
                    } else {
                        long waitNanos = Duration.between(state.now(), nextTimer.get()).toNanos();
                        if (waitNanos > 0) {
                            state.changed.awaitNanos(waitNanos);
                        }
                    }
                } finally {
                    state.lock.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.SEVERE, "The durable dispatcher stopped unexpectedly", e);
            throw e;
        }
    }

    /** Waits, holding the lock between checks, until {@code condition} holds, the runner closes or time is up. */
    private void await(BooleanSupplier condition, Deadline deadline) {
        state.lock.lock();
        try {
            while (!condition.getAsBoolean() && !state.isClosed()) {
                if (deadline.isPast()) {
                    return;
                }
                if (deadline.isNone()) {
                    state.changed.await();
                } else {
                    state.changed.awaitNanos(deadline.remainingNanos());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for durable instances", e);
        } finally {
            state.lock.unlock();
        }
    }
}
