package dev.acidispatch.emulator;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Faults scheduled for the n-th call to a route. It counts every request per route, so "the 2nd call from now"
 * stays well defined while other routes are called in between.
 */
final class FaultInjector {
    private final Map<Route, Long> calls = new EnumMap<>(Route.class);
    private final Map<Route, Map<Long, Fault>> scheduled = new EnumMap<>(Route.class);

    /** Makes the {@code nthCall}-th request to {@code route} from now on (1 = the next one) fail with {@code fault}. */
    synchronized void inject(Route route, int nthCall, Fault fault) {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(fault, "fault");
        if (nthCall < 1) {
            throw new IllegalArgumentException("The value for nthCall must be at least 1, was " + nthCall);
        }
        long target = calls.getOrDefault(route, 0L) + nthCall;
        scheduled.computeIfAbsent(route, r -> new HashMap<>()).put(target, fault);
    }

    /** Counts one request to {@code route} and returns the fault scheduled for it, if any. */
    synchronized Optional<Fault> onCall(Route route) {
        long count = calls.merge(route, 1L, Long::sum);
        Map<Long, Fault> pending = scheduled.get(route);
        return Optional.ofNullable(pending == null ? null : pending.remove(count));
    }

    /** The ARM error a {@link Fault.Kind#STATUS} fault answers with. */
    static Reply reply(Fault fault) {
        return switch (fault.status()) {
            case 429 -> Reply.error(429, "SubscriptionRequestsThrottled", "Number of requests for subscription '"
                    + ArmEmulator.DEFAULT_SUBSCRIPTION_ID + "' and operation 'emulated' exceeded the backend "
                    + "storage limit. Please try again after '" + fault.retryAfterSeconds() + "' seconds.")
                    .withHeaders(Map.of("Retry-After", Integer.toString(fault.retryAfterSeconds())));
            case 503 -> Reply.error(503, "ServiceUnavailable", "The service is temporarily unavailable (injected).");
            default -> Reply.error(fault.status(), "InternalServerError", "Encountered an internal server error "
                    + "(injected).");
        };
    }
}
