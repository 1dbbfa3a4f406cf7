package dev.acidispatch.arm;

import java.util.Optional;

/**
 * A failed ARM call, keeping what the service said: its error code, the HTTP status (0 when no response arrived)
 * and the request id to quote to Azure support. Subclasses name the failure kind callers act on.
 */
public class ArmException extends RuntimeException {
    private final String code;
    private final int httpStatus;
    private final Optional<String> requestId;

    public ArmException(String message, String code, int httpStatus, Optional<String> requestId, Throwable cause) {
        super(message, cause);
        this.code = code == null ? "" : code;
        this.httpStatus = httpStatus;
        this.requestId = requestId == null ? Optional.empty() : requestId;
    }

    /** The service's error code, e.g. {@code DeploymentActive}; empty string when none was sent. */
    public String code() {
        return code;
    }

    /** The HTTP status, or 0 when the call failed before a response (timeout, reset). */
    public int httpStatus() {
        return httpStatus;
    }

    /** ARM's {@code x-ms-request-id}, when a response carried one. */
    public Optional<String> requestId() {
        return requestId;
    }

    /** Whether retrying the same call later may succeed. */
    public boolean isRetriable() {
        return false;
    }
}
