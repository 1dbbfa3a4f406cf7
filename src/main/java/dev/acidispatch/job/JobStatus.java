package dev.acidispatch.job;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life cycle of a job. Allowed changes live in {@link #allowedNext()} and nowhere else; every change of a
 * {@link JobRecord} goes through {@link JobRecord#transitionTo}, which refuses anything not listed there.
 *
 * <p>Re-entering the same non-terminal state is allowed because queue and activity deliveries are at-least-once: a
 * redelivered "DISPATCHING" must not fail the job. A terminal state is final.
 */
public enum JobStatus {
    /** Accepted and waiting to be dispatched. */
    QUEUED,
    /** Held back by admission (concurrency or create-rate budget, schedule); PollWork re-queues it later. */
    DEFERRED,
    /** The dispatcher owns it: rendering and deploying the container group. */
    DISPATCHING,
    /** The deployment was accepted; ACI is pulling the image and starting the containers. */
    PROVISIONING,
    /** The containers started. */
    RUNNING,
    /**
     * An attempt ended in a way the job's retry policy retries (or ACI evicted its Spot group): its group is cleaned
     * up, and the watcher starts the next attempt after the back-off, through admission like any create.
     */
    RETRY_WAIT,
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    CANCELLED,
    /** The job message was invalid or refused by admission; the record's errors say why. */
    REJECTED;

    /** Whether the job is finished; a terminal status never changes again. */
    public boolean isTerminal() {
        return switch (this) {
            case SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, REJECTED -> true;
            case QUEUED, DEFERRED, DISPATCHING, PROVISIONING, RUNNING, RETRY_WAIT -> false;
        };
    }

    /** The statuses a job in this status may move to, besides re-entering this one (see {@link #canChangeTo}). */
    public Set<JobStatus> allowedNext() {
        return switch (this) {
            case QUEUED -> EnumSet.of(DEFERRED, DISPATCHING, CANCELLED, REJECTED);
            case DEFERRED -> EnumSet.of(QUEUED, DISPATCHING, CANCELLED);
            case DISPATCHING -> EnumSet.of(PROVISIONING, RUNNING, SUCCEEDED, FAILED, TIMED_OUT, DEFERRED, CANCELLED,
                    REJECTED, RETRY_WAIT);
            // DEFERRED: ARM accepted the deployment, then failed it on quota; the job waits for capacity again.
            case PROVISIONING -> EnumSet.of(RUNNING, SUCCEEDED, FAILED, TIMED_OUT, DEFERRED, CANCELLED, RETRY_WAIT);
            case RUNNING -> EnumSet.of(SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, RETRY_WAIT);
            // DISPATCHING: the next attempt was admitted; FAILED: it could not be deployed for good.
            case RETRY_WAIT -> EnumSet.of(DISPATCHING, FAILED, CANCELLED);
            case SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, REJECTED -> EnumSet.noneOf(JobStatus.class);
        };
    }

    /** Whether a job in this status may move to {@code next}; re-entering a non-terminal status is allowed. */
    public boolean canChangeTo(JobStatus next) {
        return (next == this && !isTerminal()) || allowedNext().contains(next);
    }

    /** The statuses in which a job is still alive (not terminal). */
    public static Set<JobStatus> active() {
        return EnumSet.of(QUEUED, DEFERRED, DISPATCHING, PROVISIONING, RUNNING, RETRY_WAIT);
    }
}
