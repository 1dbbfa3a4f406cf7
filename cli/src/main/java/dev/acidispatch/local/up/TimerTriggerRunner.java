package dev.acidispatch.local.up;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fires a timer-triggered function on its NCRONTAB schedule, one invocation at a time, as the host's timer trigger
 * does (a tick that comes due while the previous invocation still runs waits for it: the timer extension's listener
 * awaits each invocation before scheduling the next). No run on start-up: the app's PollWork does not ask for one.
 */
public final class TimerTriggerRunner implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TimerTriggerRunner.class.getName());

    private final NcrontabSchedule schedule;
    private final Clock clock;
    private final String functionName;
    private final Supplier<String> invoke;
    private final Consumer<String> report;
    private final Thread thread;
    private final Object wake = new Object();
    private volatile boolean running = true;
    private volatile Instant nextFire;

    private TimerTriggerRunner(NcrontabSchedule schedule, Clock clock, String functionName, Supplier<String> invoke,
                               Consumer<String> report) {
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.functionName = functionName;
        this.invoke = Objects.requireNonNull(invoke, "invoke");
        this.report = Objects.requireNonNull(report, "report");
        this.thread = new Thread(this::loop, "timer-" + functionName);
        this.thread.setDaemon(true);
    }

    /**
     * @param invoke runs the function once and returns a line to report (or null), throwing when it failed
     */
    public static TimerTriggerRunner start(NcrontabSchedule schedule, Clock clock, String functionName,
                                           Supplier<String> invoke, Consumer<String> report) {
        TimerTriggerRunner runner = new TimerTriggerRunner(schedule, clock, functionName, invoke, report);
        runner.nextFire = schedule.next(clock.instant()).orElse(null);
        runner.thread.start();
        return runner;
    }

    /** When the function fires next, if ever. */
    public Optional<Instant> nextFire() {
        return Optional.ofNullable(nextFire);
    }

    private void loop() {
        while (running && nextFire != null) {
            Duration wait = Duration.between(clock.instant(), nextFire);
            if (!wait.isNegative() && !wait.isZero()) {
                synchronized (wake) {
                    try {
                        wake.wait(Math.max(1, wait.toMillis()));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                continue;
            }
            if (!running) {
                return;
            }
            try {
                String line = invoke.get();
                if (line != null && !line.isBlank()) {
                    report.accept(functionName + ": " + line);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, functionName + " failed", e);
                report.accept(functionName + " failed: " + (e.getCause() != null ? e.getCause() : e)
                        + "; it runs again at its next scheduled time");
            }
            nextFire = schedule.next(clock.instant()).orElse(null);
        }
    }

    @Override
    public void close() {
        running = false;
        synchronized (wake) {
            wake.notifyAll();
        }
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
