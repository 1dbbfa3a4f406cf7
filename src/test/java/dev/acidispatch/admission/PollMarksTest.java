package dev.acidispatch.admission;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules that let an idle PollWork tick skip every step without ever losing a change made meanwhile. */
class PollMarksTest {
    static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
    static final Duration HOUR = Duration.ofHours(1);

    private static PollMarks.Progress scanned(Instant at, long deferralsSeen, boolean leftWaiting) {
        return new PollMarks.Progress(at, false, false, false, 0, null, true, deferralsSeen, leftWaiting);
    }

    private static PollMarks.Progress schedulesRead(Instant at, long changesSeen, Instant nextDue) {
        return new PollMarks.Progress(at, false, false, true, changesSeen, nextDue, false, 0, false);
    }

    @Test
    void aNewLedgerNeedsAFullCheckAndAFullCheckLastsAnHour() {
        assertTrue(PollMarks.NONE.fullCheckDue(T0, HOUR));
        assertTrue(PollMarks.NONE.schedulesDue(T0), "schedules never read");
        assertFalse(PollMarks.NONE.deferredMayWait(), "nothing was ever deferred");

        PollMarks checked = PollMarks.NONE.after(new PollMarks.Progress(T0, true, true, true, 0, null, true, 0, false));
        assertFalse(checked.fullCheckDue(T0.plus(HOUR).minusMillis(1), HOUR));
        assertTrue(checked.fullCheckDue(T0.plus(HOUR), HOUR));
        assertFalse(checked.schedulesDue(T0.plusSeconds(60)), "no schedules: nothing due");
        assertFalse(checked.sweepDue(T0.plus(Duration.ofMinutes(9)), Duration.ofMinutes(10)));
        assertTrue(checked.sweepDue(T0.plus(Duration.ofMinutes(10)), Duration.ofMinutes(10)));
    }

    @Test
    void aScanThatFindsTheBacklogEmptySettlesTheDeferralsItSaw() {
        PollMarks two = PollMarks.NONE.withDeferral().withDeferral();
        assertTrue(two.deferredMayWait());

        PollMarks settled = two.after(scanned(T0, 2, false));

        assertEquals(2, settled.deferralsSettled());
        assertFalse(settled.deferredMayWait());
    }

    @Test
    void aDeferralCountedDuringTheScanIsNotSettledByIt() {
        PollMarks seen = PollMarks.NONE.withDeferral();
        PollMarks meanwhile = seen.withDeferral(); // a dispatcher deferred a job after the poll read the ledger

        PollMarks after = meanwhile.after(scanned(T0, seen.deferrals(), false));

        assertEquals(1, after.deferralsSettled());
        assertTrue(after.deferredMayWait(), "the next tick scans again and finds the new job");
    }

    @Test
    void jobsLeftWaitingForCapacityKeepTheScanGoingUntilTheBacklogIsEmpty() {
        PollMarks waiting = PollMarks.NONE.withDeferral().after(scanned(T0, 1, true));
        assertTrue(waiting.deferredMayWait());
        assertEquals(0, waiting.deferralsSettled());

        PollMarks drained = waiting.after(scanned(T0.plusSeconds(60), 1, false));
        assertFalse(drained.deferredMayWait());
    }

    @Test
    void aScheduleChangeDuringTheReadIsReadAgainAndADueTimeWakesTheReader() {
        PollMarks changed = PollMarks.NONE.withScheduleChange();
        PollMarks meanwhile = changed.withScheduleChange(); // a second add after the poll listed the schedules
        Instant nine = Instant.parse("2026-11-23T09:00:00Z");

        PollMarks stale = meanwhile.after(schedulesRead(T0, changed.scheduleChanges(), nine));
        assertTrue(stale.schedulesDue(T0.plusSeconds(60)), "read for an older count: read again");
        assertNull(stale.nextScheduleDue(), "the due time computed from the older list is not kept");

        PollMarks current = stale.after(schedulesRead(T0.plusSeconds(60), meanwhile.scheduleChanges(), nine));
        assertFalse(current.schedulesDue(nine.minusMillis(1)));
        assertTrue(current.schedulesDue(nine));
    }

    @Test
    void inconsistentCountsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PollMarks(1, 2, false, 0, -1, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new PollMarks(0, 0, false, 1, 2, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new PollMarks(0, 0, false, 0, -2, null, null, null));
    }

    @Test
    void marksRoundTripThroughTheLedgerEntityAndAnOlderEntityReadsAsNone() {
        PollMarks marks = new PollMarks(7, 5, true, 3, 3, T0.plus(HOUR), T0, T0.minusSeconds(30));
        AdmissionLedger.Snapshot snapshot = AdmissionLedger.Snapshot.EMPTY.withMarks(marks);

        assertEquals(marks, LedgerCodec.read(LedgerCodec.write(snapshot)).marks());
        assertEquals(PollMarks.NONE, LedgerCodec.read("{\"v\":1,\"l\":{},\"c\":[]}").marks(),
                "a ledger written before PollWork kept marks has none: the first poll does a full check");
    }

    @Test
    void nextDueIsTheEarliestOccurrencePlusItsJitter() {
        Schedule plain = Schedule.create("plain", "*/15 * * * *", "{\"image\":\"busybox\"}", 0, CatchUp.LATEST, T0);
        assertEquals(T0.plus(Duration.ofMinutes(15)), WorkPoller.nextDue(plain, T0));

        Schedule jittery = Schedule.create("jittery", "*/15 * * * *", "{\"image\":\"busybox\"}", 3600, CatchUp.LATEST, T0);
        Instant expected = null;
        for (Instant o = T0.plus(Duration.ofMinutes(15)); o.isBefore(T0.plus(Duration.ofHours(2))); o = o.plus(Duration.ofMinutes(15))) {
            Instant due = o.plus(jittery.jitterFor(o));
            expected = expected == null || due.isBefore(expected) ? due : expected;
        }
        assertEquals(expected, WorkPoller.nextDue(jittery, T0));

        Schedule yearly = Schedule.create("yearly", "0 0 1 1 *", "{\"image\":\"busybox\"}", 0, CatchUp.LATEST, T0);
        assertEquals(Instant.parse("2027-01-01T00:00:00Z"), WorkPoller.nextDue(yearly, T0));
    }
}
