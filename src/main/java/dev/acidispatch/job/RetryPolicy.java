package dev.acidispatch.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Duration;
import java.util.List;

/**
 * A job's retry policy, resolved: how many attempts it gets and which endings start another one. Each attempt is a
 * fresh container group ({@link JobNames#containerGroupName(String, int)}); the watcher decides through
 * {@link #retries} and waits {@link #backoffBefore} between attempts.
 *
 * @param maxAttempts           attempts in all, 1 (no retry, the default) to {@value #MAX_ATTEMPTS}
 * @param onExitCodes           the non-zero exit codes that are retried; empty means any non-zero code
 * @param backoffSeconds        the wait before the second attempt; it doubles for each later one, up to
 *                              {@link #maxBackoff()}
 * @param onProvisioningFailure whether a group that failed to provision (no exit code) is retried too
 */
public record RetryPolicy(int maxAttempts, List<Integer> onExitCodes, int backoffSeconds,
                          boolean onProvisioningFailure) {
    public static final int MAX_ATTEMPTS = 10;
    public static final int DEFAULT_BACKOFF_SECONDS = 30;
    public static final int MAX_BACKOFF_SECONDS = 3600;
    /** The doubled back-off stops growing here (or at {@code backoffSeconds}, when that is larger). */
    public static final int BACKOFF_CAP_SECONDS = 600;
    /** A job without {@code retry}: one attempt. */
    public static final RetryPolicy NONE = new RetryPolicy(1, List.of(), DEFAULT_BACKOFF_SECONDS, false);

    public RetryPolicy {
        if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS) {
            throw new IllegalArgumentException("The value for maxAttempts must be from 1 to " + MAX_ATTEMPTS
                    + ", was " + maxAttempts);
        }
        if (backoffSeconds < 0 || backoffSeconds > MAX_BACKOFF_SECONDS) {
            throw new IllegalArgumentException("The value for backoffSeconds must be from 0 to " + MAX_BACKOFF_SECONDS
                    + ", was " + backoffSeconds);
        }
        onExitCodes = onExitCodes == null ? List.of() : List.copyOf(onExitCodes);
    }

    /** Whether another attempt may follow attempt number {@code attempt}. */
    public boolean hasAttemptAfter(int attempt) {
        return attempt < maxAttempts;
    }

    /** Whether a container that exited with {@code exitCode} is retried (0 never is). */
    public boolean retriesExitCode(int exitCode) {
        return exitCode != 0 && (onExitCodes.isEmpty() || onExitCodes.contains(exitCode));
    }

    /**
     * The wait before attempt {@code nextAttempt} (2 or more): {@code backoffSeconds} doubled per attempt after the
     * second, capped at {@link #maxBackoff()}.
     */
    public Duration backoffBefore(int nextAttempt) {
        long doublings = Math.max(0, Math.min(nextAttempt - 2, 20));
        long seconds = Math.min((long) backoffSeconds << doublings, maxBackoff().toSeconds());
        return Duration.ofSeconds(seconds);
    }

    /** The longest wait between attempts: {@value #BACKOFF_CAP_SECONDS} s, or {@code backoffSeconds} if larger. */
    public Duration maxBackoff() {
        return Duration.ofSeconds(Math.max(backoffSeconds, BACKOFF_CAP_SECONDS));
    }

    /** The message's form of this policy (every field written out). */
    public Wire toWire() {
        return new Wire(maxAttempts, onExitCodes.isEmpty() ? null : onExitCodes, backoffSeconds,
                onProvisioningFailure);
    }

    /** {@code retry} as a job message carries it: only {@code maxAttempts} is required. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"maxAttempts", "onExitCodes", "backoffSeconds", "onProvisioningFailure"})
    public record Wire(Integer maxAttempts, List<Integer> onExitCodes, Integer backoffSeconds,
                       Boolean onProvisioningFailure) {
        public static final List<String> FIELDS = List.of("maxAttempts", "onExitCodes", "backoffSeconds",
                "onProvisioningFailure");

        /** The resolved policy; call only on a message that passed validation. */
        public RetryPolicy resolve() {
            return new RetryPolicy(maxAttempts == null ? 1 : maxAttempts, onExitCodes,
                    backoffSeconds == null ? DEFAULT_BACKOFF_SECONDS : backoffSeconds,
                    Boolean.TRUE.equals(onProvisioningFailure));
        }
    }
}
