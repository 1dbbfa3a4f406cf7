package dev.acidispatch.admission;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ledger rules every implementation must follow. */
abstract class AdmissionLedgerContract {
    static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");

    abstract AdmissionLedger newLedger(AdmissionLimits limits);

    @Test
    void admitsUntilActiveJobsAreFullAndNamesTheLimit() {
        AdmissionLedger ledger = newLedger(new AdmissionLimits(2, 100, 100, 300));
        assertTrue(ledger.tryAdmit("a", 1, T0).admitted());
        assertTrue(ledger.tryAdmit("b", 1, T0).admitted());
        Admission third = ledger.tryAdmit("c", 1, T0);
        assertFalse(third.admitted());
        assertEquals("active jobs: 2 of 2 (the configured limit)", third.reason());
        assertNull(third.retryAt(), "frees only when a job finishes");
        ledger.release("a");
        assertTrue(ledger.tryAdmit("c", 1, T0).admitted());
        assertEquals(Set.of("b", "c"), ledger.snapshot().leases().keySet());
    }

    @Test
    void admittingAgainIsFreeAndReleaseIsIdempotent() {
        AdmissionLedger ledger = newLedger(new AdmissionLimits(1, 100, 100, 300));
        assertEquals("admitted", ledger.tryAdmit("a", 2, T0).reason());
        Admission again = ledger.tryAdmit("a", 2, T0.plusSeconds(5));
        assertTrue(again.admitted());
        assertEquals("already admitted", again.reason());
        assertEquals(1, ledger.snapshot().creates().size(), "no second charge");
        ledger.release("a");
        ledger.release("a");
        ledger.release("never-admitted");
        assertEquals(0, ledger.snapshot().activeJobs());
    }

    @Test
    void refusesCoresBeyondTheBudgetButLetsAnOversizedJobRunAlone() {
        AdmissionLedger ledger = newLedger(new AdmissionLimits(10, 4, 100, 300));
        assertTrue(ledger.tryAdmit("a", 3, T0).admitted());
        Admission big = ledger.tryAdmit("b", 1.5, T0);
        assertFalse(big.admitted());
        assertEquals("active cores: 3 in use + 1.5 requested exceeds 4 (the configured limit)", big.reason());
        assertTrue(ledger.tryAdmit("c", 1, T0).admitted(), "exactly the budget fits");
        ledger.release("a");
        ledger.release("c");
        assertTrue(ledger.tryAdmit("huge", 8, T0).admitted(), "alone it may exceed the budget rather than wait forever");
        assertEquals(8.0, ledger.snapshot().activeCores());
    }

    /** ACI limits deletes as it limits creates (quota doc: 100 per 5 minutes, 300 per hour, per region). */
    @Test
    void deletesHaveTheirOwnSlidingWindowsAndARetriedDeleteIsChargedOnce() {
        AdmissionLedger ledger = newLedger(new AdmissionLimits(100, 100, 100, 300, 2, 3));
        assertEquals(Optional.empty(), ledger.tryDelete("g1", T0));
        assertEquals(Optional.empty(), ledger.tryDelete("g1", T0.plusSeconds(30)), "a retried cleanup counts once");
        assertEquals(Optional.empty(), ledger.tryDelete("g2", T0.plusSeconds(60)));
        assertEquals(Optional.of(T0.plus(Duration.ofMinutes(5))), ledger.tryDelete("g3", T0.plusSeconds(90)),
                "room again when the oldest delete leaves the 5-minute window");
        assertEquals(Optional.empty(), ledger.tryDelete("g3", T0.plus(Duration.ofMinutes(5))));
        assertEquals(Optional.of(T0.plus(Duration.ofHours(1))), ledger.tryDelete("g4", T0.plus(Duration.ofMinutes(20))),
                "then the hourly window is full");
        ledger.refundDelete("g3");
        assertEquals(Optional.empty(), ledger.tryDelete("g4", T0.plus(Duration.ofMinutes(20))),
                "a delete given back (the group was gone already) frees its place");
        assertEquals(3, ledger.snapshot().deletesAfter(T0.minusSeconds(1)));
        assertTrue(ledger.tryAdmit("a", 1, T0).admitted(), "creates are budgeted on their own");
        ledger.reconcile(id -> true, T0.plus(Duration.ofHours(2)));
        assertEquals(Map.of(), ledger.snapshot().deletes(), "deletes older than an hour are forgotten");
    }

    @Test
    void slidingFiveMinuteWindowCountsCreatesNotActiveJobs() {
        AdmissionLedger ledger = newLedger(new AdmissionLimits(100, 100, 3, 300));
        for (int i = 0; i < 3; i++) {
            assertTrue(ledger.tryAdmit("j" + i, 1, T0.plusSeconds(i * 60L)).admitted());
            ledger.release("j" + i);
        }
        Admission refused = ledger.tryAdmit("j3", 1, T0.plusSeconds(200));
        assertFalse(refused.admitted());
        assertEquals("creates in the last 5 minutes: 3 of 3", refused.reason());
        assertEquals(T0.plus(Duration.ofMinutes(5)), refused.retryAt(), "when the oldest create leaves the window");
        assertFalse(ledger.tryAdmit("j3", 1, refused.retryAt().minusMillis(1)).admitted());
        assertTrue(ledger.tryAdmit("j3", 1, refused.retryAt()).admitted());
    }

    @Test
    void hourlyWindowAppliesAcrossFiveMinuteWindows() {
        AdmissionLedger ledger = newLedger(new AdmissionLimits(100, 100, 2, 4));
        Instant t = T0;
        for (int i = 0; i < 4; i++) {
            t = T0.plus(Duration.ofMinutes(6L * i));
            assertTrue(ledger.tryAdmit("j" + i, 1, t).admitted(), "create " + i);
        }
        Admission refused = ledger.tryAdmit("j4", 1, T0.plus(Duration.ofMinutes(30)));
        assertEquals("creates in the last hour: 4 of 4", refused.reason());
        assertEquals(T0.plus(Duration.ofHours(1)), refused.retryAt());
        assertTrue(ledger.tryAdmit("j4", 1, T0.plus(Duration.ofHours(1))).admitted());
        assertEquals(4, ledger.snapshot().creates().size(), "creates older than an hour are forgotten");
    }

    @Test
    void throttlePausesCreatesThenHalvesTheFiveMinuteBudgetForAWhile() {
        AdmissionLedger ledger = newLedger(new AdmissionLimits(100, 100, 8, 300));
        ledger.throttled(Duration.ofSeconds(30), T0);
        Admission paused = ledger.tryAdmit("a", 1, T0.plusSeconds(10));
        assertFalse(paused.admitted());
        assertEquals("creates paused after ARM throttling until " + T0.plusSeconds(30), paused.reason());
        assertEquals(T0.plusSeconds(30), paused.retryAt());

        Instant afterPause = T0.plusSeconds(30);
        for (int i = 0; i < 4; i++) {
            assertTrue(ledger.tryAdmit("j" + i, 1, afterPause).admitted());
        }
        Admission halved = ledger.tryAdmit("j4", 1, afterPause);
        assertFalse(halved.admitted());
        assertTrue(halved.reason().startsWith("creates in the last 5 minutes: 4 of 4 (budget of 8 reduced"),
                halved.reason());

        // Five minutes after the pause ended the reduction is over; the creates above have left the window too.
        Instant restored = afterPause.plus(Duration.ofMinutes(5));
        for (int i = 4; i < 12; i++) {
            assertTrue(ledger.tryAdmit("j" + i, 1, restored).admitted(), "full budget again, create " + i);
        }
        assertFalse(ledger.tryAdmit("j12", 1, restored).admitted());
    }

    @Test
    void repeatedThrottlesHalveAgainButNeverBelowOne() {
        AdmissionLedger ledger = newLedger(new AdmissionLimits(100, 100, 8, 300));
        for (int i = 0; i < 10; i++) {
            ledger.throttled(Duration.ZERO, T0);
        }
        assertTrue(ledger.tryAdmit("a", 1, T0).admitted());
        Admission second = ledger.tryAdmit("b", 1, T0);
        assertTrue(second.reason().startsWith("creates in the last 5 minutes: 1 of 1"), second.reason());
    }

    @Test
    void reconcileDropsLeasesOfFinishedOrUnknownJobs() {
        AdmissionLedger ledger = newLedger(new AdmissionLimits(3, 100, 100, 300));
        ledger.tryAdmit("running", 1, T0);
        ledger.tryAdmit("finished", 1, T0);
        ledger.tryAdmit("crashed", 1, T0);
        assertFalse(ledger.tryAdmit("next", 1, T0).admitted());
        int dropped = ledger.reconcile("running"::equals, T0.plusSeconds(60));
        assertEquals(2, dropped);
        assertEquals(Set.of("running"), ledger.snapshot().leases().keySet());
        assertEquals(0, ledger.reconcile("running"::equals, T0.plusSeconds(61)));
        assertTrue(ledger.tryAdmit("next", 1, T0.plusSeconds(61)).admitted());
    }

    @Test
    void pollMarksSurviveAdmissionChangesAndMergeWithWhatHappenedDuringAPoll() {
        AdmissionLedger ledger = newLedger(new AdmissionLimits(10, 100, 100, 300));
        assertEquals(PollMarks.NONE, ledger.snapshot().marks());

        ledger.deferralRecorded();
        ledger.schedulesChanged();
        PollMarks seen = ledger.snapshot().marks();
        assertEquals(1, seen.deferrals());
        assertEquals(1, seen.scheduleChanges());
        // While a poll works: an admission, a throttle, and another deferral.
        assertTrue(ledger.tryAdmit("a", 1, T0).admitted());
        ledger.throttled(Duration.ofSeconds(10), T0);
        ledger.deferralRecorded();
        Instant nextDue = T0.plus(Duration.ofHours(1));
        ledger.pollCompleted(new PollMarks.Progress(T0, true, true, true, seen.scheduleChanges(), nextDue, true,
                seen.deferrals(), false));

        PollMarks after = ledger.snapshot().marks();
        assertEquals(2, after.deferrals(), "the deferral counted during the poll is kept");
        assertEquals(1, after.deferralsSettled(), "settled only up to what the poll saw");
        assertTrue(after.deferredMayWait(), "so the next tick looks again");
        assertEquals(1, after.schedulesReadFor());
        assertEquals(nextDue, after.nextScheduleDue());
        assertFalse(after.schedulesDue(T0.plusSeconds(60)));
        assertTrue(after.schedulesDue(nextDue));
        assertEquals(T0, after.sweptAt());
        assertEquals(T0, after.checkedAt());
        assertEquals(Set.of("a"), ledger.snapshot().leases().keySet(), "admission state untouched by the marks");
        assertEquals(1, ledger.snapshot().throttleLevel());
    }

    @Test
    void badArgumentsAreRefused() {
        AdmissionLedger ledger = newLedger(AdmissionLimits.aciDefaults());
        assertThrows(IllegalArgumentException.class, () -> ledger.tryAdmit("a", 0, T0));
        assertThrows(IllegalArgumentException.class, () -> ledger.throttled(Duration.ofSeconds(-1), T0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AdmissionLimits(0, 1, 1, 1));
        assertTrue(e.getMessage().contains("maxActiveJobs"), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void aFreshUsageReadingBelowTheConfiguredLimitsBindsAndSurvivesStorage() {
        AdmissionLedger ledger = newLedger(new AdmissionLimits(50, 100, 100, 300));
        java.time.Instant t = java.time.Instant.parse("2026-12-01T10:00:00Z");
        ledger.quotaRead(new RegionQuota("West Europe", 97, 100, 10, 100, t));
        assertEquals(new RegionQuota("westeurope", 97, 100, 10, 100, t), ledger.snapshot().quotas().get("westeurope"));
        assertTrue(ledger.tryAdmit("a", 1, "westeurope", t).admitted());
        assertTrue(ledger.tryAdmit("b", 1, "westeurope", t.plusSeconds(1)).admitted());
        assertTrue(ledger.tryAdmit("c", 1, "westeurope", t.plusSeconds(2)).admitted());
        Admission d = ledger.tryAdmit("d", 1, "westeurope", t.plusSeconds(3));
        assertFalse(d.admitted());
        assertTrue(d.reason().startsWith("ACI's quota in westeurope binds"), d.reason());
        // Another region, or no region, is bound by the configured limits only; a stale reading binds nothing.
        assertTrue(ledger.tryAdmit("e", 1, "eastus", t.plusSeconds(4)).admitted());
        assertTrue(ledger.tryAdmit("f", 1, t.plusSeconds(5)).admitted());
        assertTrue(ledger.tryAdmit("g", 1, "westeurope", t.plus(RegionQuota.MAX_AGE).plusSeconds(1)).admitted());
    }

    @org.junit.jupiter.api.Test
    void theCoreQuotaBindsToo() {
        AdmissionLedger ledger = newLedger(new AdmissionLimits(50, 100, 100, 300));
        java.time.Instant t = java.time.Instant.parse("2026-12-01T10:00:00Z");
        ledger.quotaRead(new RegionQuota("westeurope", 0, 100, 6, 10, t));
        assertTrue(ledger.tryAdmit("a", 3, "westeurope", t).admitted());
        Admission b = ledger.tryAdmit("b", 2, "westeurope", t);
        assertFalse(b.admitted());
        assertTrue(b.reason().contains("standard cores 6 of 10 in use + 3 admitted since, 2 requested"), b.reason());
    }
}
