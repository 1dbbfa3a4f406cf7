package dev.acidispatch.local.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.durabletask.OrchestrationRuntimeStatus;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.HistoryEvent;
import dev.acidispatch.emulator.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shared state's rules, exercised directly while holding its lock as the runner's parts do. */
class RunnerStateTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private final VirtualClock clock = new VirtualClock(T0);
    private final RunnerState state = new RunnerState(clock);

    @BeforeEach
    void lock() {
        state.lock.lock();
    }

    @AfterEach
    void unlock() {
        state.lock.unlock();
    }

    @Test
    void anInstanceIsQueuedOnceHoweverOftenItIsMarkedReady() {
        RunnerInstance instance = running("a");

        state.markReady(instance);
        state.markReady(instance);

        assertSame(instance, state.pollReady());
        assertNull(state.pollReady());
        state.markReady(instance);
        assertSame(instance, state.pollReady(), "once polled it may be queued again");
    }

    @Test
    void eventsReachOnlyRunningInstances() {
        RunnerInstance running = running("running");
        RunnerInstance finished = running("finished");
        finished.finish(OrchestrationRuntimeStatus.COMPLETED, null, null);

        assertTrue(state.deliverEvent("running", "cancel", "\"now\""));
        assertFalse(state.deliverEvent("finished", "cancel", null));
        assertFalse(state.deliverEvent("unknown", "cancel", null));

        HistoryEvent raised = running.inbox.get(0);
        assertEquals("cancel", raised.getEventRaised().getName());
        assertEquals("\"now\"", raised.getEventRaised().getInput().getValue());
        assertSame(running, state.pollReady());
        assertNull(state.pollReady());
    }

    @Test
    void aDueTimerFiresIntoItsInstancesInboxWithItsIdButAnOlderGenerationsTimerDoesNot() {
        RunnerInstance instance = running("a");
        state.timers().add(state.timers().create(instance, 4, T0.plusSeconds(60)));
        RunnerInstance restarted = running("b");
        PendingTimer stale = state.timers().create(restarted, 9, T0.plusSeconds(30));
        restarted.resetForNewGeneration();
        state.timers().add(stale);

        clock.advanceTo(T0.plusSeconds(60));
        state.fireDueTimers();
        assertTrue(instance.inbox.isEmpty(), "not yet: the clock equals the fire time");

        clock.advance(TimerQueue.TIMER_FIRE_MARGIN);
        state.fireDueTimers();

        assertEquals(1, instance.inbox.size());
        assertEquals(4, instance.inbox.get(0).getTimerFired().getTimerId());
        assertTrue(restarted.inbox.isEmpty(), "a timer of an older generation never fires");
        assertSame(instance, state.pollReady());
        assertNull(state.pollReady());
        assertTrue(state.timers().isEmpty());
    }

    @Test
    void quiescentOnlyWhenNoEpisodeActivityOrDueTimerRemains() {
        assertTrue(state.isQuiescent());

        state.activityStarted();
        assertFalse(state.isQuiescent());
        state.activityEnded();

        state.episodeStarted();
        assertFalse(state.isQuiescent());
        state.episodeEnded();

        RunnerInstance instance = running("a");
        state.markReady(instance);
        assertFalse(state.isQuiescent());
        state.pollReady();

        state.timers().add(state.timers().create(instance, 1, T0.plusSeconds(10)));
        assertTrue(state.isQuiescent(), "a timer that is not due yet needs the clock, not the dispatcher");
        clock.advance(Duration.ofSeconds(11));
        assertFalse(state.isQuiescent());
    }

    @Test
    void closingRefusesNewWorkAndHappensOnce() {
        state.requireOpen();

        assertTrue(state.close());
        assertFalse(state.close());
        assertTrue(state.isClosed());
        IllegalStateException closed = assertThrows(IllegalStateException.class, state::requireOpen);
        assertEquals("The in-process durable runner is closed", closed.getMessage());
    }

    private RunnerInstance running(String instanceId) {
        RunnerInstance instance = new RunnerInstance(instanceId, "Orchestrator", T0);
        state.put(instance);
        return instance;
    }
}
