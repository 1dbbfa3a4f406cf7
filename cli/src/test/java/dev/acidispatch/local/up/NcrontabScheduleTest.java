package dev.acidispatch.local.up;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The timer trigger's NCRONTAB expressions, checked against the examples of the Functions timer trigger docs. */
class NcrontabScheduleTest {
    private static Instant next(String expression, String after) {
        return NcrontabSchedule.parse(expression).next(Instant.parse(after)).orElseThrow();
    }

    @Test
    void everyMinuteFiresAtSecondZeroOfTheNextMinute() {
        assertEquals(Instant.parse("2026-11-23T08:01:00Z"), next("0 */1 * * * *", "2026-11-23T08:00:00Z"));
        assertEquals(Instant.parse("2026-11-23T08:01:00Z"), next("0 */1 * * * *", "2026-11-23T08:00:59.900Z"));
        assertEquals(Instant.parse("2026-11-24T00:00:00Z"), next("0 */1 * * * *", "2026-11-23T23:59:30Z"));
    }

    @Test
    void theDocumentedExamples() {
        // "0 */5 * * * *": once every five minutes
        assertEquals(Instant.parse("2026-11-23T08:05:00Z"), next("0 */5 * * * *", "2026-11-23T08:01:10Z"));
        // "0 0 * * * *": once at the top of every hour
        assertEquals(Instant.parse("2026-11-23T09:00:00Z"), next("0 0 * * * *", "2026-11-23T08:00:00Z"));
        // "0 0 */2 * * *": once every two hours
        assertEquals(Instant.parse("2026-11-23T10:00:00Z"), next("0 0 */2 * * *", "2026-11-23T08:00:00Z"));
        // "0 0 9-17 * * *": once every hour from 9 AM to 5 PM
        assertEquals(Instant.parse("2026-11-24T09:00:00Z"), next("0 0 9-17 * * *", "2026-11-23T17:00:00Z"));
        // "0 30 9 * * *": at 9:30 AM every day
        assertEquals(Instant.parse("2026-11-24T09:30:00Z"), next("0 30 9 * * *", "2026-11-23T09:30:00Z"));
        // "0 30 9 * * 1-5": at 9:30 AM every weekday (2026-11-28 is a Saturday)
        assertEquals(Instant.parse("2026-11-30T09:30:00Z"), next("0 30 9 * * 1-5", "2026-11-27T10:00:00Z"));
        // "0 30 9 * Jan Mon": at 9:30 AM every Monday in January (2027-01-04 is the first)
        assertEquals(Instant.parse("2027-01-04T09:30:00Z"), next("0 30 9 * Jan Mon", "2026-11-23T08:00:00Z"));
        // seconds precision
        assertEquals(Instant.parse("2026-11-23T08:00:15Z"), next("*/15 * * * * *", "2026-11-23T08:00:00Z"));
    }

    @Test
    void dayOfMonthAndDayOfWeekMustBothMatch() {
        // The 13th that is a Friday: 2027-08-13 after 2026-11-23 (NCrontab ANDs the two day fields).
        assertEquals(Instant.parse("2027-08-13T00:00:00Z"), next("0 0 0 13 * 5", "2026-11-23T00:00:00Z"));
        // The 31st skips months without one.
        assertEquals(Instant.parse("2026-12-31T00:00:00Z"), next("0 0 0 31 * *", "2026-11-23T00:00:00Z"));
    }

    @Test
    void listsStepsFromAValueAndNamesWork() {
        assertEquals(Instant.parse("2026-11-23T08:20:00Z"), next("0 5/15 * * * *", "2026-11-23T08:05:00Z"));
        assertEquals(Instant.parse("2026-11-23T08:45:00Z"), next("0 10,45 * * * *", "2026-11-23T08:10:00Z"));
        assertEquals(Instant.parse("2026-12-06T00:00:00Z"), next("0 0 0 * dec SUN", "2026-11-23T00:00:00Z"));
    }

    @Test
    void badExpressionsNameTheFieldAndTheForm() {
        IllegalArgumentException five = assertThrows(IllegalArgumentException.class,
                () -> NcrontabSchedule.parse("*/5 * * * *"));
        assertTrue(five.getMessage().contains("six-field") && five.getMessage().contains("{second}"), five.getMessage());
        IllegalArgumentException minute = assertThrows(IllegalArgumentException.class,
                () -> NcrontabSchedule.parse("0 61 * * * *"));
        assertTrue(minute.getMessage().contains("minute field '61'"), minute.getMessage());
        IllegalArgumentException day = assertThrows(IllegalArgumentException.class,
                () -> NcrontabSchedule.parse("0 0 0 * * Funday"));
        assertTrue(day.getMessage().contains("day-of-week") && day.getMessage().contains("Sun-Sat"), day.getMessage());
        IllegalArgumentException backwards = assertThrows(IllegalArgumentException.class,
                () -> NcrontabSchedule.parse("0 0 17-9 * * *"));
        assertTrue(backwards.getMessage().contains("backwards"), backwards.getMessage());
    }

    @Test
    void aScheduleThatNeverOccursSaysSo() {
        assertTrue(NcrontabSchedule.parse("0 0 0 30 Feb *").next(Instant.parse("2026-11-23T00:00:00Z")).isEmpty());
    }
}
