package dev.acidispatch.arm;

import java.time.Duration;
import java.util.Optional;

/** HTTP 429 (e.g. SubscriptionRequestsThrottled): retry after {@link #retryAfter()}, as the service asked. */
public class ThrottledException extends ArmException {
    private final Duration retryAfter;

    public ThrottledException(String message, String code, int httpStatus, Optional<String> requestId,
                              Duration retryAfter, Throwable cause) {
        super(message, code, httpStatus, requestId, cause);
        this.retryAfter = retryAfter == null || retryAfter.isNegative() ? Duration.ZERO : retryAfter;
    }

    /** The service's {@code Retry-After}; zero when it sent none. */
    public Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public boolean isRetriable() {
        return true;
    }
}
