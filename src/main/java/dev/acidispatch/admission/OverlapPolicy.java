package dev.acidispatch.admission;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What a schedule does when an occurrence is due while its previous run is still active (not finished):
 * <ul>
 *   <li>{@link #SKIP} (default): the occurrence does not run; its job is recorded CANCELLED with the reason, and the
 *   schedule remembers it as its last skip.</li>
 *   <li>{@link #ALLOW}: it runs anyway, alongside the previous run.</li>
 *   <li>{@link #CANCEL_PREVIOUS}: the previous run is asked to cancel (its watcher stops and cleans it up), and the
 *   occurrence starts.</li>
 * </ul>
 * The decision is made once for each occurrence, on any number of hosts: the occurrence's job record is created with
 * the decision (QUEUED or CANCELLED), and creation succeeds for one poller only.
 */
public enum OverlapPolicy {
    ALLOW("allow"), SKIP("skip"), CANCEL_PREVIOUS("cancel-previous");

    private final String id;

    OverlapPolicy(String id) {
        this.id = id;
    }

    /** The spelling used in storage and the CLI. */
    public String id() {
        return id;
    }

    public static OverlapPolicy parse(String value) {
        for (OverlapPolicy p : values()) {
            if (p.id.equals(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException("overlap: '" + value + "' is not an overlap policy; use one of "
                + Arrays.stream(values()).map(OverlapPolicy::id).collect(Collectors.joining(", ")));
    }
}
