package dev.acidispatch.job;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What happens to a job's container group when the job is over. {@link #ALWAYS} deletes it (and its deployment
 * record); {@link #ON_SUCCESS} deletes it after SUCCEEDED and keeps it, stopped, for inspection otherwise (Airflow's
 * {@code remove_on_error=False}); {@link #NEVER} keeps it, stopped ({@code keepContainerGroup: true} is the old
 * spelling). The watcher and the orphan sweeper both decide through {@link #keepsGroupAfter}.
 */
public enum CleanupPolicy {
    ALWAYS("always"),
    ON_SUCCESS("onSuccess"),
    NEVER("never");

    /** The spellings a message uses, in declaration order. */
    public static final List<String> NAMES = Arrays.stream(values()).map(CleanupPolicy::wireName).toList();

    private final String wireName;

    CleanupPolicy(String wireName) {
        this.wireName = wireName;
    }

    /** How a message spells it: {@code always}, {@code onSuccess}, {@code never}. */
    public String wireName() {
        return wireName;
    }

    public static Optional<CleanupPolicy> fromWireName(String name) {
        return Arrays.stream(values()).filter(p -> p.wireName.equals(name)).findFirst();
    }

    /** The old boolean: true kept the group. */
    public static CleanupPolicy ofKeepContainerGroup(boolean keep) {
        return keep ? NEVER : ALWAYS;
    }

    /** Whether a job that ended in {@code status} keeps its (stopped) group instead of deleting it. */
    public boolean keepsGroupAfter(JobStatus status) {
        return switch (this) {
            case ALWAYS -> false;
            case NEVER -> true;
            case ON_SUCCESS -> status != JobStatus.SUCCEEDED;
        };
    }
}
