package dev.acidispatch.local.durable;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * How the runner's driving calls make progress. {@link VirtualTimeDriver}: on the calling thread, moving a virtual
 * clock to the next timer whenever nothing else can run. {@link RealTimeDispatcher}: a background thread runs the
 * work and driving calls only wait.
 */
interface RunnerDriver {

    /**
     * Returns once {@code done} holds, the runner is closed, or {@code deadline} has passed (whichever is first).
     * {@code done} takes the runner's lock itself if it needs it.
     */
    void runUntil(BooleanSupplier done, Deadline deadline);

    /** Returns once nothing can run now without moving the clock. */
    void runUntilIdle();

    /**
     * Moves the clock forward by {@code by} (not negative), firing each timer on the way at its own time.
     *
     * @throws IllegalStateException when the clock follows real time
     */
    void advanceAndRun(Duration by);

    /** Stops background work; called once, after the runner state is closed. */
    void stop();
}
