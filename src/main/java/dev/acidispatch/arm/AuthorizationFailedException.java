package dev.acidispatch.arm;

import java.util.Optional;

/**
 * ARM refused for lack of permission (HTTP 403 {@code AuthorizationFailed} or {@code LinkedAuthorizationFailed}).
 * Retrying does not help until someone grants the permission, so callers report {@link #denial()} instead.
 */
public class AuthorizationFailedException extends ArmException {
    private final AccessDenial denial;

    public AuthorizationFailedException(String message, AccessDenial denial, int httpStatus, Optional<String> requestId,
                                        Throwable cause) {
        super(message, denial.code(), httpStatus, requestId, cause);
        this.denial = denial;
    }

    public AccessDenial denial() {
        return denial;
    }
}
