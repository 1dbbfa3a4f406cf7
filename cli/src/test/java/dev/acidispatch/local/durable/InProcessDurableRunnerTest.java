package dev.acidispatch.local.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.durabletask.FailureDetails;
import com.microsoft.durabletask.OrchestrationRuntimeStatus;
import com.microsoft.durabletask.RetryPolicy;
import com.microsoft.durabletask.Task;
import com.microsoft.durabletask.TaskFailedException;
import com.microsoft.durabletask.TaskOptions;
import dev.acidispatch.emulator.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Drives real durabletask orchestrations through the runner on a virtual clock. */
class InProcessDurableRunnerTest {
    private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");
    private static final Duration REAL_TIMEOUT = Duration.ofSeconds(30);

    private final VirtualClock clock = new VirtualClock(START);
    private InProcessDurableRunner runner;

    @AfterEach
    void closeRunner() {
        if (runner != null) {
            runner.close();
        }
    }

    @Test
    void activityTimerAndExternalEventProduceTheOrchestratorsOutput() {
        runner = InProcessDurableRunner.builder()
                .clock(clock)
                .registerActivity("Greet", ctx -> "Hello, " + ctx.getInput(String.class))
                .registerOrchestrator("Sample", ctx -> {
                    String greeting = ctx.callActivity("Greet", ctx.getInput(String.class), String.class).await();
                    ctx.createTimer(Duration.ofMinutes(5)).await();
                    String approval = ctx.waitForExternalEvent("approve", String.class).await();
                    ctx.complete(greeting + " / " + approval);
                })
                .build();

        assertEquals(StartOutcome.STARTED, runner.scheduleNew("Sample", "sample-1", "Ada"));
        runner.advanceAndRun(Duration.ofMinutes(6));
        assertEquals(OrchestrationRuntimeStatus.RUNNING, state("sample-1").runtimeStatus());

        assertTrue(runner.raiseEvent("sample-1", "approve", "approved"));
        InstanceState done = runner.waitForCompletion("sample-1", REAL_TIMEOUT);

        assertEquals(OrchestrationRuntimeStatus.COMPLETED, done.runtimeStatus());
        assertEquals("Hello, Ada / approved", done.readOutputAs(String.class).orElseThrow());
        assertEquals(1, done.stats().activitiesExecuted());
        assertEquals(START, done.createdAt());
        assertEquals(clock.instant(), done.lastUpdatedAt());
        assertNull(done.failure());
        assertEquals(0, done.stats().historyLength(), "a finished instance keeps no history");
        assertFalse(runner.raiseEvent("sample-1", "approve", "again"), "a finished instance takes no events");
        assertFalse(runner.raiseEvent("nobody", "approve", "x"));
    }

    @Test
    void retryPolicySucceedsOnTheThirdAttempt() {
        AtomicInteger attempts = new AtomicInteger();
        runner = retryingRunner(() -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("transient ARM hiccup #" + attempts.get());
            }
            return "ok after " + attempts.get();
        });

        runner.scheduleNew("Retrying", "retry-ok", null);
        InstanceState done = runner.waitForCompletion("retry-ok", REAL_TIMEOUT);

        assertEquals(OrchestrationRuntimeStatus.COMPLETED, done.runtimeStatus(), String.valueOf(done.failure()));
        assertEquals("ok after 3", done.readOutputAs(String.class).orElseThrow());
        assertEquals(3, attempts.get());
        assertEquals(3, done.stats().activitiesExecuted());
        // Retries wait on durable timers: 10 s, then 20 s (backoff 2), all in virtual time.
        assertTrue(!clock.instant().isBefore(START.plusSeconds(30)), "retries waited " + clock.instant());
    }

    @Test
    void retryPolicyGivesUpAfterThreeAttemptsAndTheOrchestrationFails() {
        AtomicInteger attempts = new AtomicInteger();
        runner = retryingRunner(() -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("group is gone");
        });

        runner.scheduleNew("Retrying", "retry-exhausted", null);
        InstanceState done = runner.waitForCompletion("retry-exhausted", REAL_TIMEOUT);

        assertEquals(OrchestrationRuntimeStatus.FAILED, done.runtimeStatus());
        assertEquals(3, attempts.get());
        assertEquals(GaveUpException.class.getName(), done.failure().errorType());
        assertEquals("gave up: java.lang.IllegalStateException: group is gone", done.failure().errorMessage(),
                "the activity's exception type and message reach the orchestrator");
    }

    @Test
    void cancelEventWinsOverTheWatchTimerWhenRaisedFirst() {
        runner = cancellableRunner();
        runner.scheduleNew("Cancellable", "cancel-wins", null);

        runner.advanceAndRun(Duration.ofMinutes(10));
        assertEquals(OrchestrationRuntimeStatus.RUNNING, state("cancel-wins").runtimeStatus());
        assertTrue(runner.raiseEvent("cancel-wins", "cancel", "by user"));
        runner.runUntilIdle();

        InstanceState done = state("cancel-wins");
        assertEquals(OrchestrationRuntimeStatus.COMPLETED, done.runtimeStatus());
        assertEquals("cancelled: by user", done.readOutputAs(String.class).orElseThrow());
        assertEquals(START.plus(Duration.ofMinutes(10)), clock.instant());
    }

    @Test
    void watchTimerWinsWhenNoCancelArrives() {
        runner = cancellableRunner();
        runner.scheduleNew("Cancellable", "timer-wins", null);

        InstanceState done = runner.waitForCompletion("timer-wins", REAL_TIMEOUT);

        assertEquals("timed out", done.readOutputAs(String.class).orElseThrow());
        assertTrue(clock.instant().isAfter(START.plus(Duration.ofMinutes(30))), "fired at " + clock.instant());
    }

    @Test
    void eventRaisedBeforeTheOrchestratorListensIsStillDelivered() {
        runner = InProcessDurableRunner.builder()
                .clock(clock)
                .registerActivity("Prepare", ctx -> "prepared")
                .registerOrchestrator("LateListener", ctx -> {
                    ctx.callActivity("Prepare", null, String.class).await();
                    ctx.createTimer(Duration.ofMinutes(1)).await();
                    int value = ctx.waitForExternalEvent("go", Integer.class).await();
                    ctx.complete(value * 2);
                })
                .build();
        runner.scheduleNew("LateListener", "late", null);
        runner.runUntilIdle(); // now waiting on the one-minute timer, not on "go"

        assertTrue(runner.raiseEvent("late", "go", 21));
        runner.runUntilIdle();
        assertEquals(OrchestrationRuntimeStatus.RUNNING, state("late").runtimeStatus());
        runner.advanceAndRun(Duration.ofMinutes(2));

        InstanceState done = state("late");
        assertEquals(OrchestrationRuntimeStatus.COMPLETED, done.runtimeStatus());
        assertEquals(42, done.readOutputAs(Integer.class).orElseThrow());
    }

    @Test
    void sixHourLoopWithContinueAsNewKeepsHistoryBounded() {
        int totalPolls = 2_000;
        int pollsPerGeneration = 10;
        Duration interval = Duration.ofHours(6).dividedBy(totalPolls);
        AtomicInteger polls = new AtomicInteger();
        runner = InProcessDurableRunner.builder()
                .clock(clock)
                .registerActivity("CheckGroup", ctx -> polls.incrementAndGet())
                .registerOrchestrator("Watch", ctx -> {
                    int done = ctx.getInput(Integer.class);
                    for (int i = 0; i < pollsPerGeneration; i++) {
                        ctx.callActivity("CheckGroup", null, Integer.class).await();
                        done++;
                        if (done == totalPolls) {
                            ctx.complete(done);
                            return;
                        }
                        Task<Void> cancel = ctx.waitForExternalEvent("cancel", Void.class);
                        if (ctx.anyOf(cancel, ctx.createTimer(interval)).await() == cancel) {
                            ctx.complete(-done);
                            return;
                        }
                    }
                    ctx.continueAsNew(done, false);
                })
                .build();

        runner.scheduleNew("Watch", "long-watch", 0);
        InstanceState done = runner.waitForCompletion("long-watch", REAL_TIMEOUT);

        assertEquals(OrchestrationRuntimeStatus.COMPLETED, done.runtimeStatus(), String.valueOf(done.failure()));
        assertEquals(totalPolls, done.readOutputAs(Integer.class).orElseThrow());
        assertEquals(totalPolls, polls.get());
        assertEquals(totalPolls, done.stats().activitiesExecuted());
        assertEquals(totalPolls / pollsPerGeneration - 1, done.stats().generations());
        assertTrue(done.stats().maxHistoryLength() <= 100, "max history " + done.stats().maxHistoryLength());
        assertTrue(done.stats().maxHistoryLength() >= 4 * pollsPerGeneration,
                "history did grow within a generation: " + done.stats().maxHistoryLength());
        assertTrue(!clock.instant().isBefore(START.plus(interval.multipliedBy(totalPolls - 1))),
                "six virtual hours passed: " + clock.instant());
    }

    @Test
    void secondStartWhileRunningIsRefusedAndAFinishedInstanceMayStartAgain() {
        runner = InProcessDurableRunner.builder()
                .clock(clock)
                .registerOrchestrator("Echo", ctx -> {
                    String input = ctx.getInput(String.class);
                    String suffix = ctx.waitForExternalEvent("finish", String.class).await();
                    ctx.complete(input + suffix);
                })
                .build();

        assertEquals(StartOutcome.STARTED, runner.scheduleNew("Echo", "job-1", "first"));
        runner.runUntilIdle();
        assertEquals(StartOutcome.ALREADY_RUNNING, runner.scheduleNew("Echo", "job-1", "second"));
        assertFalse(runner.purge("job-1"), "a running instance is never purged");
        runner.runUntilIdle();
        runner.raiseEvent("job-1", "finish", "!");
        assertEquals("first!", runner.waitForCompletion("job-1", REAL_TIMEOUT).readOutputAs(String.class).get());

        assertEquals(StartOutcome.STARTED, runner.scheduleNew("Echo", "job-1", "again"));
        runner.runUntilIdle();
        assertEquals(OrchestrationRuntimeStatus.RUNNING, state("job-1").runtimeStatus());
        runner.raiseEvent("job-1", "finish", "?");
        assertEquals("again?", runner.waitForCompletion("job-1", REAL_TIMEOUT).readOutputAs(String.class).get());

        assertTrue(runner.purge("job-1"));
        assertTrue(runner.getState("job-1").isEmpty());
        assertFalse(runner.purge("job-1"));
    }

    @Test
    void timerNeverFiresBeforeTheClockIsPastItsFireTime() {
        Duration delay = Duration.ofMinutes(10);
        runner = InProcessDurableRunner.builder()
                .clock(clock)
                .registerOrchestrator("Sleeper", ctx -> {
                    Instant before = ctx.getCurrentInstant();
                    ctx.createTimer(delay).await();
                    ctx.complete(Duration.between(before, ctx.getCurrentInstant()).toMillis());
                })
                .build();
        runner.scheduleNew("Sleeper", "sleeper", null);
        runner.runUntilIdle();

        runner.advanceAndRun(delay.minusMillis(1));
        assertEquals(OrchestrationRuntimeStatus.RUNNING, state("sleeper").runtimeStatus());
        runner.advanceAndRun(Duration.ofMillis(1));
        assertEquals(START.plus(delay), clock.instant());
        assertEquals(OrchestrationRuntimeStatus.RUNNING, state("sleeper").runtimeStatus(),
                "a timer must not fire while the clock equals its fire time");

        runner.advanceAndRun(Duration.ofMillis(1));
        InstanceState done = state("sleeper");
        assertEquals(OrchestrationRuntimeStatus.COMPLETED, done.runtimeStatus());
        assertTrue(done.readOutputAs(Long.class).orElseThrow() > delay.toMillis(),
                "orchestrator woke after " + done.serializedOutput() + " ms");
    }

    @Test
    void aThousandConcurrentInstancesAllComplete() {
        int count = 1_000;
        Map<String, Integer> seenByActivity = new ConcurrentHashMap<>();
        runner = InProcessDurableRunner.builder()
                .clock(clock)
                .registerActivity("Record", ctx -> {
                    String id = ctx.getInput(String.class);
                    return seenByActivity.merge(id, 1, Integer::sum);
                })
                .registerOrchestrator("Many", ctx -> {
                    String id = ctx.getInstanceId();
                    ctx.callActivity("Record", id, Integer.class).await();
                    ctx.createTimer(Duration.ofSeconds(5 + Math.abs(id.hashCode() % 600))).await();
                    int calls = ctx.callActivity("Record", id, Integer.class).await();
                    ctx.complete(id + ":" + calls);
                })
                .build();

        for (int i = 0; i < count; i++) {
            assertEquals(StartOutcome.STARTED, runner.scheduleNew("Many", "job-" + i, null));
        }
        runner.runUntilIdle();
        for (int i = 0; i < count; i++) {
            assertEquals(OrchestrationRuntimeStatus.RUNNING, state("job-" + i).runtimeStatus());
        }
        for (int i = 0; i < count; i++) {
            InstanceState done = runner.waitForCompletion("job-" + i, REAL_TIMEOUT);
            assertEquals("job-" + i + ":2", done.readOutputAs(String.class).orElseThrow());
        }
        assertEquals(count, seenByActivity.size());
        assertTrue(seenByActivity.values().stream().allMatch(calls -> calls == 2));
    }

    @Test
    void orchestratorThatThrowsFailsWithItsMessage() {
        runner = InProcessDurableRunner.builder()
                .clock(clock)
                .registerOrchestrator("Broken", ctx -> {
                    throw new IllegalArgumentException("jobId 'X' is not valid");
                })
                .build();
        runner.scheduleNew("Broken", "broken", null);

        InstanceState done = runner.waitForCompletion("broken", REAL_TIMEOUT);

        assertEquals(OrchestrationRuntimeStatus.FAILED, done.runtimeStatus());
        assertEquals(IllegalArgumentException.class.getName(), done.failure().errorType());
        assertEquals("jobId 'X' is not valid", done.failure().errorMessage());
        assertFalse(done.failure().stackTrace().isEmpty());
    }

    @Test
    void continueAsNewWithoutPreservingDropsPendingTimersAndKeepsEventsThatArriveLater() {
        runner = InProcessDurableRunner.builder()
                .clock(clock)
                .registerOrchestratorFunction("Generations", ctx -> {
                    int generation = ctx.getInput(Integer.class);
                    if (generation < 2) {
                        ctx.createTimer(Duration.ofDays(1)); // never awaited: must be dropped on continue-as-new
                        ctx.continueAsNew(generation + 1, false);
                    }
                    return "gen " + generation + " got " + ctx.waitForExternalEvent("ping", String.class).await();
                })
                .build();
        runner.scheduleNew("Generations", "gens", 0);
        runner.runUntilIdle();
        assertEquals(2, state("gens").stats().generations());

        runner.raiseEvent("gens", "ping", "pong");
        runner.runUntilIdle();

        assertEquals("gen 2 got pong", state("gens").readOutputAs(String.class).orElseThrow());
        runner.advanceAndRun(Duration.ofDays(2));
        assertEquals(START.plus(Duration.ofDays(2)), clock.instant(), "no stale timer pulled the clock along");
    }

    @Test
    void sendEventReachesAnotherInstanceOnce() {
        runner = InProcessDurableRunner.builder()
                .clock(clock)
                .registerOrchestratorFunction("Sender", ctx -> {
                    ctx.sendEvent("receiver", "hello", "from sender");
                    ctx.createTimer(Duration.ofMinutes(1)).await();
                    return "sent";
                })
                .registerOrchestratorFunction("Receiver", ctx -> {
                    String first = ctx.waitForExternalEvent("hello", String.class).await();
                    Task<String> second = ctx.waitForExternalEvent("hello", String.class);
                    Task<?> winner = ctx.anyOf(List.of(second, ctx.createTimer(Duration.ofHours(1)))).await();
                    return winner == second ? "twice" : first;
                })
                .build();
        runner.scheduleNew("Receiver", "receiver", null);
        runner.scheduleNew("Sender", "sender", null);

        assertEquals("from sender",
                runner.waitForCompletion("receiver", REAL_TIMEOUT).readOutputAs(String.class).orElseThrow());
        assertEquals("sent", state("sender").readOutputAs(String.class).orElseThrow());
    }

    @Test
    void unknownActivityFailsTheTaskWithAClearMessage() {
        runner = InProcessDurableRunner.builder()
                .clock(clock)
                .registerOrchestratorFunction("CallsMissing",
                        ctx -> ctx.callActivity("Missing", null, String.class).await())
                .build();
        runner.scheduleNew("CallsMissing", "missing", null);

        InstanceState done = runner.waitForCompletion("missing", REAL_TIMEOUT);

        assertEquals(OrchestrationRuntimeStatus.FAILED, done.runtimeStatus());
        assertTrue(done.failure().errorMessage().contains("No activity named 'Missing'"),
                done.failure().errorMessage());
    }

    @Test
    void badArgumentsAreRejectedNamingTheField() {
        runner = InProcessDurableRunner.builder()
                .clock(clock)
                .registerOrchestratorFunction("Noop", ctx -> null)
                .build();

        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> runner.scheduleNew("Nope", "id", null));
        assertTrue(unknown.getMessage().contains("orchestratorName") && unknown.getMessage().contains("Noop"),
                unknown.getMessage());
        IllegalArgumentException blank = assertThrows(IllegalArgumentException.class,
                () -> runner.scheduleNew("Noop", " ", null));
        assertTrue(blank.getMessage().contains("instanceId"), blank.getMessage());
        assertThrows(IllegalArgumentException.class, () -> runner.waitForCompletion("never-started", REAL_TIMEOUT));
        assertTrue(runner.getState("never-started").isEmpty());
        IllegalArgumentException threads = assertThrows(IllegalArgumentException.class,
                () -> InProcessDurableRunner.builder().activityThreads(0));
        assertTrue(threads.getMessage().contains("activityThreads"), threads.getMessage());
        assertThrows(IllegalArgumentException.class, () -> InProcessDurableRunner.builder()
                .registerActivity("A", ctx -> null).registerActivity("A", ctx -> null));
    }

    private InProcessDurableRunner retryingRunner(java.util.function.Supplier<String> activityBody) {
        RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(10));
        policy.setBackoffCoefficient(2.0);
        return InProcessDurableRunner.builder()
                .clock(clock)
                .registerActivity("Flaky", ctx -> activityBody.get())
                .registerOrchestratorFunction("Retrying", ctx -> {
                    try {
                        return ctx.callActivity("Flaky", null, new TaskOptions(policy), String.class).await();
                    } catch (TaskFailedException e) {
                        FailureDetails details = e.getErrorDetails();
                        throw new GaveUpException(details.getErrorType() + ": " + details.getErrorMessage());
                    }
                })
                .build();
    }

    private InProcessDurableRunner cancellableRunner() {
        return InProcessDurableRunner.builder()
                .clock(clock)
                .registerOrchestratorFunction("Cancellable", ctx -> {
                    Task<String> cancel = ctx.waitForExternalEvent("cancel", String.class);
                    Task<Void> timer = ctx.createTimer(Duration.ofMinutes(30));
                    return ctx.anyOf(cancel, timer).await() == cancel ? "cancelled: " + cancel.await() : "timed out";
                })
                .build();
    }

    static final class GaveUpException extends RuntimeException {
        GaveUpException(String reason) {
            super("gave up: " + reason);
        }
    }

    private InstanceState state(String instanceId) {
        return runner.getState(instanceId).orElseThrow();
    }
}
