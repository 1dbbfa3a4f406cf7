package dev.acidispatch.admission;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a schedule does with occurrences it missed (the app was stopped, the timer did not run):
 * <ul>
 *   <li>{@link #LATEST} (default): run only the most recent missed occurrence, once.</li>
 *   <li>{@link #ALL}: run every missed occurrence, oldest first, but at most the {@value #MAX_ALL} most recent.</li>
 *   <li>{@link #NONE}: run nothing that is late; wait for the next occurrence.</li>
 * </ul>
 * An occurrence the poller sees within {@link WorkPoller.Options#onTimeWindow()} of its due time is not late.
 */
public enum CatchUp {
    LATEST, ALL, NONE;

    /** How many missed occurrences {@link #ALL} runs at most. */
    public static final int MAX_ALL = 24;

    /** The lowercase name used in JSON, storage and the CLI. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CatchUp parse(String value) {
        for (CatchUp c : values()) {
            if (c.id().equals(value)) {
                return c;
            }
        }
        throw new IllegalArgumentException("catchUp: '" + value + "' is not a catch-up policy; use one of "
                + Arrays.stream(values()).map(CatchUp::id).collect(Collectors.joining(", ")));
    }
}
