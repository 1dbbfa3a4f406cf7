package dev.acidispatch.watch;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PollPolicyTest {
    private final PollPolicy policy = new PollPolicy(5_000, 120_000, 1.5, 0.1, 10);

    @Test
    void startsAtTheMinimumAndGrowsByTheFactor() {
        assertEquals(Duration.ofSeconds(5), policy.next(0, Duration.ZERO));
        assertEquals(Duration.ofMillis(7_500), policy.next(5_000, Duration.ofSeconds(5)));
    }

    @Test
    void isCappedAtTheMaximumWhileTheJobIsYoung() {
        assertEquals(Duration.ofSeconds(120), policy.next(100_000, Duration.ofMinutes(10)));
    }

    @Test
    void capGrowsWithTheJobsAgeSoLatencyStaysProportional() {
        // 2 hours in: the cap is 10% of 7,200 s = 720 s.
        assertEquals(Duration.ofSeconds(180), policy.next(120_000, Duration.ofHours(2)));
        assertEquals(Duration.ofSeconds(720), policy.next(700_000, Duration.ofHours(2)));
    }

    @Test
    void checksGrowSubLinearlyWithDuration() {
        long oneHour = checksFor(Duration.ofHours(1));
        long sixHours = checksFor(Duration.ofHours(6));
        assertTrue(oneHour <= 40, "checks in an hour: " + oneHour);
        assertTrue(sixHours < 2 * oneHour, "six hours " + sixHours + " vs one hour " + oneHour);
    }

    private long checksFor(Duration length) {
        long elapsed = 0;
        long wait = 0;
        long checks = 0;
        while (elapsed < length.toMillis()) {
            wait = policy.next(wait, Duration.ofMillis(elapsed)).toMillis();
            elapsed += wait;
            checks++;
        }
        return checks;
    }

    @Test
    void invalidOptionsNameTheirField() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PollPolicy(0, 10, 1.5, 0.1, 10))
                .getMessage().contains("minMillis"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PollPolicy(10, 5, 1.5, 0.1, 10))
                .getMessage().contains("maxMillis"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PollPolicy(10, 50, 0.5, 0.1, 10))
                .getMessage().contains("factor"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PollPolicy(10, 50, 1.5, 2, 10))
                .getMessage().contains("latencyRatio"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PollPolicy(10, 50, 1.5, 0.1, 0))
                .getMessage().contains("pollsPerGeneration"));
    }

    @Test
    void byDefaultLogsAreCapturedAfter30SecondsOfRunningThenEachTimeTheAgeHasQuadrupled() {
        long start = 1_000_000;
        assertEquals(false, policy.logCaptureDue(start, 0, start + 29_000));
        assertTrue(policy.logCaptureDue(start, 0, start + 30_000));
        long first = start + 30_000;
        assertEquals(false, policy.logCaptureDue(start, first, start + 119_000));
        assertTrue(policy.logCaptureDue(start, first, start + 120_000));
        // Over a 60-minute run, checked every second: 30 s, 2 min, 8 min, 32 min.
        long last = 0;
        int captures = 0;
        for (long t = start; t <= start + 3_600_000; t += 1_000) {
            if (policy.logCaptureDue(start, last, t)) {
                captures++;
                last = t;
            }
        }
        assertEquals(4, captures);
    }

    @Test
    void aCaptureIntervalCapturesThatOftenAndKeepsChecksThatFrequentWhileRunning() {
        PollPolicy chatty = new PollPolicy(5_000, 120_000, 1.5, 0.1, 10, 0, 2_000);
        assertTrue(chatty.logCaptureDue(0, 10_000, 12_000));
        assertEquals(false, chatty.logCaptureDue(0, 10_000, 11_999));
        WatchPlan plan = WatchPlan.start("j", "rg", "g", "d", "job", false, java.time.Instant.EPOCH,
                Duration.ofMinutes(10), Duration.ofHours(1), chatty).afterCheck(
                new Observation(Observation.Phase.RUNNING, null, 1_000L, null, null, false)).withLastWait(
                Duration.ofSeconds(60));
        assertEquals(Duration.ofSeconds(2), plan.nextWait(java.time.Instant.ofEpochSecond(600)));
        assertThrows(IllegalArgumentException.class, () -> new PollPolicy(5_000, 120_000, 1.5, 0.1, 10, 0, -1));
    }
}
