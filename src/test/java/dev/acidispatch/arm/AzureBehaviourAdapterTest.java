package dev.acidispatch.arm;

import dev.acidispatch.emulator.ArmEmulator;
import dev.acidispatch.emulator.Authorization;
import dev.acidispatch.emulator.ContainerScript;
import dev.acidispatch.emulator.Quotas;
import dev.acidispatch.emulator.RoleAssignment;
import dev.acidispatch.emulator.RoleDefinition;
import dev.acidispatch.emulator.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The adapter (real SDK over HTTP) against what the emulator models after Azure: asynchronous deletes, running
 * deployments that must be canceled first, authorization failures, missing resource groups, platform restarts,
 * throttled deletes and paged lists. Each answer must reach callers as the typed outcome they act on.
 */
class AzureBehaviourAdapterTest {
    private static final String RG = "jobs-rg";
    private static final ArmClientOptions FAST = ArmClientOptions.defaults()
            .withInitialBackoff(Duration.ofMillis(10)).withMaxBackoff(Duration.ofMillis(50))
            .withMaxTotalTime(Duration.ofSeconds(5)).withResponseTimeout(Duration.ofSeconds(5));

    private final VirtualClock clock = VirtualClock.startingAt("2026-11-23T00:00:00Z");
    private ArmEmulator emulator;
    private ContainerGroups arm;

    private void start(UnaryOperator<ArmEmulator.Builder> config) {
        emulator = config.apply(ArmEmulator.builder().clock(clock).defaultScript(ContainerScript.builder()
                .provisioningDelay(Duration.ofSeconds(30)).runDuration(Duration.ofMinutes(10)).build())).start();
        arm = new AzureContainerGroups(ArmConnection.unauthenticated(emulator.subscriptionId(), emulator.endpoint()),
                FAST);
    }

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void aRunningDeploymentIsCanceledBeforeItsRecordIsDeleted() {
        start(b -> b.script("stuck", ContainerScript.builder().neverStart().build()));
        arm.deployOnce(RG, "dep-stuck", "stuck", JobBodies.body("stuck"));
        clock.advance(Duration.ofMinutes(5));

        assertThrows(ArmConflictException.class, () -> arm.deleteDeployment(RG, "dep-stuck"),
                "ARM refuses to delete a deployment that still runs");
        assertTrue(new ResourceCleanup(arm).deleteDeployment(RG, "dep-stuck"));
        assertTrue(arm.getDeployment(RG, "dep-stuck").isEmpty());
        assertFalse(arm.cancelDeployment(RG, "dep-stuck"), "nothing left to cancel");
    }

    @Test
    void aGroupDeleteIsFollowedUntilTheGroupIsGone() {
        start(b -> b.groupDeleteDuration(Duration.ofSeconds(40)));
        arm.deployOnce(RG, "dep-a", "job-a", JobBodies.body("job-a"));
        ResourceCleanup cleanup = new ResourceCleanup(arm);

        assertEquals(GroupDeletion.IN_PROGRESS, cleanup.deleteGroup(RG, "job-a"));
        assertTrue(arm.getGroup(RG, "job-a").orElseThrow().isDeleting());
        assertEquals(GroupDeletion.IN_PROGRESS, cleanup.finishGroupDeletion(RG, "job-a"));
        clock.advance(Duration.ofSeconds(40));
        assertEquals(GroupDeletion.ALREADY_GONE, cleanup.finishGroupDeletion(RG, "job-a"));
        assertEquals(1, emulator.requestLog().count(dev.acidispatch.emulator.Route.GROUP_DELETE),
                "following a delete does not send it again");
    }

    @Test
    void aDeploymentBeingDeletedIsNotDeployedOverNorAdopted() {
        start(b -> b.deploymentDeleteDuration(Duration.ofSeconds(30)).groupDeleteDuration(Duration.ofSeconds(30)));
        arm.deployOnce(RG, "dep-b", "job-b", JobBodies.body("job-b"));
        clock.advance(Duration.ofMinutes(1));
        arm.deleteGroup(RG, "job-b");
        ResourceBeingDeletedException group = assertThrows(ResourceBeingDeletedException.class,
                () -> arm.deployOnce(RG, "dep-b", "job-b", JobBodies.body("job-b")));
        assertEquals("ContainerGroupBeingDeleted", group.code());

        clock.advance(Duration.ofSeconds(30));
        arm.deleteDeployment(RG, "dep-b");
        ResourceBeingDeletedException deployment = assertThrows(ResourceBeingDeletedException.class,
                () -> arm.deployOnce(RG, "dep-b", "job-b", JobBodies.body("job-b")));
        assertEquals("DeploymentBeingDeleted", deployment.code());
        ResourceBeingDeletedException put = assertThrows(ResourceBeingDeletedException.class,
                () -> arm.beginDeployment(RG, "dep-b", JobBodies.body("job-b")), "ARM's own 409 maps the same way");
        assertEquals("DeploymentBeingDeleted", put.code());

        clock.advance(Duration.ofSeconds(30));
        assertEquals(DeployOutcome.CREATED, arm.deployOnce(RG, "dep-b", "job-b", JobBodies.body("job-b")));
    }

    @Test
    void aMissingPermissionIsAnAuthorizationFailureNamingActionAndScope() {
        RoleDefinition readOnly = new RoleDefinition("reader", List.of("Microsoft.ContainerInstance/containerGroups/read",
                "Microsoft.Resources/deployments/read"), List.of());
        start(b -> b.authorization(Authorization.of("app-id", List.of(new RoleAssignment(readOnly,
                "/subscriptions/" + ArmEmulator.DEFAULT_SUBSCRIPTION_ID + "/resourceGroups/" + RG)))));

        AuthorizationFailedException denied = assertThrows(AuthorizationFailedException.class,
                () -> arm.beginDeployment(RG, "dep-c", JobBodies.body("job-c")));
        assertEquals("Microsoft.Resources/deployments/write", denied.denial().action());
        assertTrue(denied.denial().scope().endsWith("/resourceGroups/" + RG
                + "/providers/Microsoft.Resources/deployments/dep-c"), denied.denial().scope());
        assertEquals(1, emulator.requestLog().count(dev.acidispatch.emulator.Route.DEPLOYMENT_PUT),
                "a 403 is not retried");
        assertThrows(AuthorizationFailedException.class, () -> arm.getGroup("other-rg", "x"),
                "the role is assigned on the jobs resource group only");
    }

    @Test
    void aMissingResourceGroupIsNotAMissingGroup() {
        start(b -> b.resourceGroups(RG));
        assertThrows(ResourceGroupNotFoundException.class, () -> arm.getGroup("gone-rg", "x"));
        assertThrows(ResourceGroupNotFoundException.class, () -> arm.deleteGroup("gone-rg", "x"));
        assertTrue(arm.getGroup(RG, "x").isEmpty(), "a missing group in an existing resource group is just absent");
    }

    @Test
    void aPlatformRestartShowsAsRestartCountAndPreviousState() {
        start(b -> b.script("flaky", ContainerScript.builder().provisioningDelay(Duration.ZERO)
                .runDuration(Duration.ofMinutes(1)).exitCode(2)
                .platformRestartAfterExit(Duration.ofSeconds(10), Duration.ofMinutes(5), 0).build()));
        arm.deployOnce(RG, "dep-flaky", "flaky", JobBodies.body("flaky"));
        clock.advance(Duration.ofSeconds(90));

        ContainerStatus container = arm.getGroup(RG, "flaky").orElseThrow().firstContainer().orElseThrow();
        assertTrue(container.isRunning());
        assertEquals(1, container.restartCount());
        PreviousState previous = container.previousState().orElseThrow();
        assertEquals(2, previous.exitCode().orElseThrow());
        assertEquals("Terminated with exit code 2 (Error) at 2026-11-23T00:01:00Z", previous.describe());
    }

    @Test
    void aThrottledDeleteCarriesAciRetryAfter() {
        start(b -> b.quotas(Quotas.aciDefaults().withDeletesPerWindow(1, Duration.ofMinutes(5))));
        arm.deployOnce(RG, "dep-d1", "job-d1", JobBodies.body("job-d1"));
        arm.deployOnce(RG, "dep-d2", "job-d2", JobBodies.body("job-d2"));
        arm.deleteGroup(RG, "job-d1");
        ThrottledException throttled = assertThrows(ThrottledException.class, () -> arm.deleteGroup(RG, "job-d2"));
        assertEquals("ResourceRequestsThrottled", throttled.code());
        assertEquals(Duration.ofMinutes(5), throttled.retryAfter());
    }

    @Test
    void listsFollowNextLinkAcrossPages() {
        start(b -> b.listPageSize(2));
        for (int i = 0; i < 5; i++) {
            arm.deployOnce(RG, "dep-p" + i, "job-p" + i, JobBodies.body("job-p" + i));
        }
        assertEquals(5, arm.listGroups(RG, "aci-dispatch-job", null).size());
    }
}
