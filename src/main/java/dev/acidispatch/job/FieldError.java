package dev.acidispatch.job;

import java.util.Objects;

/**
 * One problem with a job message.
 *
 * @param path    JSON path of the offending value, e.g. {@code $.cpu}, {@code $.env.MY_VAR}, {@code $.command[2]};
 *                {@code $} for the message as a whole
 * @param message what is wrong and what would be valid; never contains a secret value
 */
public record FieldError(String path, String message) {
    public FieldError {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
