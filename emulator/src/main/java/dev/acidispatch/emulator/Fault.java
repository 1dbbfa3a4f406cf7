package dev.acidispatch.emulator;

import java.time.Duration;
import java.util.Objects;

/** A failure the emulator injects instead of (or after) serving a request. */
public record Fault(Kind kind, int status, int retryAfterSeconds, Duration delay) {
    public enum Kind {
        /** Answer with an HTTP error status and an ARM error body; the request is not processed. */
        STATUS,
        /** Wait {@code delay} before serving normally (clients with a shorter timeout give up). */
        SLOW,
        /** Close the connection without a response; the request is not processed. */
        RESET,
        /** Process the request, then close the connection without sending the response. */
        RESET_AFTER_PROCESSING
    }

    public Fault {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(delay, "delay");
    }

    /** 429 SubscriptionRequestsThrottled with {@code Retry-After}. */
    public static Fault throttle(int retryAfterSeconds) {
        if (retryAfterSeconds < 0) {
            throw new IllegalArgumentException("The value for retryAfterSeconds must not be negative");
        }
        return new Fault(Kind.STATUS, 429, retryAfterSeconds, Duration.ZERO);
    }

    public static Fault internalServerError() {
        return new Fault(Kind.STATUS, 500, -1, Duration.ZERO);
    }

    public static Fault serviceUnavailable() {
        return new Fault(Kind.STATUS, 503, -1, Duration.ZERO);
    }

    public static Fault slow(Duration delay) {
        return new Fault(Kind.SLOW, 0, -1, Objects.requireNonNull(delay, "delay"));
    }

    public static Fault connectionReset() {
        return new Fault(Kind.RESET, 0, -1, Duration.ZERO);
    }

    public static Fault connectionResetAfterProcessing() {
        return new Fault(Kind.RESET_AFTER_PROCESSING, 0, -1, Duration.ZERO);
    }
}
