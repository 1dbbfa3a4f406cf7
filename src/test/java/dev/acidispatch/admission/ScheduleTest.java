package dev.acidispatch.admission;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScheduleTest {
    static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
    static final String TEMPLATE = "{\"image\":\"busybox:1.36\",\"secureEnv\":{\"TOKEN\":\"s3cr3t\"}}";

    private static String error(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void invalidCronNamesTheField() {
        assertTrue(error(() -> ScheduleCron.parse("0 25 * * *")).startsWith("cron: the hour field '25'"));
        assertTrue(error(() -> ScheduleCron.parse("61 * * * *")).startsWith("cron: the minute field '61'"));
        assertTrue(error(() -> ScheduleCron.parse("0 0 * 13 *")).startsWith("cron: the month field '13'"));
        assertTrue(error(() -> ScheduleCron.parse("0 0 * * 0 *")).contains("has 6 fields"));
        assertTrue(error(() -> ScheduleCron.parse(" ")).startsWith("cron: required"));
    }

    @Test
    void occurrencesAreUtcAndBounded() {
        ScheduleCron hourly = ScheduleCron.parse("0 * * * *");
        List<Instant> found = hourly.occurrencesBackwards(T0.minus(Duration.ofHours(3)), T0, 10);
        assertEquals(List.of(T0, T0.minusSeconds(3600), T0.minusSeconds(7200)), found, "(after, upTo], newest first");
        assertEquals(2, hourly.occurrencesBackwards(T0.minus(Duration.ofDays(30)), T0, 2).size());
        assertEquals(T0.plusSeconds(3600), hourly.next(T0).orElseThrow());
    }

    @Test
    void validatesNameTemplateAndJitter() {
        assertTrue(error(() -> Schedule.create("Nightly", "0 2 * * *", TEMPLATE, 0, CatchUp.LATEST, T0))
                .startsWith("name:"));
        assertTrue(error(() -> Schedule.create("a".repeat(28), "0 2 * * *", TEMPLATE, 0, CatchUp.LATEST, T0))
                .startsWith("name:"));
        assertTrue(error(() -> Schedule.create("n", "0 2 * * *", "[1]", 0, CatchUp.LATEST, T0))
                .startsWith("jobTemplate: must be a JSON object"));
        assertTrue(error(() -> Schedule.create("n", "0 2 * * *", "{\"jobId\":\"x\"}", 0, CatchUp.LATEST, T0))
                .startsWith("jobTemplate.jobId: must be absent"));
        String notJson = error(() -> Schedule.create("n", "0 2 * * *", "{\"secureEnv\":{\"K\":\"s3cr3t\"", 0,
                CatchUp.LATEST, T0));
        assertTrue(notJson.startsWith("jobTemplate: is not valid JSON"), notJson);
        assertFalse(notJson.contains("s3cr3t"), "the error never quotes the template");
        assertTrue(error(() -> Schedule.create("n", "0 2 * * *", TEMPLATE, -1, CatchUp.LATEST, T0))
                .startsWith("jitterSeconds:"));
        assertTrue(error(() -> CatchUp.parse("some")).contains("latest, all, none"));
    }

    @Test
    void jobIdsAndJitterAreDeterministicPerOccurrence() {
        Schedule s = Schedule.create("a".repeat(27), "*/5 * * * *", TEMPLATE, 300, CatchUp.LATEST, T0);
        String jobId = s.jobIdFor(Instant.parse("2026-11-23T02:05:00Z"));
        assertEquals("a".repeat(27) + "-202611230205", jobId);
        assertEquals(40, jobId.length(), "the longest name still fits the 40-character job id");
        Instant t = Instant.parse("2026-11-23T02:05:00Z");
        assertEquals(s.jitterFor(t), s.jitterFor(t));
        long distinct = java.util.stream.IntStream.range(0, 50)
                .mapToObj(i -> s.jitterFor(t.plusSeconds(300L * i))).distinct().count();
        assertTrue(distinct > 10, "jitter spreads occurrences: " + distinct);
        assertTrue(s.jitterFor(t).compareTo(Duration.ofSeconds(300)) <= 0);
        assertTrue(s.messageFor(t).startsWith("{\"jobId\":\"" + jobId + "\","));
        assertFalse(s.toString().contains("s3cr3t"), "toString never shows the template");
        assertNotEquals(s, s.firedFor(t));
        assertEquals(s.firedFor(t), s.firedFor(t).firedFor(t.minusSeconds(60)), "lastFiredFor never moves back");
    }
}
