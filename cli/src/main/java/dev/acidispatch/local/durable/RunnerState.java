package dev.acidispatch.local.durable;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Everything the runner's threads share: the instances, the queue of instances with new events, the pending timers
 * and the counters that tell a driver whether anything can still happen without it.
 *
 * <p><b>Locking.</b> {@link #lock} guards all of it and every {@link RunnerInstance} field; methods here expect the
 * caller to hold it unless they say they take it. {@link #changed} is signalled whenever anything changes that a
 * waiting or driving thread might care about. Orchestrator code and activities run without holding the lock.
 */
final class RunnerState {
    final ReentrantLock lock = new ReentrantLock();
    final Condition changed = lock.newCondition();

    private final Clock clock;
    private final Map<String, RunnerInstance> instances = new HashMap<>();
    private final ArrayDeque<RunnerInstance> ready = new ArrayDeque<>();
    private final TimerQueue timers = new TimerQueue();
    private int activitiesInFlight;
    private boolean episodeInProgress;
    private boolean closed;

    RunnerState(Clock clock) {
        this.clock = clock;
    }

    /** The runner clock's current instant; needs no lock. */
    Instant now() {
        return clock.instant();
    }

    RunnerInstance instance(String instanceId) {
        assert lock.isHeldByCurrentThread();
        return instances.get(instanceId);
    }

    /** Adds {@code instance}, replacing a finished one with the same id. */
    void put(RunnerInstance instance) {
        assert lock.isHeldByCurrentThread();
        instances.put(instance.instanceId, instance);
    }

    void remove(String instanceId) {
        assert lock.isHeldByCurrentThread();
        instances.remove(instanceId);
    }

    TimerQueue timers() {
        assert lock.isHeldByCurrentThread();
        return timers;
    }

    /** Queues {@code instance} for its next episode (once) and wakes waiting threads. */
    void markReady(RunnerInstance instance) {
        assert lock.isHeldByCurrentThread();
        if (!instance.queued) {
            instance.queued = true;
            ready.add(instance);
        }
        changed.signalAll();
    }

    /** The next queued instance, no longer marked queued; null when none is. */
    RunnerInstance pollReady() {
        assert lock.isHeldByCurrentThread();
        RunnerInstance instance = ready.poll();
        if (instance != null) {
            instance.queued = false;
        }
        return instance;
    }

    boolean hasReady() {
        assert lock.isHeldByCurrentThread();
        return !ready.isEmpty();
    }

    /** Records an EventRaised for a running instance; false when the instance is unknown or has finished. */
    boolean deliverEvent(String instanceId, String eventName, String serializedPayload) {
        assert lock.isHeldByCurrentThread();
        RunnerInstance instance = instances.get(instanceId);
        if (instance == null || !instance.isRunning()) {
            return false;
        }
        instance.inbox.add(HistoryEvents.eventRaised(now(), eventName, serializedPayload));
        markReady(instance);
        return true;
    }

    /** Moves every timer whose fire time the clock is strictly past into its instance's inbox. Takes the lock. */
    void fireDueTimers() {
        lock.lock();
        try {
            Instant now = now();
            for (PendingTimer timer : timers.pollDue(now)) {
                RunnerInstance instance = timer.instance();
                if (instance.isRunning() && instance.generation == timer.generation()) {
                    instance.inbox.add(HistoryEvents.timerFired(now, timer.timerId(), timer.fireAt()));
                    markReady(instance);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    void activityStarted() {
        assert lock.isHeldByCurrentThread();
        activitiesInFlight++;
    }

    /** An activity that started (or was refused by a closed pool) will report nothing more. */
    void activityEnded() {
        assert lock.isHeldByCurrentThread();
        activitiesInFlight--;
    }

    boolean hasActivitiesInFlight() {
        assert lock.isHeldByCurrentThread();
        return activitiesInFlight > 0;
    }

    void episodeStarted() {
        assert lock.isHeldByCurrentThread();
        episodeInProgress = true;
    }

    void episodeEnded() {
        assert lock.isHeldByCurrentThread();
        episodeInProgress = false;
    }

    /** Nothing can happen now without outside help: no episode queued or running, no activity, no timer due. */
    boolean isQuiescent() {
        assert lock.isHeldByCurrentThread();
        return ready.isEmpty() && activitiesInFlight == 0 && !episodeInProgress && !timers.hasDue(now());
    }

    boolean isClosed() {
        assert lock.isHeldByCurrentThread();
        return closed;
    }

    /** Marks the runner closed and wakes every waiting thread; false when it already was. */
    boolean close() {
        assert lock.isHeldByCurrentThread();
        if (closed) {
            return false;
        }
        closed = true;
        changed.signalAll();
        return true;
    }

    void requireOpen() {
        assert lock.isHeldByCurrentThread();
        if (closed) {
            throw new IllegalStateException("The in-process durable runner is closed");
        }
    }
}
