package dev.acidispatch.arm;

import java.time.Instant;
import java.util.Optional;

/** An instance-view event of a group or container, e.g. {@code Warning Failed "Failed to pull image ..."}. */
public record GroupEvent(String type, String name, String message, int count, Optional<Instant> lastTimestamp) {
    public GroupEvent {
        type = type == null ? "" : type;
        name = name == null ? "" : name;
        message = message == null ? "" : message;
        lastTimestamp = lastTimestamp == null ? Optional.empty() : lastTimestamp;
    }

    public boolean isWarning() {
        return "Warning".equalsIgnoreCase(type);
    }

    /** {@code name: message}, for failure reasons. */
    public String describe() {
        return name + ": " + message;
    }
}
