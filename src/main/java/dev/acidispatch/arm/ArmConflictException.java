package dev.acidispatch.arm;

import java.util.Optional;

/** ARM refused because of the resource's current state: HTTP 409, e.g. DeploymentActive. */
public class ArmConflictException extends ArmException {
    public ArmConflictException(String message, String code, int httpStatus, Optional<String> requestId, Throwable cause) {
        super(message, code, httpStatus, requestId, cause);
    }
}
