package dev.acidispatch.reliability;

import dev.acidispatch.app.App;
import dev.acidispatch.arm.ContainerGroups;
import dev.acidispatch.dispatch.DispatchOutcome;
import dev.acidispatch.dispatch.Dispatcher;
import dev.acidispatch.emulator.ContainerScript;
import dev.acidispatch.emulator.Route;
import dev.acidispatch.job.JobStatus;
import dev.acidispatch.store.JobStore;
import dev.acidispatch.store.LogStore;
import dev.acidispatch.store.MessageQueue;
import dev.acidispatch.testing.PipelineHarness;
import dev.acidispatch.watch.PollPolicy;
import dev.acidispatch.watch.Watchers;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dispatcher killed between each of its steps, and the watcher's activities dying half-way: after the queue
 * redelivers the message (or the orchestration retries the activity), the job ends exactly as it would have without
 * the crash, with one container group, one accepted deployment PUT, and nothing left behind.
 */
@ExtendWith(Tally.class)
class CrashRecoveryTest {

    /** Where the first delivery's host dies. */
    static Stream<Arguments> dispatcherCrashPoints() {
        return Stream.of(
                Arguments.of("after recording the job", JobStore.class, "createOrGet", 1, Crash.When.AFTER),
                Arguments.of("before claiming it", JobStore.class, "update", 1, Crash.When.BEFORE),
                Arguments.of("after claiming it", JobStore.class, "update", 1, Crash.When.AFTER),
                Arguments.of("before the deployment PUT", ContainerGroups.class, "beginDeployment", 1,
                        Crash.When.BEFORE),
                Arguments.of("after the deployment PUT", ContainerGroups.class, "beginDeployment", 1,
                        Crash.When.AFTER),
                Arguments.of("after marking it provisioning", JobStore.class, "update", 2, Crash.When.AFTER),
                Arguments.of("before starting the watcher", Watchers.class, "start", 1, Crash.When.BEFORE),
                Arguments.of("after starting the watcher", Watchers.class, "start", 1, Crash.When.AFTER));
    }

    @ParameterizedTest(name = "dispatcher dies {0}")
    @MethodSource("dispatcherCrashPoints")
    <T> void aDispatcherKilledBetweenStepsConvergesOnRedelivery(String where, Class<T> type, String method, int nth,
                                                                Crash.When when) {
        try (ReliabilityHarness h = ReliabilityHarness.create()) {
            String jobId = "crash-" + method.toLowerCase() + "-" + nth + "-" + when.name().toLowerCase();
            h.script(jobId, ContainerScript.builder().provisioningDelay(Duration.ofSeconds(30))
                    .runDuration(Duration.ofMinutes(3)).logLines("survived").build());
            JobStore jobs = h.stack.jobs();
            ContainerGroups groups = h.stack.groups();
            Watchers watchers = h.stack.watchers();
            AtomicReference<Crash<?>> crash = new AtomicReference<>();
            if (type == JobStore.class) {
                Crash<JobStore> c = Crash.at(JobStore.class, jobs, method, nth, when);
                crash.set(c);
                jobs = c.proxy();
            } else if (type == ContainerGroups.class) {
                Crash<ContainerGroups> c = Crash.at(ContainerGroups.class, groups, method, nth, when);
                crash.set(c);
                groups = c.proxy();
            } else {
                Crash<Watchers> c = Crash.at(Watchers.class, watchers, method, nth, when);
                crash.set(c);
                watchers = c.proxy();
            }
            App app = App.from(h.stack.settings());
            Dispatcher dying = new Dispatcher(app.validator(), app.renderer(), groups, jobs, h.stack.ledger(),
                    h.stack.deferredJobs(), watchers,
                    PollPolicy.from(h.stack.settings()), h.clock);
            String message = PipelineHarness.message(jobId);

            assertThrows(SimulatedCrash.class, () -> dying.dispatch(message));
            assertTrue(crash.get().fired());
            Tally.crash();

            DispatchOutcome redelivered = h.stack.dispatch(message);
            assertTrue(redelivered.kind() == DispatchOutcome.Kind.DISPATCHED
                    || redelivered.kind() == DispatchOutcome.Kind.ALREADY_DISPATCHED, redelivered.toString());
            // A third delivery (the queue may deliver more than once) changes nothing.
            assertEquals(DispatchOutcome.Kind.ALREADY_DISPATCHED, h.stack.dispatch(message).kind());
            h.awaitWatcher(jobId);

            h.assertSettled(jobId, JobStatus.SUCCEEDED);
            assertEquals("survived", h.stack.logs().get(jobId).orElseThrow().strip());
            h.assertNoDuplicates(1);
            assertEquals(1, h.emulator.requestLog().count(Route.DEPLOYMENT_PUT, 201), "one deployment PUT accepted");
        }
    }

    /** Where an activity dies half-way; the orchestration's RetryPolicy runs it again on a durable timer. */
    static Stream<Arguments> activityCrashPoints() {
        return Stream.of(
                // The dispatcher's adoption check is getGroup #1; the first CheckGroup is #2.
                Arguments.of("CheckGroup before reading the group", ContainerGroups.class, "getGroup", 2,
                        Crash.When.BEFORE),
                Arguments.of("CheckGroup after reading the group", ContainerGroups.class, "getGroup", 3,
                        Crash.When.AFTER),
                Arguments.of("CaptureLogs before reading the logs", ContainerGroups.class, "timestampedLogs", 1,
                        Crash.When.BEFORE),
                Arguments.of("CaptureLogs after storing the blob", LogStore.class, "put", 1, Crash.When.AFTER),
                Arguments.of("Cleanup after deleting the group", ContainerGroups.class, "deleteGroup", 1,
                        Crash.When.AFTER),
                Arguments.of("Cleanup before deleting the deployment", ContainerGroups.class, "deleteDeployment", 1,
                        Crash.When.BEFORE),
                Arguments.of("RecordResult before sending the result", MessageQueue.class, "send", 1,
                        Crash.When.BEFORE),
                Arguments.of("RecordResult after sending the result", MessageQueue.class, "send", 1,
                        Crash.When.AFTER));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("activityCrashPoints")
    void aWatcherActivityDyingHalfWayIsRetriedToTheSameEnd(String where, Class<?> type, String method, int nth,
                                                           Crash.When when) {
        AtomicReference<Crash<?>> crash = new AtomicReference<>();
        ReliabilityHarness.Builder builder = ReliabilityHarness.builder();
        if (type == ContainerGroups.class) {
            builder.groups(g -> remember(crash, Crash.at(ContainerGroups.class, g, method, nth, when)));
        } else if (type == MessageQueue.class) {
            builder.results(q -> remember(crash, Crash.at(MessageQueue.class, q, method, nth, when)));
        }
        try (ReliabilityHarness h = type == LogStore.class ? builder.logs(l -> remember(crash,
                Crash.at(LogStore.class, l, method, nth, when))).build() : builder.build()) {
            String jobId = "act-" + method.toLowerCase() + "-" + when.name().toLowerCase();
            h.script(jobId, ContainerScript.builder().provisioningDelay(Duration.ofSeconds(20))
                    .runDuration(Duration.ofMinutes(4)).logLines("still here").build());
            assertEquals(DispatchOutcome.Kind.DISPATCHED, h.stack.dispatch(
                    PipelineHarness.message(jobId)).kind());
            h.awaitWatcher(jobId);
            assertTrue(crash.get().fired(), "the crash point was reached");
            Tally.crash();

            h.assertSettled(jobId, JobStatus.SUCCEEDED);
            assertEquals("still here", h.stack.logs().get(jobId).orElseThrow().strip());
            h.assertNoDuplicates(1);
            int expectedResults = "send".equals(method) && when == Crash.When.AFTER ? 2 : 1;
            // At-least-once: a result sent just before the activity died is sent again; both say the same.
            assertEquals(expectedResults, h.results(jobId).size(), "result messages: " + h.results(jobId));
        }
    }

    private static <T> T remember(AtomicReference<Crash<?>> holder, Crash<T> crash) {
        holder.set(crash);
        return crash.proxy();
    }
}
