package dev.acidispatch.local.durable;

/** What {@link InProcessDurableRunner#scheduleNew} did with a start request. */
public enum StartOutcome {
    /** A new execution began (the id was unused or its previous execution had finished). */
    STARTED,
    /** The instance is still running; the request was refused and the running instance left untouched. */
    ALREADY_RUNNING
}
