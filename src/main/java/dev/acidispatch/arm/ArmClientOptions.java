package dev.acidispatch.arm;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard the adapter tries: attempts and total time per call (transient failures and 429s are retried with
 * exponential backoff, honouring {@code Retry-After}), and how long one HTTP response may take. Immutable; each
 * {@code with...} validates and returns a copy.
 */
public final class ArmClientOptions {
    public static final int DEFAULT_MAX_ATTEMPTS = 4;
    public static final Duration DEFAULT_MAX_TOTAL_TIME = Duration.ofSeconds(60);
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(15);
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(30);

    private final int maxAttempts;
    private final Duration maxTotalTime;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration responseTimeout;

    private ArmClientOptions(int maxAttempts, Duration maxTotalTime, Duration initialBackoff, Duration maxBackoff,
                             Duration responseTimeout) {
        this.maxAttempts = maxAttempts;
        this.maxTotalTime = maxTotalTime;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.responseTimeout = responseTimeout;
    }

    public static ArmClientOptions defaults() {
        return new ArmClientOptions(DEFAULT_MAX_ATTEMPTS, DEFAULT_MAX_TOTAL_TIME, DEFAULT_INITIAL_BACKOFF,
                DEFAULT_MAX_BACKOFF, DEFAULT_RESPONSE_TIMEOUT);
    }

    /** Attempts per call including the first; 1 disables retries. */
    public ArmClientOptions withMaxAttempts(int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("The value for maxAttempts must be at least 1, was " + maxAttempts);
        }
        return new ArmClientOptions(maxAttempts, maxTotalTime, initialBackoff, maxBackoff, responseTimeout);
    }

    /** Total time a call may spend including waits; a wait that would exceed it is not started. */
    public ArmClientOptions withMaxTotalTime(Duration maxTotalTime) {
        return new ArmClientOptions(maxAttempts, positive(maxTotalTime, "maxTotalTime"), initialBackoff, maxBackoff,
                responseTimeout);
    }

    /** First backoff; doubles per attempt up to {@code maxBackoff}. Zero is allowed (tests). */
    public ArmClientOptions withInitialBackoff(Duration initialBackoff) {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        if (initialBackoff.isNegative()) {
            throw new IllegalArgumentException("The value for initialBackoff must not be negative, was " + initialBackoff);
        }
        return new ArmClientOptions(maxAttempts, maxTotalTime, initialBackoff, maxBackoff, responseTimeout);
    }

    public ArmClientOptions withMaxBackoff(Duration maxBackoff) {
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxBackoff.isNegative()) {
            throw new IllegalArgumentException("The value for maxBackoff must not be negative, was " + maxBackoff);
        }
        return new ArmClientOptions(maxAttempts, maxTotalTime, initialBackoff, maxBackoff, responseTimeout);
    }

    /** How long one HTTP exchange may wait for its response before it counts as a transient failure. */
    public ArmClientOptions withResponseTimeout(Duration responseTimeout) {
        return new ArmClientOptions(maxAttempts, maxTotalTime, initialBackoff, maxBackoff,
                positive(responseTimeout, "responseTimeout"));
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration maxTotalTime() {
        return maxTotalTime;
    }

    public Duration initialBackoff() {
        return initialBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    public Duration responseTimeout() {
        return responseTimeout;
    }

    /** Backoff before attempt {@code attempt + 1} (attempt counts from 1), without the service's Retry-After. */
    Duration backoffAfter(int attempt) {
        long factor = 1L << Math.min(attempt - 1, 20);
        Duration backoff = initialBackoff.multipliedBy(factor);
        return backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff;
    }

    private static Duration positive(Duration value, String field) {
        Objects.requireNonNull(value, field);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("The value for " + field + " must be positive, was " + value);
        }
        return value;
    }

    @Override
    public String toString() {
        return "ArmClientOptions{maxAttempts=" + maxAttempts + ", maxTotalTime=" + maxTotalTime + ", initialBackoff="
                + initialBackoff + ", maxBackoff=" + maxBackoff + ", responseTimeout=" + responseTimeout + '}';
    }
}
