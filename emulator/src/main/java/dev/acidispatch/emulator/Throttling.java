package dev.acidispatch.emulator;

import java.util.Objects;

/**
 * ARM's request limits per subscription: one token bucket each for reads (GET), writes (PUT, POST, PATCH) and
 * deletes (DELETE). A request takes a token; an empty bucket answers 429 {@code SubscriptionRequestsThrottled} with a
 * {@code Retry-After}; tokens come back at the refill rate, up to the bucket size. Every answer carries
 * {@code x-ms-ratelimit-remaining-subscription-reads}, {@code -writes} or {@code -deletes}. The defaults are ARM's
 * ("Understand how Azure Resource Manager throttles requests", Regional throttling and token bucket algorithm:
 * subscription reads 250 / 25 per second, writes 200 / 10, deletes 200 / 10).
 */
public record Throttling(Bucket reads, Bucket writes, Bucket deletes) {
    /** A token bucket: {@code size} tokens at most, {@code refillPerSecond} tokens back each second. */
    public record Bucket(int size, double refillPerSecond) {
        public Bucket {
            if (size < 1) {
                throw new IllegalArgumentException("The value for size must be at least 1, was " + size);
            }
            if (!(refillPerSecond > 0)) {
                throw new IllegalArgumentException("The value for refillPerSecond must be positive, was "
                        + refillPerSecond);
            }
        }
    }

    public Throttling {
        Objects.requireNonNull(reads, "reads");
        Objects.requireNonNull(writes, "writes");
        Objects.requireNonNull(deletes, "deletes");
    }

    public static Throttling armDefaults() {
        return new Throttling(new Bucket(250, 25), new Bucket(200, 10), new Bucket(200, 10));
    }

    /** Buckets so large that nothing is throttled (the headers are still sent). */
    public static Throttling off() {
        Bucket unlimited = new Bucket(Integer.MAX_VALUE, 1_000_000);
        return new Throttling(unlimited, unlimited, unlimited);
    }
}
