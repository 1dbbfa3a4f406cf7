package dev.acidispatch.arm;

import java.util.Optional;

/** The resource (or its resource group) does not exist: HTTP 404, e.g. ResourceNotFound. */
public class ResourceNotFoundException extends ArmException {
    public ResourceNotFoundException(String message, String code, int httpStatus, Optional<String> requestId, Throwable cause) {
        super(message, code, httpStatus, requestId, cause);
    }
}
