package dev.acidispatch.reliability;

import dev.acidispatch.arm.GroupDeletion;
import dev.acidispatch.dispatch.DispatchOutcome;
import dev.acidispatch.emulator.ContainerScript;
import dev.acidispatch.emulator.Fault;
import dev.acidispatch.emulator.GroupSnapshot;
import dev.acidispatch.emulator.RecordedRequest;
import dev.acidispatch.emulator.Route;
import dev.acidispatch.job.JobRecord;
import dev.acidispatch.job.JobStatus;
import dev.acidispatch.testing.PipelineHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults at every ARM step the pipeline takes, through the real SDK against the emulator: the deployment PUT, the
 * deployment GET (the dispatcher's look-before-PUT and the watcher's check of a failed provisioning: ARM's "operation"
 * status as this client reads it), the group GET, the logs, the stop and the deletes. Each fault is either a blip the
 * ARM client's own retries absorb, or a burst long enough to exhaust them, so the orchestration's RetryPolicy (durable
 * timers) or the queue's redelivery of the message must take over. Every job must still end in the right state, be
 * cleaned up, and have had exactly one container group.
 */
@ExtendWith(Tally.class)
class ArmFaultTest {
    private static final AtomicInteger IDS = new AtomicInteger();
    private static ReliabilityHarness h;

    /** The steps where a fault is injected; each is one route the pipeline calls at least once per job. */
    enum Step {
        DEPLOY_PUT(Route.DEPLOYMENT_PUT, false),
        DEPLOYMENT_STATUS(Route.DEPLOYMENT_GET, false),
        GROUP_GET(Route.GROUP_GET, false),
        LOGS(Route.LOGS, true),
        STOP(Route.GROUP_STOP, true),
        GROUP_DELETE(Route.GROUP_DELETE, true),
        DEPLOYMENT_DELETE(Route.DEPLOYMENT_DELETE, true);

        final Route route;
        /** Whether the pipeline first calls this route from the watcher (after the dispatcher is done). */
        final boolean afterDispatch;

        Step(Route route, boolean afterDispatch) {
            this.route = route;
            this.afterDispatch = afterDispatch;
        }
    }

    enum Kind {
        THROTTLE_429 {
            @Override
            Fault fault() {
                return Fault.throttle(1);
            }
        },
        ERROR_500 {
            @Override
            Fault fault() {
                return Fault.internalServerError();
            }
        },
        UNAVAILABLE_503 {
            @Override
            Fault fault() {
                return Fault.serviceUnavailable();
            }
        },
        SLOW_PAST_TIMEOUT {
            @Override
            Fault fault() {
                return Fault.slow(ReliabilityHarness.PAST_TIMEOUT);
            }
        },
        CONNECTION_RESET {
            @Override
            Fault fault() {
                return Fault.connectionReset();
            }
        },
        RESET_AFTER_PROCESSING {
            @Override
            Fault fault() {
                return Fault.connectionResetAfterProcessing();
            }
        };

        abstract Fault fault();
    }

    @BeforeAll
    static void start() {
        h = ReliabilityHarness.create();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    static Stream<Arguments> everyStepAndFault() {
        List<Arguments> cases = new ArrayList<>();
        for (Step step : Step.values()) {
            for (Kind kind : Kind.values()) {
                cases.add(Arguments.of(step, kind));
            }
        }
        return cases.stream();
    }

    private static String newJobId(Step step) {
        return "f" + IDS.incrementAndGet() + "-" + step.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Jobs hit DEPLOYMENT_GET only on the dispatcher's look-before-PUT; STOP only when the group is kept. */
    private static String messageFor(Step step, String jobId) {
        String message = PipelineHarness.message(jobId);
        return step == Step.STOP
                ? message.replace("\"startTimeoutSeconds\"", "\"keepContainerGroup\": true, \"startTimeoutSeconds\"")
                : message;
    }

    /** One blip: the ARM client's bounded retries absorb it. */
    @ParameterizedTest(name = "{1} once at {0}")
    @MethodSource("everyStepAndFault")
    void aSingleFaultAtAnyStepIsAbsorbed(Step step, Kind kind) {
        runWithFaults(step, kind, 1);
    }

    /**
     * A burst longer than the client's attempts: the activity fails and the orchestration retries it on a durable
     * timer, or (deployment PUT) the dispatcher throws and the queue redelivers the message.
     */
    @ParameterizedTest(name = "burst of 500s at {0}")
    @EnumSource(Step.class)
    void aBurstThatExhaustsTheClientIsRetriedByTheOrchestrationOrTheQueue(Step step) {
        runWithFaults(step, Kind.ERROR_500, ReliabilityHarness.QUICK.maxAttempts() + 1);
    }

    @ParameterizedTest(name = "burst of resets after processing at {0}")
    @EnumSource(value = Step.class, names = {"GROUP_GET", "LOGS", "GROUP_DELETE", "DEPLOYMENT_DELETE"})
    void aBurstOfResetsAfterProcessingNeverDuplicatesOrLeaks(Step step) {
        runWithFaults(step, Kind.RESET_AFTER_PROCESSING, ReliabilityHarness.QUICK.maxAttempts() + 1);
    }

    /** The PUT landed but its answer was lost: the client looks before re-sending, so ARM sees one PUT, not two. */
    @Test
    void aDeploymentPutWhoseAnswerIsLostIsNotSentAgain() {
        String jobId = "f-lostput-" + IDS.incrementAndGet();
        long putsBefore = h.emulator.requestLog().count(Route.DEPLOYMENT_PUT);
        long createdBefore = h.emulator.groupsCreated();
        h.emulator.injectFault(Route.DEPLOYMENT_PUT, 1, Fault.connectionResetAfterProcessing());
        Tally.faults(1);
        assertEquals(DispatchOutcome.Kind.DISPATCHED, h.stack.dispatch(PipelineHarness.message(jobId))
                .kind());
        h.awaitWatcher(jobId);
        assertEquals(1, h.emulator.requestLog().count(Route.DEPLOYMENT_PUT) - putsBefore, "one PUT reached ARM");
        h.assertSettled(jobId, JobStatus.SUCCEEDED);
        h.assertNoDuplicates(createdBefore + 1);
    }

    /** The watcher's own group reads fail for longer than the client retries: CheckGroup is retried on a timer. */
    @Test
    void aBurstOfGroupReadFailuresWhileWatchingIsRetriedOnADurableTimer() {
        String jobId = "f-watchburst-" + IDS.incrementAndGet();
        long createdBefore = h.emulator.groupsCreated();
        h.stack.dispatch(PipelineHarness.message(jobId));
        int burst = 2 * ReliabilityHarness.QUICK.maxAttempts();
        for (int i = 1; i <= burst; i++) {
            h.emulator.injectFault(Route.GROUP_GET, i, i % 2 == 0 ? Fault.serviceUnavailable() : Fault.connectionReset());
        }
        Tally.faults(burst);
        h.awaitWatcher(jobId);
        h.assertSettled(jobId, JobStatus.SUCCEEDED);
        h.assertNoDuplicates(createdBefore + 1);
    }

    private void runWithFaults(Step step, Kind kind, int consecutive) {
        String jobId = newJobId(step);
        h.script(jobId, ContainerScript.builder().provisioningDelay(Duration.ofSeconds(15))
                .runDuration(Duration.ofMinutes(2)).exitCode(0).logLines("done " + jobId).build());
        int before = h.emulator.requestLog().entries().size();
        long createdBefore = h.emulator.groupsCreated();
        for (int i = 1; i <= consecutive; i++) {
            h.emulator.injectFault(step.route, i, kind.fault());
        }
        Tally.faults(consecutive);

        long slowBefore = h.emulator.requestLog().entries().stream().filter(r -> "slow".equals(r.fault())).count();
        int deliveries = deliverUntilHandled(messageFor(step, jobId));
        if (kind == Kind.SLOW_PAST_TIMEOUT && step.route == Route.DEPLOYMENT_PUT
                || kind == Kind.SLOW_PAST_TIMEOUT && step.route == Route.DEPLOYMENT_GET) {
            // The late request lands seconds after the client gave up; in virtual time the whole job would be over by
            // then, so let it land first, as it would in a real job minutes long.
            h.awaitSlowRequests(slowBefore + consecutive);
        }
        h.awaitWatcher(jobId);
        if (kind == Kind.SLOW_PAST_TIMEOUT) {
            h.awaitSlowRequests(slowBefore + consecutive);
        }

        List<RecordedRequest> requests = h.emulator.requestLog().entries().subList(before,
                h.emulator.requestLog().entries().size());
        long injected = requests.stream().filter(r -> r.route() == step.route && r.fault() != null).count();
        assertEquals(consecutive, injected, "every injected fault was hit: " + requests);
        JobRecord done = h.assertSettled(jobId, JobStatus.SUCCEEDED);
        assertEquals(0, done.exitCode());
        assertTrue(done.logsCaptured(), "logs captured");
        assertEquals("done " + jobId, h.stack.logs().get(jobId).orElseThrow().strip());
        h.assertNoDuplicates(createdBefore + 1);
        if (step == Step.STOP) {
            List<GroupSnapshot> kept = h.emulator.groups();
            assertEquals(1, kept.size(), "the kept group stays: " + kept);
            // The job had finished, and a stop on a finished group leaves its state (issue #19, item 7).
            assertEquals("Succeeded", kept.get(0).instanceState().orElseThrow(), "and keeps its final state");
            assertTrue(h.arm.deleteGroup(ReliabilityHarness.RESOURCE_GROUP, kept.get(0).name()) != GroupDeletion.ALREADY_GONE);
        }
        assertTrue(h.emulator.groups().isEmpty(), "no group left: " + h.emulator.groups());
        long accepted = requests.stream().filter(r -> r.route() == Route.DEPLOYMENT_PUT
                && r.status() >= 200 && r.status() < 300 && r.fault() == null).count();
        assertTrue(accepted <= 1, "at most one deployment PUT accepted: " + requests);
        if (step.afterDispatch) {
            assertEquals(1, deliveries, "faults after the deployment never make the dispatcher fail");
        }
    }

    /** The queue redelivers a message whose dispatch threw (host.json allows 5 dequeues before the poison queue). */
    private int deliverUntilHandled(String message) {
        RuntimeException last = null;
        for (int delivery = 1; delivery <= 5; delivery++) {
            try {
                DispatchOutcome outcome = h.stack.dispatch(message);
                assertTrue(outcome.kind() == DispatchOutcome.Kind.DISPATCHED
                        || outcome.kind() == DispatchOutcome.Kind.ALREADY_DISPATCHED, outcome.toString());
                return delivery;
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw new AssertionError("still failing after 5 deliveries", last);
    }

    @Test
    void aProvisioningFailureWithFaultsOnEveryReadStillEndsFailedAndCleanedUp() {
        String jobId = "f-provfail-" + IDS.incrementAndGet();
        h.script(jobId, ContainerScript.builder().provisioningDelay(Duration.ofSeconds(10))
                .failProvisioning("InaccessibleImage", "The image 'busybox:1.36' is not accessible").build());
        long createdBefore = h.emulator.groupsCreated();
        h.stack.dispatch(PipelineHarness.message(jobId));
        for (Route route : List.of(Route.GROUP_GET, Route.LOGS, Route.GROUP_DELETE)) {
            h.emulator.injectFault(route, 1, Fault.serviceUnavailable());
            h.emulator.injectFault(route, 2, Fault.throttle(0));
        }
        // The watcher confirms a failed provisioning with the deployment's status: fail that past the client's retries.
        int burst = ReliabilityHarness.QUICK.maxAttempts() + 1;
        for (int i = 1; i <= burst; i++) {
            h.emulator.injectFault(Route.DEPLOYMENT_GET, i, Fault.internalServerError());
        }
        Tally.faults(6 + burst);
        h.awaitWatcher(jobId);
        JobRecord done = h.assertSettled(jobId, JobStatus.FAILED);
        assertTrue(done.reason().contains("InaccessibleImage"), done.reason());
        assertEquals(burst, h.emulator.requestLog().entries().stream()
                .filter(r -> r.route() == Route.DEPLOYMENT_GET && r.status() == 500 && r.path().endsWith(jobId)).count(),
                "the burst was hit");
        h.assertNoDuplicates(createdBefore + 1);
    }
}
