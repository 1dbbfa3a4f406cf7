package dev.acidispatch.arm;

import java.util.Optional;

/** A subscription or regional quota refused the request (ACI container groups, cores, creates per window). */
public class QuotaExceededException extends ArmException {
    public QuotaExceededException(String message, String code, int httpStatus, Optional<String> requestId, Throwable cause) {
        super(message, code, httpStatus, requestId, cause);
    }
}
