package dev.acidispatch.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Applies {@link Throttling} per subscription. Tokens come back as time passes: on the emulator's clock, or in real
 * time, whichever moved more since the bucket was last refilled. A client answers a 429 by sleeping its Retry-After
 * in real time, and a {@link VirtualClock} does not move while it sleeps; without the real-time refill a test on a
 * virtual clock would stay throttled however long its client waited. Thread-safe.
 */
final class RequestThrottle {
    /** Which bucket a request draws from, and the header that reports it. */
    enum Kind {
        READS, WRITES, DELETES;

        static Kind of(String method) {
            return switch (method) {
                case "GET", "HEAD" -> READS;
                case "DELETE" -> DELETES;
                default -> WRITES;
            };
        }

        String header() {
            return "x-ms-ratelimit-remaining-subscription-" + name().toLowerCase(Locale.ROOT);
        }
    }

    /** What one request got: allowed or not, the tokens left, and when to retry (whole seconds, at least 1). */
    record Decision(Kind kind, boolean allowed, long remaining, long retryAfterSeconds) {
    }

    private final Throttling limits;
    private final Map<String, double[]> tokens = new HashMap<>();
    private final Map<String, Instant> refilledAt = new HashMap<>();
    private final Map<String, Long> refilledAtNanos = new HashMap<>();

    RequestThrottle(Throttling limits) {
        this.limits = limits;
    }

    synchronized Decision take(String subscription, String method, Instant now) {
        Kind kind = Kind.of(method);
        Throttling.Bucket bucket = switch (kind) {
            case READS -> limits.reads();
            case WRITES -> limits.writes();
            case DELETES -> limits.deletes();
        };
        String key = subscription.toLowerCase(Locale.ROOT) + "/" + kind;
        double[] held = tokens.computeIfAbsent(key, k -> new double[]{bucket.size()});
        Instant last = refilledAt.getOrDefault(key, now);
        long nanos = System.nanoTime();
        long lastNanos = refilledAtNanos.getOrDefault(key, nanos);
        double clockSeconds = now.isAfter(last) ? Duration.between(last, now).toNanos() / 1e9 : 0;
        double realSeconds = (nanos - lastNanos) / 1e9;
        double seconds = Math.max(clockSeconds, realSeconds);
        if (seconds > 0) {
            held[0] = Math.min(bucket.size(), held[0] + seconds * bucket.refillPerSecond());
        }
        refilledAt.put(key, now.isAfter(last) ? now : last);
        refilledAtNanos.put(key, nanos);
        if (held[0] >= 1) {
            held[0] -= 1;
            return new Decision(kind, true, (long) Math.floor(held[0]), 0);
        }
        long wait = (long) Math.ceil((1 - held[0]) / bucket.refillPerSecond());
        return new Decision(kind, false, 0, Math.max(1, wait));
    }
}
