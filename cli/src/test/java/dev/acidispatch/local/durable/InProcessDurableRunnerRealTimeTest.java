package dev.acidispatch.local.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.durabletask.OrchestrationRuntimeStatus;
import com.microsoft.durabletask.Task;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real-time path: a background dispatcher fires short timers on the system clock. Asserts order, not speed. */
class InProcessDurableRunnerRealTimeTest {
    private static final Duration REAL_TIMEOUT = Duration.ofSeconds(30);

    private final List<String> steps = new CopyOnWriteArrayList<>();
    private InProcessDurableRunner runner;

    @AfterEach
    void closeRunner() {
        if (runner != null) {
            runner.close();
        }
    }

    @Test
    void shortRealTimersFireInOrderAfterTheirFireTime() {
        runner = InProcessDurableRunner.builder()
                .clock(Clock.systemUTC())
                .registerActivity("Step", ctx -> {
                    steps.add(ctx.getInput(String.class));
                    return Instant.now().toString();
                })
                .registerOrchestratorFunction("Steps", ctx -> {
                    ctx.callActivity("Step", "first", String.class).await();
                    Instant before = ctx.getCurrentInstant();
                    ctx.createTimer(Duration.ofMillis(200)).await();
                    Instant fired = ctx.getCurrentInstant();
                    String secondRanAt = ctx.callActivity("Step", "second", String.class).await();
                    ctx.createTimer(Duration.ofMillis(300)).await();
                    ctx.callActivity("Step", "third", String.class).await();
                    return List.of(before.toString(), fired.toString(), secondRanAt);
                })
                .build();

        assertEquals(StartOutcome.STARTED, runner.scheduleNew("Steps", "real-1", null));
        InstanceState done = runner.waitForCompletion("real-1", REAL_TIMEOUT);

        assertEquals(OrchestrationRuntimeStatus.COMPLETED, done.runtimeStatus(), String.valueOf(done.failure()));
        assertEquals(List.of("first", "second", "third"), steps);
        String[] instants = done.readOutputAs(String[].class).orElseThrow();
        Instant before = Instant.parse(instants[0]);
        Instant fired = Instant.parse(instants[1]);
        Instant secondRanAt = Instant.parse(instants[2]);
        assertTrue(fired.isAfter(before.plusMillis(200)), "timer woke at " + fired + ", created at " + before);
        assertTrue(!secondRanAt.isBefore(fired), "the activity after the timer ran at " + secondRanAt);
    }

    @Test
    void eventRaisedFromAnotherThreadWakesTheDispatcherBeforeALongTimer() {
        runner = InProcessDurableRunner.builder()
                .registerOrchestratorFunction("Watch", ctx -> {
                    Task<String> cancel = ctx.waitForExternalEvent("cancel", String.class);
                    Task<?> winner = ctx.anyOf(cancel, ctx.createTimer(Duration.ofMinutes(10))).await();
                    return winner == cancel ? "cancelled by " + cancel.await() : "timed out";
                })
                .build();
        runner.scheduleNew("Watch", "real-2", null);
        runner.runUntilIdle();
        assertEquals(OrchestrationRuntimeStatus.RUNNING, runner.getState("real-2").orElseThrow().runtimeStatus());
        assertEquals(StartOutcome.ALREADY_RUNNING, runner.scheduleNew("Watch", "real-2", null));

        Thread canceller = new Thread(() -> runner.raiseEvent("real-2", "cancel", "operator"));
        canceller.start();
        InstanceState done = runner.waitForCompletion("real-2", REAL_TIMEOUT);

        assertEquals("cancelled by operator", done.readOutputAs(String.class).orElseThrow());
        assertThrows(IllegalStateException.class, () -> runner.advanceAndRun(Duration.ofSeconds(1)));
    }
}
