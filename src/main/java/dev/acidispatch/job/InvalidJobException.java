package dev.acidispatch.job;

import java.util.List;
import java.util.stream.Collectors;

/** A job message was rejected; carries every problem found, each naming its JSON path and the fix. */
public final class InvalidJobException extends IllegalArgumentException {
    private final List<FieldError> errors;

    public InvalidJobException(List<FieldError> errors) {
        super(describe(errors));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("The value for errors must not be empty");
        }
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }

    private static String describe(List<FieldError> errors) {
        return "Invalid job message (" + errors.size() + (errors.size() == 1 ? " problem" : " problems") + "):\n  "
                + errors.stream().map(FieldError::toString).collect(Collectors.joining("\n  "));
    }
}
