package dev.acidispatch.arm;

import dev.acidispatch.log.JobLog;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Runs a call until it succeeds, fails for good, or the attempt/time budget of {@link ArmClientOptions} is spent.
 * Retries only {@link ArmException#isRetriable()} failures; a throttle waits at least the service's Retry-After.
 */
final class Retrier {
    private static final JobLog LOG = JobLog.of(Retrier.class);

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
            int attemptNumber = attempt;
            if (elapsed.plus(wait).compareTo(options.maxTotalTime()) > 0) {
                throw failure;
            }
            // A throttle is worth an operator's attention (docs/operations.md queries "arm-throttled"); other retries
            // are detail.
            if (failure instanceof ThrottledException) {
                LOG.warning(JobLog.currentJob(), JobLog.currentStep("arm"), () -> "arm-throttled: " + operation
                        + " answered HTTP " + failure.httpStatus() + " " + failure.code() + "; retrying in "
                        + wait.toMillis() + " ms (attempt " + attemptNumber + ")");
            } else {
                LOG.fine(JobLog.currentJob(), JobLog.currentStep("arm"), () -> operation + ": attempt failed ("
                        + failure.code() + ", HTTP " + failure.httpStatus() + "); retrying in " + wait.toMillis() + " ms");
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure;
            }
        }
    }
}
