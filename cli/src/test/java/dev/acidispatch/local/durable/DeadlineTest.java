package dev.acidispatch.local.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeadlineTest {

    @Test
    void noDeadlineNeverPassesAndWaitsWithoutBound() {
        Deadline none = Deadline.none();

        assertTrue(none.isNone());
        assertFalse(none.isPast());
        assertEquals(Long.MAX_VALUE, none.remainingNanos());
    }

    @Test
    void waitsOfAYearOrMoreHaveNoDeadlineInsteadOfOverflowing() {
        assertTrue(Deadline.after(Deadline.UNBOUNDED_WAIT).isNone());
        Deadline century = Deadline.after(Duration.ofDays(36_500)); // toNanos() would overflow a long past ~292 years
        assertTrue(century.isNone());
        assertFalse(century.isPast());
        assertFalse(Deadline.after(Deadline.UNBOUNDED_WAIT.minusNanos(1)).isNone());
    }

    @Test
    void zeroTimeoutHasPassedAtOnceButStillReportsAPositiveWait() {
        Deadline now = Deadline.after(Duration.ZERO);

        assertFalse(now.isNone());
        assertTrue(now.isPast());
        assertEquals(1, now.remainingNanos(), "awaitNanos(0) would not wait at all");
    }

    @Test
    void anHourFromNowHasNotPassedAndHasAtMostAnHourLeft() {
        Deadline inAnHour = Deadline.after(Duration.ofHours(1));

        assertFalse(inAnHour.isPast());
        long remaining = inAnHour.remainingNanos();
        assertTrue(remaining <= Duration.ofHours(1).toNanos(), "remaining " + remaining);
        assertTrue(remaining > Duration.ofMinutes(59).toNanos(), "remaining " + remaining);
    }
}
