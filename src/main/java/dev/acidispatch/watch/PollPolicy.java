package dev.acidispatch.watch;

import dev.acidispatch.config.Settings;

import java.time.Duration;

/**
 * How often the watcher looks at a container group. Intervals grow geometrically from {@code minMillis} and are capped
 * at the larger of {@code maxMillis} and {@code latencyRatio} x time since dispatch. The cap keeps detection latency
 * proportional to the job's age (a 6-hour job is noticed within minutes, not seconds) so ARM reads grow
 * logarithmically rather than linearly with duration.
 */
public record PollPolicy(long minMillis, long maxMillis, double factor, double latencyRatio, int pollsPerGeneration) {

    public PollPolicy {
        if (minMillis <= 0) {
            throw new IllegalArgumentException("The value for minMillis must be greater than zero, was " + minMillis);
        }
        if (maxMillis < minMillis) {
            throw new IllegalArgumentException("The value for maxMillis must be at least minMillis, was " + maxMillis);
        }
        if (factor < 1.0) {
            throw new IllegalArgumentException("The value for factor must be at least 1.0, was " + factor);
        }
        if (latencyRatio < 0.0 || latencyRatio > 1.0) {
            throw new IllegalArgumentException("The value for latencyRatio must be within 0..1, was " + latencyRatio);
        }
        if (pollsPerGeneration < 1) {
            throw new IllegalArgumentException("The value for pollsPerGeneration must be at least 1, was " + pollsPerGeneration);
        }
    }

    public static PollPolicy from(Settings settings) {
        return new PollPolicy(settings.pollMin().toMillis(), settings.pollMax().toMillis(), settings.pollBackoffFactor(),
                settings.pollLatencyRatio(), settings.pollsPerGeneration());
    }

    /**
     * The wait before the next check.
     *
     * @param previousMillis the previous wait, or 0 before the first one
     * @param sinceDispatch  time elapsed since the job was dispatched
     */
    public Duration next(long previousMillis, Duration sinceDispatch) {
        double grown = previousMillis <= 0 ? minMillis : previousMillis * factor;
        long cap = Math.max(maxMillis, (long) (sinceDispatch.toMillis() * latencyRatio));
        return Duration.ofMillis(Math.max(minMillis, Math.min((long) grown, cap)));
    }
}
