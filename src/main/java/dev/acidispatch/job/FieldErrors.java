package dev.acidispatch.job;

import java.util.ArrayList;
import java.util.List;

/** The problems found in one message, in the order the checks found them. Not thread-safe: one per check pass. */
final class FieldErrors {
    private final List<FieldError> errors = new ArrayList<>();

    /** @param message what is wrong and what would be valid; never a secret value */
    void add(String path, String message) {
        errors.add(new FieldError(path, message));
    }

    /** Whether an earlier check already refused the value at {@code path} (so a later one need not say so again). */
    boolean hasErrorAt(String path) {
        return errors.stream().anyMatch(e -> e.path().equals(path));
    }

    /** How many problems were found so far (a check compares before and after to know whether it added one). */
    int count() {
        return errors.size();
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    List<FieldError> toList() {
        return List.copyOf(errors);
    }
}
