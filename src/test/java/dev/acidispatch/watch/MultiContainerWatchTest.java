package dev.acidispatch.watch;

import dev.acidispatch.arm.ContainerStatus;
import dev.acidispatch.arm.GroupStatus;
import dev.acidispatch.arm.PreviousState;
import dev.acidispatch.job.CleanupPolicy;
import dev.acidispatch.job.JobStatus;
import dev.acidispatch.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the watcher concludes from groups with init containers and sidecars, and under restartPolicy OnFailure
 * ({@link InitContainerOutcome}, {@link OnFailureRestarts}), and that old plans and refs still read.
 */
class MultiContainerWatchTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final JobShape NEVER = new JobShape(List.of("setup"), List.of("shipper"), "Never", 0,
            CleanupPolicy.ALWAYS);
    private static final JobShape ON_FAILURE = new JobShape(List.of("setup"), List.of(), "OnFailure", 2,
            CleanupPolicy.ON_SUCCESS);

    private static GroupRef ref(JobShape shape) {
        return new GroupRef("job-1", "rg", "acid-job-1", "acid-job-1", "job", false, shape);
    }

    private static ContainerStatus container(String name, String state, Integer exit, int restarts, Integer previous) {
        return new ContainerStatus(name, Optional.of(state), Optional.ofNullable(exit), Optional.of(T0),
                "Terminated".equals(state) ? Optional.of(T0.plusSeconds(30)) : Optional.empty(), Optional.empty(),
                restarts, Optional.ofNullable(previous).map(code -> new PreviousState(Optional.of("Terminated"),
                        Optional.of(code), Optional.empty(), Optional.empty())));
    }

    private static GroupStatus group(String instanceState, List<ContainerStatus> containers,
                                     List<ContainerStatus> init) {
        return new GroupStatus("acid-job-1", "Succeeded", Optional.of(instanceState), Map.of(), containers, List.of(),
                init);
    }

    @Test
    void aFailedInitContainerEndsTheJobWithItsExitCodeUnderNever() {
        GroupStatus group = group("Failed", List.of(container("job", "Waiting", null, 0, null)),
                List.of(container("setup", "Terminated", 3, 0, null)));
        Observation seen = WatchActivities.fromGroup(group, ref(NEVER));
        assertEquals(Observation.Phase.EXITED, seen.phase());
        assertEquals(3, seen.exitCode());
        assertTrue(seen.detail().contains("init container 'setup' exited with code 3"), seen.detail());

        WatchPlan plan = WatchPlan.start("job-1", "rg", "acid-job-1", "acid-job-1", "job", T0, Duration.ofMinutes(10),
                Duration.ofHours(1), new PollPolicy(5_000, 120_000, 1.5, 0.1, 10), NEVER);
        WatchOutcome outcome = Verdict.decide(plan.afterCheck(seen), seen, T0.plusSeconds(40), false).orElseThrow();
        assertEquals(JobStatus.FAILED, outcome.status());
        assertEquals(3, outcome.exitCode());
        assertNull(outcome.startedAtMillis(), "the job container never started");
    }

    @Test
    void runningInitContainersArePendingAndPassedOnesChangeNothing() {
        GroupStatus initializing = group("Running", List.of(container("job", "Waiting", null, 0, null)),
                List.of(container("setup", "Running", null, 0, null)));
        assertEquals(Observation.Phase.PENDING, WatchActivities.fromGroup(initializing, ref(NEVER)).phase());

        GroupStatus mainExited = group("Running", List.of(container("job", "Terminated", 0, 0, null),
                container("shipper", "Running", null, 0, null)), List.of(container("setup", "Terminated", 0, 0, null)));
        Observation seen = WatchActivities.fromGroup(mainExited, ref(NEVER));
        assertEquals(Observation.Phase.EXITED, seen.phase(), "the job ends with its own container, sidecars aside");
        assertEquals(0, seen.exitCode());
    }

    @Test
    void onFailureKeepsWatchingWhileRestartsRemainAndGivesUpWithTheLastExitCode() {
        GroupStatus firstFailure = group("Running", List.of(container("job", "Terminated", 3, 0, null)), List.of());
        Observation restarting = WatchActivities.fromGroup(firstFailure, ref(ON_FAILURE));
        assertEquals(Observation.Phase.RUNNING, restarting.phase(), "ACI restarts it: not the end");
        assertTrue(restarting.detail().contains("restart 1 of at most 2"), restarting.detail());

        GroupStatus restarted = group("Running", List.of(container("job", "Running", null, 2, 3)), List.of());
        assertEquals(Observation.Phase.RUNNING, WatchActivities.fromGroup(restarted, ref(ON_FAILURE)).phase());

        GroupStatus third = group("Running", List.of(container("job", "Terminated", 5, 2, 3)), List.of());
        Observation exhausted = WatchActivities.fromGroup(third, ref(ON_FAILURE));
        assertEquals(Observation.Phase.EXITED, exhausted.phase());
        assertEquals(5, exhausted.exitCode(), "the last run's exit code");
        assertTrue(exhausted.detail().contains("failed 3 times"), exhausted.detail());

        GroupStatus overshot = group("Running", List.of(container("job", "Waiting", null, 3, 6)), List.of());
        Observation missedIt = WatchActivities.fromGroup(overshot, ref(ON_FAILURE));
        assertEquals(Observation.Phase.EXITED, missedIt.phase(), "restarted past maxRestarts between two checks");
        assertEquals(6, missedIt.exitCode(), "previousState's exit code");

        GroupStatus succeeded = group("Succeeded", List.of(container("job", "Terminated", 0, 1, 3)), List.of());
        Observation ok = WatchActivities.fromGroup(succeeded, ref(ON_FAILURE));
        assertEquals(Observation.Phase.EXITED, ok.phase());
        assertEquals(0, ok.exitCode(), "a restart that succeeds ends the job SUCCEEDED");
    }

    @Test
    void initContainersCountRestartsUnderOnFailureToo() {
        GroupStatus retrying = group("Running", List.of(container("job", "Waiting", null, 0, null)),
                List.of(container("setup", "Terminated", 9, 1, 9)));
        assertEquals(Observation.Phase.PENDING, WatchActivities.fromGroup(retrying, ref(ON_FAILURE)).phase());
        GroupStatus exhausted = group("Running", List.of(container("job", "Waiting", null, 0, null)),
                List.of(container("setup", "Terminated", 9, 2, 9)));
        Observation seen = WatchActivities.fromGroup(exhausted, ref(ON_FAILURE));
        assertEquals(Observation.Phase.EXITED, seen.phase());
        assertEquals(9, seen.exitCode());
        assertTrue(seen.detail().startsWith("init container 'setup' failed 3 times"), seen.detail());
    }

    @Test
    void underNeverAFailedRunIsFinalWhateverTheRestartCount() {
        GroupStatus failed = group("Failed", List.of(container("job", "Terminated", 4, 0, null)), List.of());
        Observation seen = WatchActivities.fromGroup(failed, ref(JobShape.single(false)));
        assertEquals(Observation.Phase.EXITED, seen.phase());
        assertEquals(4, seen.exitCode());
    }

    @Test
    void theCleanupPolicyDecidesFromTheOutcomeWhetherTheGroupIsKept() {
        GroupRef ref = ref(ON_FAILURE);
        assertFalse(ref.keeping(ref.shape().cleanup().keepsGroupAfter(JobStatus.SUCCEEDED)).keepContainerGroup());
        assertTrue(ref.keeping(ref.shape().cleanup().keepsGroupAfter(JobStatus.FAILED)).keepContainerGroup());
    }

    @Test
    void plansAndRefsFromBeforeTheShapeExistedStillRead() {
        WatchPlan old = Json.read("{\"jobId\":\"job-1\",\"resourceGroup\":\"rg\",\"containerGroupName\":\"acid-job-1\","
                + "\"deploymentName\":\"acid-job-1\",\"containerName\":\"job\",\"keepContainerGroup\":true,"
                + "\"dispatchedAtMillis\":1,\"startTimeoutSeconds\":60,\"runTimeoutSeconds\":60,\"poll\":{\"minMillis\":"
                + "5000,\"maxMillis\":60000,\"factor\":1.5,\"latencyRatio\":0.1,\"pollsPerGeneration\":10},"
                + "\"generation\":0,\"totalChecks\":0,\"startedAtMillis\":0,\"lastWaitMillis\":0}", WatchPlan.class);
        assertEquals(CleanupPolicy.NEVER, old.shape().cleanup());
        assertEquals(List.of(), old.shape().initContainers());
        GroupRef oldRef = Json.read("{\"jobId\":\"job-1\",\"resourceGroup\":\"rg\",\"containerGroupName\":\"c\","
                + "\"deploymentName\":\"d\",\"containerName\":\"job\",\"keepContainerGroup\":false}", GroupRef.class);
        assertEquals(CleanupPolicy.ALWAYS, oldRef.shape().cleanup());
        GroupRef roundTrip = Json.read(Json.write(ref(NEVER)), GroupRef.class);
        assertEquals(ref(NEVER), roundTrip);
    }
}
