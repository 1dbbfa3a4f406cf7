package dev.acidispatch.arm;

import java.util.Optional;

/** A failure worth retrying: HTTP 5xx, a timeout or a reset connection (HTTP status 0). */
public class TransientArmException extends ArmException {
    public TransientArmException(String message, String code, int httpStatus, Optional<String> requestId, Throwable cause) {
        super(message, code, httpStatus, requestId, cause);
    }

    @Override
    public boolean isRetriable() {
        return true;
    }
}
