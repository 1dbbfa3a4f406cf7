package dev.acidispatch.arm;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Backoff, Retry-After and budgets, on a fake clock. */
class RetrierTest {
    private final AtomicLong nanos = new AtomicLong();
    private final List<Duration> waits = new ArrayList<>();

    private Retrier retrier(ArmClientOptions options) {
        return new Retrier(options, d -> {
            waits.add(d);
            nanos.addAndGet(d.toNanos());
        }, nanos::get);
    }

    private static TransientArmException transientFailure() {
        return new TransientArmException("boom", "InternalServerError", 500, Optional.empty(), null);
    }

    @Test
    void retriesTransientFailuresWithExponentialBackoff() {
        AtomicInteger calls = new AtomicInteger();
        String result = retrier(ArmClientOptions.defaults()).run("op", () -> {
            if (calls.incrementAndGet() < 4) {
                throw transientFailure();
            }
            return "ok";
        });

        assertEquals("ok", result);
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)), waits);
    }

    @Test
    void throttleWaitsAtLeastRetryAfter() {
        AtomicInteger calls = new AtomicInteger();
        retrier(ArmClientOptions.defaults()).run("op", () -> {
            if (calls.incrementAndGet() == 1) {
                throw new ThrottledException("429", "SubscriptionRequestsThrottled", 429, Optional.empty(),
                        Duration.ofSeconds(7), null);
            }
            return 1;
        });

        assertEquals(List.of(Duration.ofSeconds(7)), waits);
    }

    @Test
    void stopsAtMaxAttemptsAndRethrowsTheLastFailure() {
        TransientArmException failure = transientFailure();
        TransientArmException thrown = assertThrows(TransientArmException.class,
                () -> retrier(ArmClientOptions.defaults().withMaxAttempts(2)).run("op", () -> {
                    throw failure;
                }));
        assertSame(failure, thrown);
        assertEquals(1, waits.size());
    }

    @Test
    void doesNotStartAWaitBeyondTheTotalBudget() {
        AtomicInteger calls = new AtomicInteger();
        assertThrows(ThrottledException.class, () -> retrier(ArmClientOptions.defaults()
                .withMaxTotalTime(Duration.ofSeconds(30))).run("op", () -> {
                    calls.incrementAndGet();
                    throw new ThrottledException("429", "SubscriptionRequestsThrottled", 429, Optional.empty(),
                            Duration.ofSeconds(45), null);
                }));
        assertEquals(1, calls.get());
        assertEquals(List.of(), waits);
    }

    @Test
    void permanentFailuresAreNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        assertThrows(InvalidTemplateException.class, () -> retrier(ArmClientOptions.defaults()).run("op", () -> {
            calls.incrementAndGet();
            throw new InvalidTemplateException("bad", "InvalidTemplate", 400, Optional.empty(), null);
        }));
        assertEquals(1, calls.get());
    }

    @Test
    void optionsRejectBadValuesNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ArmClientOptions.defaults().withMaxAttempts(0));
        assertEquals("The value for maxAttempts must be at least 1, was 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ArmClientOptions.defaults().withMaxTotalTime(Duration.ZERO));
        assertEquals(Duration.ofSeconds(15), ArmClientOptions.defaults().backoffAfter(10));
    }
}
