package dev.acidispatch.arm;

import dev.acidispatch.emulator.ArmEmulator;
import dev.acidispatch.emulator.ContainerScript;
import dev.acidispatch.emulator.Fault;
import dev.acidispatch.emulator.Quotas;
import dev.acidispatch.emulator.Route;
import dev.acidispatch.emulator.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real azure-resourcemanager SDK, through the adapter, against the emulator over HTTP. */
class AzureContainerGroupsEmulatorTest {
    private static final String RG = "jobs-rg";
    private static final ArmClientOptions FAST = ArmClientOptions.defaults()
            .withInitialBackoff(Duration.ofMillis(10)).withMaxBackoff(Duration.ofMillis(50))
            .withMaxTotalTime(Duration.ofSeconds(10)).withResponseTimeout(Duration.ofSeconds(5));

    private final VirtualClock clock = VirtualClock.startingAt("2026-11-23T00:00:00Z");
    private ArmEmulator emulator;
    private ContainerGroups arm;

    @BeforeEach
    void start() {
        emulator = ArmEmulator.builder().clock(clock).defaultScript(ContainerScript.builder()
                .provisioningDelay(Duration.ofSeconds(30)).runDuration(Duration.ofHours(6))
                .logLines("starting", "step 1", "step 2", "done").build()).start();
        arm = connect(FAST);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private ContainerGroups connect(ArmClientOptions options) {
        return new AzureContainerGroups(ArmConnection.unauthenticated(emulator.subscriptionId(),
                emulator.endpoint()), options);
    }

    @Test
    void jobRunsThroughProvisioningRunningAndSucceededThenIsCleanedUp() {
        assertEquals(DeployOutcome.CREATED, arm.deployOnce(RG, "dep-ok", "job-ok", JobBodies.body("job-ok")));

        assertEquals("Running", arm.getDeployment(RG, "dep-ok").orElseThrow().provisioningState());
        GroupStatus provisioning = arm.getGroup(RG, "job-ok").orElseThrow();
        assertEquals("Creating", provisioning.provisioningState());
        assertEquals("Waiting", provisioning.firstContainer().orElseThrow().state().orElseThrow());
        assertFalse(provisioning.isTerminal());
        assertEquals(Map.of("aci-dispatch-job", "job-ok", "team", "data"), provisioning.tags());

        clock.advance(Duration.ofSeconds(31));
        assertTrue(arm.getDeployment(RG, "dep-ok").orElseThrow().isSucceeded());
        GroupStatus running = arm.getGroup(RG, "job-ok").orElseThrow();
        assertEquals("Succeeded", running.provisioningState());
        assertEquals("Running", running.instanceState().orElseThrow());
        assertTrue(running.firstContainer().orElseThrow().isRunning());
        assertFalse(running.isTerminal());

        clock.advance(Duration.ofHours(6));
        GroupStatus done = arm.getGroup(RG, "job-ok").orElseThrow();
        assertTrue(done.isTerminal());
        assertEquals(0, done.exitCode().orElseThrow());
        assertEquals("Succeeded", done.instanceState().orElseThrow());
        ContainerStatus container = done.firstContainer().orElseThrow();
        assertEquals(clock.instant().minus(Duration.ofHours(6)).minusSeconds(1), container.startTime().orElseThrow());
        assertTrue(container.finishTime().orElseThrow().isAfter(container.startTime().orElseThrow()));
        assertEquals("step 2\ndone\n", arm.logs(RG, "job-ok", JobBodies.containerName("job-ok"), 2));

        // ACI deletes asynchronously (202 "Delete started"); with the emulator's default delete time of zero the
        // group is gone at the next request.
        assertEquals(GroupDeletion.IN_PROGRESS, arm.deleteGroup(RG, "job-ok"));
        assertEquals(GroupDeletion.ALREADY_GONE, arm.deleteGroup(RG, "job-ok"));
        assertTrue(arm.getGroup(RG, "job-ok").isEmpty());
        assertTrue(arm.deleteDeployment(RG, "dep-ok"));
        assertFalse(arm.deleteDeployment(RG, "dep-ok"));
        assertTrue(arm.getDeployment(RG, "dep-ok").isEmpty());
        assertTrue(emulator.groups().isEmpty());
    }

    @Test
    void nonZeroExitMakesTheGroupFailedWithThatExitCode() {
        emulator.script("job-bad", ContainerScript.builder().provisioningDelay(Duration.ZERO)
                .runDuration(Duration.ofMinutes(1)).exitCode(3).logLines("boom").build());
        arm.deployOnce(RG, "dep-bad", "job-bad", JobBodies.body("job-bad"));
        clock.advance(Duration.ofMinutes(2));

        GroupStatus done = arm.getGroup(RG, "job-bad").orElseThrow();
        assertTrue(done.isTerminal());
        assertEquals("Failed", done.instanceState().orElseThrow());
        assertEquals(3, done.exitCode().orElseThrow());
        assertEquals("Error", done.firstContainer().orElseThrow().detailStatus().orElseThrow());
    }

    @Test
    void provisioningFailureFailsTheDeploymentWithTheAciCodeInItsDetails() {
        emulator.script("job-pull", ContainerScript.builder().provisioningDelay(Duration.ofSeconds(10))
                .failProvisioning("InaccessibleImage", "The image 'nope:1' in container group 'job-pull' is not "
                        + "accessible. Please check the image and registry credential.").build());
        arm.deployOnce(RG, "dep-pull", "job-pull", JobBodies.body("job-pull"));
        clock.advance(Duration.ofSeconds(11));

        DeploymentStatus failed = arm.getDeployment(RG, "dep-pull").orElseThrow();
        assertEquals("Failed", failed.provisioningState());
        assertEquals("DeploymentFailed", failed.error().orElseThrow().code());
        DeploymentFailedException exception = assertThrows(DeploymentFailedException.class, failed::throwIfFailed);
        // ARM wraps the provider's failure: ResourceDeploymentFailure ("terminal provisioning state 'Failed'")
        // with ACI's own error inside.
        assertEquals("ResourceDeploymentFailure", exception.details().get(0).code());
        assertEquals("InaccessibleImage", failed.error().orElseThrow().rootCauses().get(0).code());
        assertTrue(exception.getMessage().contains("InaccessibleImage"), exception.getMessage());

        GroupStatus group = arm.getGroup(RG, "job-pull").orElseThrow();
        assertTrue(group.isProvisioningFailed());
        assertFalse(group.isTerminal());
        assertTrue(group.warnings().get(0).message().contains("not accessible"));

        // The group still exists: a redelivery adopts it instead of deploying again.
        assertEquals(DeployOutcome.ADOPTED_GROUP, arm.deployOnce(RG, "dep-pull", "job-pull",
                JobBodies.body("job-pull")));
        // Failed deployment and no group: re-submitting is allowed.
        arm.deleteGroup(RG, "job-pull");
        assertEquals(DeployOutcome.CREATED, arm.deployOnce(RG, "dep-pull", "job-pull", JobBodies.body("job-pull")));
    }

    @Test
    void missingResourcesAreEmptyOrFalseNotErrors() {
        assertTrue(arm.getGroup(RG, "nothing").isEmpty());
        assertTrue(arm.getDeployment(RG, "nothing").isEmpty());
        assertEquals(GroupDeletion.ALREADY_GONE, arm.deleteGroup(RG, "nothing"));
        assertFalse(arm.deleteDeployment(RG, "nothing"));
        ResourceNotFoundException logs = assertThrows(ResourceNotFoundException.class,
                () -> arm.logs(RG, "nothing", "c", 10));
        assertEquals("ResourceNotFound", logs.code());
        assertEquals(404, logs.httpStatus());
        assertTrue(logs.requestId().isPresent());
        assertThrows(ResourceNotFoundException.class, () -> arm.stop(RG, "nothing"));
    }

    @Test
    void groupRemovedBehindOurBackReadsAsGone() {
        arm.deployOnce(RG, "dep-gone", "job-gone", JobBodies.body("job-gone"));
        assertTrue(emulator.removeGroupBehindOurBack(RG, "job-gone"));
        assertTrue(arm.getGroup(RG, "job-gone").isEmpty());
    }

    @Test
    void throttlingAndServerErrorsAreRetried() {
        emulator.injectFault(Route.GROUP_LIST, 1, Fault.throttle(0));
        emulator.injectFault(Route.DEPLOYMENT_GET, 1, Fault.internalServerError());
        emulator.injectFault(Route.DEPLOYMENT_GET, 2, Fault.serviceUnavailable());
        arm.deployOnce(RG, "dep-retry", "job-retry", JobBodies.body("job-retry"));

        assertEquals(1, arm.listGroups(RG, "aci-dispatch-job", null).size());
        assertEquals(1, emulator.requestLog().count(Route.GROUP_LIST, 429));
        assertTrue(arm.getDeployment(RG, "dep-other").isEmpty());
        assertEquals(1, emulator.requestLog().count(Route.DEPLOYMENT_GET, 500));
        assertEquals(1, emulator.requestLog().count(Route.DEPLOYMENT_GET, 503));
    }

    @Test
    void exhaustedRetriesKeepTheServiceCodeStatusAndRequestId() {
        ContainerGroups twoAttempts = connect(FAST.withMaxAttempts(2));
        emulator.injectFault(Route.GROUP_GET, 1, Fault.serviceUnavailable());
        emulator.injectFault(Route.GROUP_GET, 2, Fault.serviceUnavailable());

        TransientArmException e = assertThrows(TransientArmException.class, () -> twoAttempts.getGroup(RG, "g"));
        assertEquals(503, e.httpStatus());
        assertEquals("ServiceUnavailable", e.code());
        assertTrue(e.requestId().isPresent());
        assertEquals(2, emulator.requestLog().count(Route.GROUP_GET));
    }

    @Test
    void connectionResetOnReadIsRecovered() {
        arm.deployOnce(RG, "dep-reset", "job-reset", JobBodies.body("job-reset"));
        emulator.injectFault(Route.GROUP_GET, 1, Fault.connectionReset());

        assertTrue(arm.getGroup(RG, "job-reset").isPresent());
        assertEquals(1, emulator.requestLog().count(Route.GROUP_GET, 0));
    }

    @Test
    void lostPutResponseIsCheckedBeforeResending() {
        emulator.injectFault(Route.DEPLOYMENT_PUT, 1, Fault.connectionResetAfterProcessing());

        DeploymentStatus status = arm.beginDeployment(RG, "dep-lost", JobBodies.body("job-lost"));

        assertEquals("Running", status.provisioningState());
        assertEquals(1, emulator.requestLog().count(Route.DEPLOYMENT_PUT), "the PUT landed and was not re-sent");
        assertEquals(1, emulator.groupsCreated());
    }

    @Test
    void slowPutResponseTimesOutAndStillYieldsOneGroup() {
        ContainerGroups impatient = connect(FAST.withResponseTimeout(Duration.ofMillis(300)));
        emulator.injectFault(Route.DEPLOYMENT_PUT, 1, Fault.slow(Duration.ofMillis(900)));

        DeploymentStatus status = impatient.beginDeployment(RG, "dep-slow", JobBodies.body("job-slow"));

        assertTrue(status.isActive(), status.toString());
        assertEquals(1, emulator.groupsCreated());
    }

    @Test
    void secondPutOnAnActiveDeploymentIsAConflict() {
        arm.beginDeployment(RG, "dep-twice", JobBodies.body("job-twice"));
        ArmConflictException e = assertThrows(ArmConflictException.class,
                () -> arm.beginDeployment(RG, "dep-twice", JobBodies.body("job-twice")));
        assertEquals("DeploymentActive", e.code());
        assertEquals(409, e.httpStatus());
    }

    @Test
    void redeliveredJobIsAdoptedNotDeployedTwice() {
        assertEquals(DeployOutcome.CREATED, arm.deployOnce(RG, "dep-same", "job-same", JobBodies.body("job-same")));
        assertEquals(DeployOutcome.ADOPTED_GROUP, arm.deployOnce(RG, "dep-same", "job-same",
                JobBodies.body("job-same")));
        emulator.removeGroupBehindOurBack(RG, "job-same");
        assertEquals(DeployOutcome.ADOPTED_DEPLOYMENT, arm.deployOnce(RG, "dep-same", "job-same",
                JobBodies.body("job-same")));

        assertEquals(1, emulator.groupsCreated());
        assertEquals(1, emulator.requestLog().count(Route.DEPLOYMENT_PUT));
    }

    @Test
    void tenConcurrentDeploysOfOneJobCreateOneGroup() throws Exception {
        List<DeployOutcome> outcomes = runConcurrently(10, () -> connect(FAST)
                .deployOnce(RG, "dep-race", "job-race", JobBodies.body("job-race")));

        assertEquals(1, emulator.groupsCreated());
        assertEquals(1, outcomes.stream().filter(o -> o == DeployOutcome.CREATED).count());
    }

    @Test
    void tenConcurrentRawPutsAreResolvedByArmItself() throws Exception {
        List<String> results = runConcurrently(10, () -> {
            try {
                return connect(FAST).beginDeployment(RG, "dep-raw", JobBodies.body("job-raw")).provisioningState();
            } catch (ArmConflictException e) {
                return e.code();
            }
        });

        assertEquals(1, results.stream().filter("Accepted"::equals).count(), results.toString());
        assertEquals(9, results.stream().filter("DeploymentActive"::equals).count(), results.toString());
        assertEquals(1, emulator.groupsCreated());
    }

    @Test
    void listFiltersByTagNameAndValue() {
        arm.deployOnce(RG, "dep-a", "job-a", JobBodies.body("job-a"));
        arm.deployOnce(RG, "dep-b", "job-b", JobBodies.body("job-b"));

        assertEquals(2, arm.listGroups(RG, "team", "data").size());
        List<GroupSummary> onlyA = arm.listGroups(RG, "aci-dispatch-job", "job-a");
        assertEquals(List.of("job-a"), onlyA.stream().map(GroupSummary::name).toList());
        assertEquals("Creating", onlyA.get(0).provisioningState());
        assertTrue(arm.listGroups(RG, "absent-tag", null).isEmpty());
        assertTrue(arm.listGroups("other-rg", "team", null).isEmpty());
    }

    @Test
    void stoppedGroupIsTerminalAndKeepsItsLogs() {
        arm.deployOnce(RG, "dep-stop", "job-stop", JobBodies.body("job-stop"));
        clock.advance(Duration.ofHours(3));
        arm.stop(RG, "job-stop");

        GroupStatus stopped = arm.getGroup(RG, "job-stop").orElseThrow();
        assertTrue(stopped.isStopped());
        assertTrue(stopped.isTerminal());
        assertTrue(stopped.exitCode().isEmpty(), "a stopped job has no exit code of its own");
        assertTrue(arm.logs(RG, "job-stop", JobBodies.containerName("job-stop"), 100).startsWith("starting\n"));
    }

    @Test
    void quotaRefusalFailsTheDeploymentAsQuotaExceeded() {
        emulator.close();
        emulator = ArmEmulator.builder().clock(clock).quotas(Quotas.aciDefaults().withMaxGroups(1)).start();
        arm = connect(FAST);
        arm.deployOnce(RG, "dep-q1", "job-q1", JobBodies.body("job-q1"));
        arm.deployOnce(RG, "dep-q2", "job-q2", JobBodies.body("job-q2"));

        DeploymentStatus refused = arm.getDeployment(RG, "dep-q2").orElseThrow();
        QuotaExceededException e = assertInstanceOf(QuotaExceededException.class, refused.failure().orElseThrow());
        assertEquals("ContainerGroupQuotaReached", e.code());
        assertTrue(e.getMessage().contains("quota 'ContainerGroups' exceeded"), e.getMessage());
        assertEquals(1, emulator.quotaViolations().size());
        assertEquals("ContainerGroups", emulator.quotaViolations().get(0).quota());
        assertTrue(arm.getGroup(RG, "job-q2").isEmpty());
    }

    @Test
    void invalidTemplatesAreRejectedSynchronously() {
        String unknownFunction = JobBodies.body("job-t").replace("[resourceGroup().location]", "[nowhere()]");
        InvalidTemplateException e = assertThrows(InvalidTemplateException.class,
                () -> arm.beginDeployment(RG, "dep-t", unknownFunction));
        assertEquals("InvalidTemplate", e.code());
        assertEquals(400, e.httpStatus());

        InvalidTemplateException badName = assertThrows(InvalidTemplateException.class,
                () -> arm.beginDeployment(RG, "dep-t", JobBodies.body("Job_T")));
        assertEquals("InvalidTemplateDeployment", badName.code());
        assertTrue(badName.getMessage().contains("InvalidContainerGroupName"), badName.getMessage());

        IllegalArgumentException notJson = assertThrows(IllegalArgumentException.class,
                () -> arm.beginDeployment(RG, "dep-t", "{not json"));
        assertTrue(notJson.getMessage().contains("deploymentBodyJson"));
        assertEquals(0, emulator.groupsCreated());
    }

    private static <T> List<T> runConcurrently(int threads, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(task));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
