package dev.acidispatch.local.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TimerQueueTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private final TimerQueue timers = new TimerQueue();
    private final RunnerInstance first = new RunnerInstance("first", "Orchestrator", T0);
    private final RunnerInstance second = new RunnerInstance("second", "Orchestrator", T0);

    @Test
    void aTimerIsDueOnlyOnceTheClockIsStrictlyPastItsFireTime() {
        PendingTimer timer = timers.create(first, 7, T0.plusSeconds(60));
        timers.add(timer);

        assertFalse(timers.hasDue(T0.plusSeconds(60)));
        assertEquals(List.of(), timers.pollDue(T0.plusSeconds(60)));
        assertEquals(List.of(timer), first.timers, "an undue timer stays listed on its instance");

        assertEquals(List.of(timer), timers.pollDue(T0.plusSeconds(60).plusNanos(1)));
        assertTrue(timers.isEmpty());
        assertTrue(first.timers.isEmpty(), "a fired timer is no longer listed on its instance");
    }

    @Test
    void dueTimersComeEarliestFirstAndEqualTimesInCreationOrder() {
        Instant fireAt = T0.plusSeconds(30);
        PendingTimer later = timers.create(first, 1, T0.plusSeconds(90));
        PendingTimer createdFirst = timers.create(second, 2, fireAt);
        PendingTimer createdSecond = timers.create(first, 3, fireAt);
        timers.add(later);
        timers.add(createdSecond);
        timers.add(createdFirst);

        assertEquals(List.of(createdFirst, createdSecond), timers.pollDue(T0.plusSeconds(60)));
        assertEquals(List.of(later), timers.pollDue(T0.plusSeconds(120)));
    }

    @Test
    void nextDueAtIsTheEarliestFireTimePlusTheMargin() {
        assertEquals(Optional.empty(), timers.nextDueAt());
        timers.add(timers.create(first, 1, T0.plusSeconds(90)));
        timers.add(timers.create(second, 2, T0.plusSeconds(30)));

        Instant next = timers.nextDueAt().orElseThrow();

        assertEquals(T0.plusSeconds(30).plus(TimerQueue.TIMER_FIRE_MARGIN), next);
        assertTrue(timers.hasDue(next), "moving the clock to nextDueAt makes that timer due");
    }

    @Test
    void dropAllRemovesOnlyThatInstancesTimers() {
        timers.add(timers.create(first, 1, T0.plusSeconds(10)));
        timers.add(timers.create(first, 2, T0.plusSeconds(20)));
        PendingTimer kept = timers.create(second, 1, T0.plusSeconds(30));
        timers.add(kept);

        timers.dropAll(first);

        assertTrue(first.timers.isEmpty());
        assertEquals(List.of(kept), timers.pollDue(T0.plusSeconds(3600)));
    }

    @Test
    void aTimerRemembersTheGenerationThatCreatedIt() {
        PendingTimer before = timers.create(first, 1, T0);
        first.resetForNewGeneration();
        PendingTimer after = timers.create(first, 1, T0);

        assertEquals(0, before.generation());
        assertEquals(1, after.generation());
    }
}
