package dev.acidispatch.watch;

import com.microsoft.durabletask.DurableTaskClient;
import com.microsoft.durabletask.NewOrchestrationInstanceOptions;
import com.microsoft.durabletask.OrchestrationMetadata;
import dev.acidispatch.json.Json;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** Unit test of the Azure Functions adapter; the local stack drives it over gRPC end to end. */
class DurableTaskWatchersTest {
    private final DurableTaskClient client = mock(DurableTaskClient.class);
    private final DurableTaskWatchers watchers = DurableTaskWatchers.onDemand(() -> client);
    private final WatchPlan plan = WatchPlan.start("job-7", "rg", "acid-job-7", "acid-job-7", "job", false,
            Instant.parse("2026-11-23T10:00:00Z"), Duration.ofMinutes(10), Duration.ofHours(1),
            new PollPolicy(5_000, 120_000, 1.5, 0.1, 10));

    private static OrchestrationMetadata metadata(boolean found, boolean completed) {
        OrchestrationMetadata m = mock(OrchestrationMetadata.class);
        when(m.isInstanceFound()).thenReturn(found);
        when(m.isCompleted()).thenReturn(completed);
        return m;
    }

    @Test
    void startsTheWatcherWithTheJobIdAsInstanceIdAndThePlanAsInput() {
        OrchestrationMetadata current = metadata(false, false);
        when(client.getInstanceMetadata("job-7", false)).thenReturn(current);
        assertTrue(watchers.start(plan));
        ArgumentCaptor<NewOrchestrationInstanceOptions> options = ArgumentCaptor.forClass(NewOrchestrationInstanceOptions.class);
        verify(client).scheduleNewOrchestrationInstance(eq(WatchJobOrchestration.NAME), options.capture());
        assertEquals("job-7", options.getValue().getInstanceId());
        assertEquals(plan, Json.read((String) options.getValue().getInput(), WatchPlan.class));
    }

    @Test
    void aRunningOrPendingWatcherIsNotStartedTwice() {
        OrchestrationMetadata current = metadata(true, false);
        when(client.getInstanceMetadata("job-7", false)).thenReturn(current);
        assertFalse(watchers.start(plan));
        verify(client, never()).scheduleNewOrchestrationInstance(anyString(), any(NewOrchestrationInstanceOptions.class));
    }

    @Test
    void aFinishedWatcherMayBeStartedAgain() {
        OrchestrationMetadata current = metadata(true, true);
        when(client.getInstanceMetadata("job-7", false)).thenReturn(current);
        assertTrue(watchers.start(plan));
    }

    @Test
    void losingTheStartRaceToAnotherDispatcherIsAlreadyWatching() {
        OrchestrationMetadata beforeRace = metadata(false, false);
        OrchestrationMetadata afterRace = metadata(true, false);
        when(client.getInstanceMetadata("job-7", false)).thenReturn(beforeRace, afterRace);
        when(client.scheduleNewOrchestrationInstance(anyString(), any(NewOrchestrationInstanceOptions.class)))
                .thenThrow(new IllegalStateException("An instance with ID 'job-7' already exists"));
        assertFalse(watchers.start(plan));
    }

    @Test
    void aStartFailureWithNoWatcherRunningPropagatesSoTheMessageIsRetried() {
        IllegalStateException boom = new IllegalStateException("sidecar unavailable");
        OrchestrationMetadata current = metadata(false, false);
        when(client.getInstanceMetadata("job-7", false)).thenReturn(current);
        when(client.scheduleNewOrchestrationInstance(anyString(), any(NewOrchestrationInstanceOptions.class)))
                .thenThrow(boom);
        assertSame(boom, assertThrows(IllegalStateException.class, () -> watchers.start(plan)));
    }

    @Test
    void cancelRaisesTheEventOnlyForAnActiveWatcher() {
        OrchestrationMetadata current = metadata(true, false);
        when(client.getInstanceMetadata("job-7", false)).thenReturn(current);
        assertTrue(watchers.cancel("job-7", "by request"));
        verify(client).raiseEvent("job-7", WatchJobOrchestration.CANCEL_EVENT, "by request");

        OrchestrationMetadata absent = metadata(false, false);
        when(client.getInstanceMetadata("job-8", false)).thenReturn(absent);
        assertFalse(watchers.cancel("job-8", "by request"));
        verify(client, never()).raiseEvent(eq("job-8"), anyString(), any());
    }

    @Test
    void closeClosesTheClientItOpenedOnce() {
        OrchestrationMetadata running = metadata(true, false);
        when(client.getInstanceMetadata("job-7", false)).thenReturn(running);
        watchers.cancel("job-7", "by test");
        watchers.close();
        watchers.close();
        verify(client, org.mockito.Mockito.times(1)).close();
    }

    @Test
    void anInvocationThatNeverNeedsTheClientOpensNone() {
        java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();
        DurableTaskWatchers unused = DurableTaskWatchers.onDemand(() -> {
            opened.incrementAndGet();
            return client;
        });
        unused.close();
        assertEquals(0, opened.get());
        verify(client, never()).close();
    }
}
