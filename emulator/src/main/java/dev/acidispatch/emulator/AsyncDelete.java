package dev.acidispatch.emulator;

import java.time.Instant;

/**
 * An ARM resource's asynchronous delete (a container group's or a deployment record's): accepted at one instant, with
 * an operation id to poll, and finished at a later one, when the resource is gone. A second delete while one runs
 * does not start another.
 */
final class AsyncDelete {
    private Instant since;
    private Instant completesAt;
    private String operation;

    /** Starts the delete unless one runs; returns whether this call started it. */
    boolean begin(Instant now, Instant completesAt, String operationId) {
        if (since != null) {
            return false;
        }
        this.since = now;
        this.completesAt = completesAt;
        this.operation = operationId;
        return true;
    }

    boolean isDeleting() {
        return since != null;
    }

    /** The delete's operation id, while it runs. */
    String operation() {
        return operation;
    }

    /** Whether the delete has finished by {@code now} (the resource no longer exists). */
    boolean isDone(Instant now) {
        return completesAt != null && !now.isBefore(completesAt);
    }
}
