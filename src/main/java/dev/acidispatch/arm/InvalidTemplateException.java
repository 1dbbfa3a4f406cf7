package dev.acidispatch.arm;

import java.util.Optional;

/** ARM rejected the template or its parameters (InvalidTemplate, InvalidTemplateDeployment, HTTP 400 validation). */
public class InvalidTemplateException extends ArmException {
    public InvalidTemplateException(String message, String code, int httpStatus, Optional<String> requestId, Throwable cause) {
        super(message, code, httpStatus, requestId, cause);
    }
}
