package dev.acidispatch.watch;

import dev.acidispatch.config.Settings;

import java.time.Duration;

/**
 * How often the watcher looks at a container group. Intervals grow geometrically from {@code minMillis} and are capped
 * at the larger of {@code maxMillis} and {@code latencyRatio} x time since dispatch. The cap keeps detection latency
 * proportional to the job's age (a 6-hour job is noticed within minutes, not seconds) so ARM reads grow
 * logarithmically rather than linearly with duration.
 *
 * <p>{@code capMillis}, when above 0, is a stated detection-latency target: no wait is longer, whatever the job's age
 * (a job's {@code maxDetectionDelaySeconds}, or the setting {@value Settings.Names#MAX_DETECTION_DELAY_SECONDS}).
 * The back-off still grows from {@code minMillis}, only under the cap; a cap below {@code minMillis} waits
 * {@code minMillis}.
 *
 * <p>{@code logCaptureMillis}, when above 0, is how often a running container's logs are captured (and checks come at
 * least that often while it runs); 0 is the default capture ({@link #FIRST_LOG_CAPTURE_MILLIS}).
 */
public record PollPolicy(long minMillis, long maxMillis, double factor, double latencyRatio, int pollsPerGeneration,
                         long capMillis, long logCaptureMillis) {
    /**
     * Without a capture interval, logs are captured while the container runs once it has run this long, then each time
     * its age has quadrupled since the last capture (30 s, 2 min, 8 min, 32 min, 2 h 8 min): 4 reads in a 60-minute
     * job, which keeps it within 40 ARM reads (docs/benchmarks.md, section 1).
     */
    public static final long FIRST_LOG_CAPTURE_MILLIS = 30_000;
    /** The default capture's growth: the container's age at one capture is this many times its age at the last. */
    public static final int LOG_CAPTURE_GROWTH = 4;

    /** A policy without a detection-latency cap and with the default log capture. */
    public PollPolicy(long minMillis, long maxMillis, double factor, double latencyRatio, int pollsPerGeneration) {
        this(minMillis, maxMillis, factor, latencyRatio, pollsPerGeneration, 0, 0);
    }

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
        if (capMillis < 0) {
            throw new IllegalArgumentException("The value for capMillis must not be negative, was " + capMillis);
        }
        if (logCaptureMillis < 0) {
            throw new IllegalArgumentException("The value for logCaptureMillis must not be negative, was "
                    + logCaptureMillis);
        }
        if (pollsPerGeneration < 1) {
            throw new IllegalArgumentException("The value for pollsPerGeneration must be at least 1, was " + pollsPerGeneration);
        }
    }

    public static PollPolicy from(Settings settings) {
        return new PollPolicy(settings.pollMin().toMillis(), settings.pollMax().toMillis(), settings.pollBackoffFactor(),
                settings.pollLatencyRatio(), settings.pollsPerGeneration(),
                settings.maxDetectionDelay().map(Duration::toMillis).orElse(0L), settings.logCapture().toMillis());
    }

    /** This policy with its waits capped at {@code maxDetectionDelay} (a job's own target replaces the default). */
    public PollPolicy cappedAt(Duration maxDetectionDelay) {
        return new PollPolicy(minMillis, maxMillis, factor, latencyRatio, pollsPerGeneration,
                maxDetectionDelay.toMillis(), logCaptureMillis);
    }

    /**
     * Whether a check at {@code now} also captures the running containers' logs: every {@code logCaptureMillis} when
     * set (checks then come at least that often while the container runs), otherwise first after
     * {@link #FIRST_LOG_CAPTURE_MILLIS} of running and then once the container's age is
     * {@value #LOG_CAPTURE_GROWTH} times what it was at the last capture.
     *
     * @param startedMillis     when the container was first seen running
     * @param lastCaptureMillis the last capture while running, or 0
     */
    public boolean logCaptureDue(long startedMillis, long lastCaptureMillis, long nowMillis) {
        long since = nowMillis - Math.max(startedMillis, lastCaptureMillis);
        if (logCaptureMillis > 0) {
            return since >= logCaptureMillis;
        }
        long age = nowMillis - startedMillis;
        return since >= Math.max(FIRST_LOG_CAPTURE_MILLIS, age - age / LOG_CAPTURE_GROWTH);
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
        if (capMillis > 0) {
            cap = Math.min(cap, capMillis);
        }
        return Duration.ofMillis(Math.max(minMillis, Math.min((long) grown, cap)));
    }
}
