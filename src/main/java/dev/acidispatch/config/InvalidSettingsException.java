package dev.acidispatch.config;

import java.util.List;

/** One or more settings are missing or malformed; each problem names its variable and what would be valid. */
public final class InvalidSettingsException extends IllegalStateException {
    private final List<String> problems;

    public InvalidSettingsException(List<String> problems) {
        super("Invalid settings:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
