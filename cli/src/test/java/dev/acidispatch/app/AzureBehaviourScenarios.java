package dev.acidispatch.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acidispatch.api.ApiResponse;
import dev.acidispatch.arm.DeploymentStatus;
import dev.acidispatch.config.Settings;
import dev.acidispatch.dispatch.DispatchOutcome;
import dev.acidispatch.emulator.ArmEmulator;
import dev.acidispatch.emulator.Authorization;
import dev.acidispatch.emulator.ContainerScript;
import dev.acidispatch.emulator.Quotas;
import dev.acidispatch.emulator.Route;
import dev.acidispatch.job.JobNames;
import dev.acidispatch.job.JobRecord;
import dev.acidispatch.job.JobStatus;
import dev.acidispatch.json.Json;
import dev.acidispatch.local.host.HostPayloadRules;
import dev.acidispatch.testing.PipelineHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

import static dev.acidispatch.testing.PipelineHarness.RESOURCE_GROUP;
import static dev.acidispatch.testing.PipelineHarness.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What Azure does that the pipeline must survive, through the app's Functions classes against the emulator set up as
 * Azure is for the app (the role of infra/main.json on the jobs resource group, asynchronous deletes, ARM's request
 * buckets): platform restarts, running deployments at a start timeout, missing permissions and references, a missing
 * resource group, pulls that keep failing, ACI's delete limits. {@link AzureBehaviourTest} runs them under each way a
 * host may hand activities their input.
 */
abstract class AzureBehaviourScenarios {
    private static final String SUB = ArmEmulator.DEFAULT_SUBSCRIPTION_ID;
    private static final String OTHER_RG = "network-rg";
    private final HostPayloadRules.ActivityInputDelivery delivery;
    private PipelineHarness h;

    AzureBehaviourScenarios(HostPayloadRules.ActivityInputDelivery delivery) {
        this.delivery = delivery;
    }

    private PipelineHarness harness() {
        return harness(UnaryOperator.identity());
    }

    private PipelineHarness harness(UnaryOperator<ArmEmulator.Builder> emulatorSetup) {
        return harness(Map.of(), emulatorSetup);
    }

    private PipelineHarness harness(Map<String, String> settings, UnaryOperator<ArmEmulator.Builder> emulatorSetup) {
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.put(Settings.Names.ALLOWED_RESOURCE_GROUPS, RESOURCE_GROUP + "," + OTHER_RG);
        h = new PipelineHarness(all, delivery, emulatorSetup);
        return h;
    }

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    private static String messageWith(String jobId, String extraFields) {
        String base = message(jobId, 600, 3600).strip();
        return base.substring(0, base.length() - 1) + ", " + extraFields + "}";
    }

    private void assertCleanedUp(String jobId) {
        assertTrue(h.emulator.groups().isEmpty(), "container groups left: " + h.emulator.groups());
        assertTrue(h.arm.getDeployment(RESOURCE_GROUP, JobNames.deploymentName(jobId))
                .map(DeploymentStatus::isDeleting).orElse(true), "deployment record left for " + jobId);
    }

    @Test
    void aStartTimeoutCancelsTheDeploymentThatStillRunsAndCleansItUp() {
        harness();
        h.script("stuck-pull", ContainerScript.builder().neverStart().build());
        h.stack.dispatch(message("stuck-pull", 120, 3600));
        h.awaitWatcher("stuck-pull");

        JobRecord done = h.record("stuck-pull");
        assertEquals(JobStatus.TIMED_OUT, done.status());
        // ARM refuses to delete a deployment that still runs (409), so cleanup cancels it first.
        assertEquals(1, h.emulator.requestLog().count(Route.DEPLOYMENT_DELETE, 409), "the first delete is refused");
        assertEquals(1, h.emulator.requestLog().count(Route.DEPLOYMENT_CANCEL, 204), "then the deployment is canceled");
        assertFalse(done.reason().contains("left for the sweeper"), done.reason());
        assertCleanedUp("stuck-pull");
    }

    @Test
    void aSubnetTheAppMayNotJoinEndsFailedWithTheMissingActionAndScopeAndNoRedelivery() {
        harness();
        String subnet = "/subscriptions/" + SUB + "/resourceGroups/" + OTHER_RG
                + "/providers/Microsoft.Network/virtualNetworks/vnet/subnets/jobs";
        DispatchOutcome outcome = h.stack.dispatch(messageWith("vnet-1", "\"subnetIds\": [\"" + subnet + "\"]"));
        assertEquals(DispatchOutcome.Kind.DISPATCHED, outcome.kind(), "the dispatcher did not throw: no redelivery");
        h.awaitWatcher("vnet-1");

        JobRecord done = h.record("vnet-1");
        assertEquals(JobStatus.FAILED, done.status());
        assertTrue(done.reason().contains("lacks permission 'Microsoft.Network/virtualNetworks/subnets/join/action' "
                + "on '" + subnet + "'"), done.reason());
        assertTrue(done.reason().contains("LinkedAuthorizationFailed"), done.reason());
        assertEquals(0, h.emulator.groupsCreated(), "no group was created");
        assertCleanedUp("vnet-1");
    }

    @Test
    void aSubnetAndAnIdentityInTheJobsResourceGroupAreCoveredByTheInfraRole() {
        harness();
        String rg = "/subscriptions/" + SUB + "/resourceGroups/" + RESOURCE_GROUP;
        DispatchOutcome outcome = h.stack.dispatch(messageWith("vnet-2", "\"subnetIds\": [\"" + rg
                + "/providers/Microsoft.Network/virtualNetworks/vnet/subnets/jobs\"], \"identities\": [\"" + rg
                + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/job\"]"));
        assertEquals(DispatchOutcome.Kind.DISPATCHED, outcome.kind());
        h.awaitWatcher("vnet-2");
        assertEquals(JobStatus.SUCCEEDED, h.record("vnet-2").status(), h.record("vnet-2").reason());
    }

    @Test
    void aResourceGroupTheRoleDoesNotCoverFailsAtDispatchWithTheMissingActionAndScope() {
        harness();
        DispatchOutcome outcome = h.stack.dispatch(messageWith("other-rg-1", "\"resourceGroup\": \"" + OTHER_RG + "\""));
        assertEquals(DispatchOutcome.Kind.FAILED, outcome.kind(), outcome.detail());
        JobRecord done = h.record("other-rg-1");
        assertEquals(JobStatus.FAILED, done.status());
        assertTrue(done.reason().contains("lacks permission 'Microsoft.ContainerInstance/containerGroups/read' on "
                + "'/subscriptions/" + SUB + "/resourceGroups/" + OTHER_RG + "/providers/"), done.reason());
        assertEquals(0, h.stack.ledger().snapshot().activeJobs(), "its admission lease is given back");

        // The sweeper reports the same, plainly, through the PollWork function.
        String logged = String.join("\n", h.stack.pollWork().loggedLines());
        assertTrue(logged.contains("sweep failures") && logged.contains(OTHER_RG + ": cannot list container groups: "
                + "the app's identity lacks permission 'Microsoft.ContainerInstance/containerGroups/read'"), logged);
    }

    @Test
    void aResourceGroupThatDoesNotExistFailsAtDispatch() {
        // A role on the whole subscription (say Contributor): ARM then says the group does not exist.
        harness(b -> b.authorization(Authorization.unrestricted()));
        DispatchOutcome outcome = h.stack.dispatch(messageWith("no-rg-1", "\"resourceGroup\": \"" + OTHER_RG + "\""));
        assertEquals(DispatchOutcome.Kind.FAILED, outcome.kind(), outcome.detail());
        assertTrue(h.record("no-rg-1").reason().contains("resource group '" + OTHER_RG + "' does not exist "
                + "(ResourceGroupNotFound)"), h.record("no-rg-1").reason());
    }

    @Test
    void aPlatformRestartShowsInStatusWhileTheJobRunsAndInItsResult() {
        harness();
        h.script("maint-1", ContainerScript.builder().provisioningDelay(Duration.ofSeconds(10))
                .runDuration(Duration.ofMinutes(10)).exitCode(0).platformRestartWhileRunning(Duration.ofMinutes(2))
                .build());
        h.stack.dispatch(message("maint-1", 600, 3600));
        h.stack.runner().advanceAndRun(Duration.ofMinutes(5));

        ApiResponse status = h.stack.routes().status("maint-1");
        JsonNode view = Json.read(status.body(), JsonNode.class);
        assertEquals("RUNNING", view.path("status").asText(), status.body());
        assertEquals(1, view.path("restarts").asInt(), status.body());
        assertTrue(view.path("history").toString().contains("platform restarted the container (restart 1; the run "
                + "before ended Terminated with exit code 137 (Killed)"), status.body());

        h.awaitWatcher("maint-1");
        JobRecord done = h.record("maint-1");
        assertEquals(JobStatus.SUCCEEDED, done.status());
        assertEquals(1, done.restarts());
        assertTrue(done.reason().contains("the platform restarted the container 1 time, so it ran 2 times"),
                done.reason());
        JsonNode result = Json.read(h.stack.resultQueue().peek(8).get(0), JsonNode.class);
        assertEquals(1, result.path("restarts").asInt());
    }

    @Test
    void aFailureSeenBeforeThePlatformRestartsItEndsTheJobAndTheCleanupPreventsTheRestart() {
        harness();
        h.script("flip-1", ContainerScript.builder().provisioningDelay(Duration.ofSeconds(10))
                .runDuration(Duration.ofMinutes(1)).exitCode(3)
                .platformRestartAfterExit(Duration.ofMinutes(10), Duration.ofMinutes(1), 0).build());
        h.stack.dispatch(message("flip-1", 600, 3600));
        h.awaitWatcher("flip-1");

        JobRecord done = h.record("flip-1");
        assertEquals(JobStatus.FAILED, done.status());
        assertEquals(3, done.exitCode());
        assertEquals(0, done.restarts());
        assertCleanedUp("flip-1");
        h.stack.runner().advanceAndRun(Duration.ofMinutes(15));
        assertTrue(h.emulator.groups().isEmpty(), "the group is gone, so ACI cannot start it again");
    }

    @Test
    void aPullThatKeepsFailingTimesOutWithThePullErrorAndItsCountInTheReason() {
        harness();
        h.script("nopull-1", ContainerScript.builder()
                .pullKeepsFailing("manifest for busybox:1.36 not found", Duration.ofSeconds(20)).build());
        h.stack.dispatch(message("nopull-1", 300, 3600));
        h.awaitWatcher("nopull-1");

        JobRecord done = h.record("nopull-1");
        assertEquals(JobStatus.TIMED_OUT, done.status());
        assertTrue(done.reason().startsWith("start timeout: container did not start within 300 s: Failed (x"),
                done.reason());
        assertTrue(done.reason().contains("Failed to pull image \"busybox:1.36\": manifest for busybox:1.36 not "
                + "found"), done.reason());
        assertCleanedUp("nopull-1");
    }

    @Test
    void anImageAciRefusesAtCreateFailsTheJobWithInaccessibleImage() {
        harness();
        h.script("hidden-1", ContainerScript.builder().refuseCreate("InaccessibleImage", "The image 'busybox:1.36' "
                + "in container group 'acid-hidden-1' is not accessible. Please check the image and registry "
                + "credential.").build());
        assertEquals(DispatchOutcome.Kind.DISPATCHED, h.stack.dispatch(message("hidden-1")).kind());
        h.awaitWatcher("hidden-1");
        JobRecord done = h.record("hidden-1");
        assertEquals(JobStatus.FAILED, done.status());
        assertTrue(done.reason().contains("InaccessibleImage"), done.reason());
        assertCleanedUp("hidden-1");
    }

    @Test
    void anIdentityThatDoesNotExistFailsTheJobNamingIt() {
        String rg = "/subscriptions/" + SUB + "/resourceGroups/" + RESOURCE_GROUP;
        harness(b -> b.existingResources(rg + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/other"));
        h.stack.dispatch(messageWith("no-id-1", "\"identities\": [\"" + rg
                + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/deleted\"]"));
        h.awaitWatcher("no-id-1");
        JobRecord done = h.record("no-id-1");
        assertEquals(JobStatus.FAILED, done.status());
        assertTrue(done.reason().contains("ResourceNotFound: The Resource "
                + "'Microsoft.ManagedIdentity/userAssignedIdentities/deleted' under resource group '"
                + RESOURCE_GROUP + "' was not found"), done.reason());
    }

    @Test
    void anEarlierAttemptStillBeingDeletedDefersTheJobUntilItIsGone() {
        harness(b -> b.deploymentDeleteDuration(Duration.ofMinutes(2)));
        String deployment = JobNames.deploymentName("again-1");
        h.arm.beginDeployment(RESOURCE_GROUP, deployment, """
                {"properties": {"mode": "Incremental", "template": {
                  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
                  "contentVersion": "1.0.0.0", "resources": []}}}
                """);
        h.arm.deleteDeployment(RESOURCE_GROUP, deployment);

        DispatchOutcome first = h.stack.dispatch(message("again-1"));
        assertEquals(DispatchOutcome.Kind.DEFERRED, first.kind(), first.detail());
        assertTrue(h.record("again-1").reason().contains("an earlier attempt is still being deleted "
                + "(DeploymentBeingDeleted)"), h.record("again-1").reason());

        h.stack.runner().advanceAndRun(Duration.ofMinutes(3));
        h.stack.pollWork();
        assertEquals(DispatchOutcome.Kind.DISPATCHED, h.stack.dispatch(h.stack.jobQueue()
                .receive(1, Duration.ofMinutes(1)).get(0).text()).kind());
        h.awaitWatcher("again-1");
        assertEquals(JobStatus.SUCCEEDED, h.record("again-1").status());
    }

    @Test
    void deletesAciThrottlesAreWaitedOutBeforeTheLeaseIsGivenBackAndNothingLeaks() {
        harness(b -> b.quotas(Quotas.aciDefaults().withDeletesPerWindow(1, Duration.ofMinutes(5))));
        for (String id : new String[]{"del-1", "del-2"}) {
            h.script(id, ContainerScript.builder().provisioningDelay(Duration.ofSeconds(5))
                    .runDuration(Duration.ofMinutes(1)).build());
            h.stack.dispatch(message(id));
        }
        h.awaitWatcher("del-1");
        h.awaitWatcher("del-2");

        assertEquals(JobStatus.SUCCEEDED, h.record("del-1").status());
        assertEquals(JobStatus.SUCCEEDED, h.record("del-2").status());
        assertTrue(h.emulator.requestLog().count(Route.GROUP_DELETE, 429) >= 1, "one delete had to wait");
        assertFalse(h.record("del-2").reason().contains("sweeper"), h.record("del-2").reason());
        assertFalse(h.record("del-1").reason().contains("sweeper"), h.record("del-1").reason());
        assertTrue(h.emulator.groups().isEmpty(), "no group leaked: " + h.emulator.groups());
        assertEquals(0, h.stack.ledger().snapshot().activeJobs());
    }

    @Test
    void theDeleteBudgetKeepsDeletesWithinAciLimitsWithoutA429() {
        harness(Map.of(Settings.Names.DELETES_PER_5_MIN, "1"), UnaryOperator.identity());
        for (String id : new String[]{"budget-1", "budget-2"}) {
            h.script(id, ContainerScript.builder().provisioningDelay(Duration.ofSeconds(5))
                    .runDuration(Duration.ofMinutes(1)).build());
            h.stack.dispatch(message(id));
        }
        h.awaitWatcher("budget-1");
        h.awaitWatcher("budget-2");

        assertEquals(JobStatus.SUCCEEDED, h.record("budget-1").status());
        assertEquals(JobStatus.SUCCEEDED, h.record("budget-2").status());
        assertEquals(0, h.emulator.requestLog().count(Route.GROUP_DELETE, 429), "ACI never had to refuse a delete");
        java.util.List<java.time.Instant> deletes = h.emulator.requestLog().of(Route.GROUP_DELETE).stream()
                .filter(r -> r.status() == 202).map(dev.acidispatch.emulator.RecordedRequest::at).sorted().toList();
        assertEquals(2, deletes.size());
        assertTrue(java.time.Duration.between(deletes.get(0), deletes.get(1)).compareTo(Duration.ofMinutes(5)) >= 0,
                "the second delete waited for the 5-minute budget: " + deletes);
        assertTrue(h.emulator.groups().isEmpty());
        assertEquals(0, h.stack.ledger().snapshot().activeJobs(), "both leases given back after the deletes");
    }
}
