package dev.acidispatch.arm;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Runs a call until it succeeds, fails for good, or the attempt/time budget of {@link ArmClientOptions} is spent.
 * Retries only {@link ArmException#isRetriable()} failures; a throttle waits at least the service's Retry-After.
 */
final class Retrier {
    private static final Logger LOG = Logger.getLogger(Retrier.class.getName());

    /** Waits between attempts; replaced in unit tests. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final ArmClientOptions options;
    private final Sleeper sleeper;
    private final Supplier<Long> nanoTime;

    Retrier(ArmClientOptions options) {
        this(options, d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000), System::nanoTime);
    }

    Retrier(ArmClientOptions options, Sleeper sleeper, Supplier<Long> nanoTime) {
        this.options = Objects.requireNonNull(options, "options");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    <T> T run(String operation, Supplier<T> call) {
        long start = nanoTime.get();
        for (int attempt = 1; ; attempt++) {
            ArmException failure;
            try {
                return call.get();
            } catch (ArmException e) {
                failure = e;
            }
            if (!failure.isRetriable() || attempt >= options.maxAttempts()) {
                throw failure;
            }
            Duration backoff = options.backoffAfter(attempt);
            Duration wait = failure instanceof ThrottledException throttled
                    && throttled.retryAfter().compareTo(backoff) > 0 ? throttled.retryAfter() : backoff;
            Duration elapsed = Duration.ofNanos(nanoTime.get() - start);
            if (elapsed.plus(wait).compareTo(options.maxTotalTime()) > 0) {
                throw failure;
            }
            LOG.fine(() -> operation + ": attempt failed (" + failure.code() + ", HTTP " + failure.httpStatus()
                    + "); retrying in " + wait.toMillis() + " ms");
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure;
            }
        }
    }
}
