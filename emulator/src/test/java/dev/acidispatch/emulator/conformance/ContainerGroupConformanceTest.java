package dev.acidispatch.emulator.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acidispatch.emulator.ContainerScript;
import dev.acidispatch.emulator.Quotas;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static dev.acidispatch.emulator.conformance.Arm.ACI_API;
import static dev.acidispatch.emulator.conformance.Arm.JSON;
import static dev.acidispatch.emulator.conformance.Arm.event;
import static dev.acidispatch.emulator.conformance.Arm.group;
import static dev.acidispatch.emulator.conformance.Arm.groupResource;
import static dev.acidispatch.emulator.conformance.Arm.instanceView;
import static dev.acidispatch.emulator.conformance.Arm.rg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Container groups: their lifecycle as the instance view shows it, and the group operations. */
class ContainerGroupConformanceTest {
    private Arm arm;

    @AfterEach
    void close() {
        if (arm != null) {
            arm.close();
        }
    }

    private Arm.Answer groupAfter(Duration time, String name) {
        arm.advance(time);
        return arm.getGroup("rg", name);
    }

    @Test
    @Source({"container-instances-restart-policy, Restart behavior with nonzero exit codes: with Never, \"If the "
            + "container exits with a nonzero exit code, the platform might restart the container\"",
            "containerInstance.json 2023-05-01: instanceView.restartCount, previousState (ContainerState)",
            "container-state: group state Failed \"Only applicable with a Never restart policy\""})
    void aFailedContainerThatThePlatformRestartsFlipsFromFailedToRunning() {
        arm = Arm.start(b -> b.script("flaky", ContainerScript.builder().provisioningDelay(Duration.ofSeconds(10))
                .runDuration(Duration.ofMinutes(1)).exitCode(1)
                .platformRestartAfterExit(Duration.ofSeconds(30), Duration.ofMinutes(2), 0).build()));
        arm.deploy("rg", "dep-flaky", groupResource("flaky"));

        Arm.Answer failed = groupAfter(Duration.ofSeconds(75), "flaky");
        assertEquals("Failed", failed.body().path("properties").path("instanceView").path("state").asText());
        assertEquals(1, instanceView(failed).path("currentState").path("exitCode").asInt());
        assertEquals(0, instanceView(failed).path("restartCount").asInt());

        Arm.Answer running = groupAfter(Duration.ofSeconds(30), "flaky");
        assertEquals("Running", running.body().path("properties").path("instanceView").path("state").asText());
        assertEquals(1, instanceView(running).path("restartCount").asInt());
        JsonNode previous = instanceView(running).path("previousState");
        assertEquals("Terminated", previous.path("state").asText());
        assertEquals(1, previous.path("exitCode").asInt());
        assertEquals(2, event(running, "Started").path("count").asInt(), "the Started event counts both starts");

        Arm.Answer succeeded = groupAfter(Duration.ofMinutes(2), "flaky");
        assertEquals("Succeeded", succeeded.body().path("properties").path("instanceView").path("state").asText());
        assertEquals(0, instanceView(succeeded).path("currentState").path("exitCode").asInt());
    }

    @Test
    @Source({"container-instances-troubleshooting, Container had an isolated restart without explicit user input: "
            + "\"restarts initiated by the ACI infrastructure due to maintenance events\"; restartCount in the API"})
    void aMaintenanceRestartKillsTheRunAndStartsItAgain() {
        arm = Arm.start(b -> b.script("maint", ContainerScript.builder().provisioningDelay(Duration.ZERO)
                .runDuration(Duration.ofMinutes(10)).platformRestartWhileRunning(Duration.ofMinutes(4)).build()));
        arm.deploy("rg", "dep-maint", groupResource("maint"));

        Arm.Answer restarted = groupAfter(Duration.ofMinutes(5), "maint");
        assertEquals("Running", instanceView(restarted).path("currentState").path("state").asText());
        assertEquals(1, instanceView(restarted).path("restartCount").asInt());
        assertEquals("Killed", instanceView(restarted).path("previousState").path("detailStatus").asText());
        assertEquals("2026-11-23T00:04:00Z", instanceView(restarted).path("currentState").path("startTime")
                .asText(), "the new run started when the old one was killed");
        assertEquals("Succeeded", groupAfter(Duration.ofMinutes(10), "maint").body().path("properties")
                .path("instanceView").path("state").asText());
    }

    @Test
    @Source({"container-instances-troubleshooting, Unable to pull image: ACI \"retries for time\"; events Pulling, "
            + "Failed (\"Failed to pull image ...\") and BackOff (\"Back-off pulling image ...\") with counts",
            "container-state: provisioning Failed on \"timeout after 30 minutes\"; \"A failed state does not mean that "
            + "the resource is removed\""})
    void aPullThatKeepsFailingIsRetriedWithCountsAndFailsAfterThirtyMinutes() {
        arm = Arm.start(b -> b.script("nopull", ContainerScript.builder()
                .pullKeepsFailing("manifest unknown", Duration.ofSeconds(20)).build()));
        Arm.Answer put = arm.deploy("rg", "dep-nopull", groupResource("nopull"));
        assertEquals(201, put.status());

        Arm.Answer pulling = groupAfter(Duration.ofSeconds(50), "nopull");
        assertEquals("Creating", pulling.body().path("properties").path("provisioningState").asText());
        assertEquals("Waiting", instanceView(pulling).path("currentState").path("state").asText());
        assertEquals(3, event(pulling, "Failed").path("count").asInt(), "attempts at 0 s, 20 s and 40 s");
        assertEquals(3, event(pulling, "BackOff").path("count").asInt());
        assertTrue(event(pulling, "Failed").path("message").asText()
                .startsWith("Failed to pull image \"busybox:1.36\": manifest unknown"));
        assertEquals("Running", arm.getDeployment("rg", "dep-nopull").body().path("properties")
                .path("provisioningState").asText());

        Arm.Answer timedOut = groupAfter(Duration.ofMinutes(30), "nopull");
        assertEquals("Failed", timedOut.body().path("properties").path("provisioningState").asText());
        assertEquals("Failed", arm.getDeployment("rg", "dep-nopull").body().path("properties")
                .path("provisioningState").asText());
    }

    @Test
    @Source({"containerInstance.json 2023-05-01: ContainerGroups_Delete is x-ms-long-running-operation with 202 "
            + "\"Delete started\"; ARM async operations: Azure-AsyncOperation reports InProgress, then Succeeded"})
    void aGroupDeleteIsAsynchronous() {
        arm = Arm.start(b -> b.groupDeleteDuration(Duration.ofSeconds(40)));
        arm.deploy("rg", "dep-del", groupResource("del"));
        arm.advance(Duration.ofSeconds(30));

        Arm.Answer delete = arm.send("DELETE", group("rg", "del") + ACI_API, null);
        assertEquals(202, delete.status());
        String operation = delete.header("Azure-AsyncOperation").orElseThrow();
        assertEquals("InProgress", arm.get(operation).body().path("status").asText());
        assertEquals("Deleting", arm.getGroup("rg", "del").body().path("properties").path("provisioningState")
                .asText());
        assertEquals(202, arm.send("DELETE", group("rg", "del") + ACI_API, null).status(), "still deleting");

        arm.advance(Duration.ofSeconds(40));
        assertEquals("Succeeded", arm.get(operation).body().path("status").asText());
        assertEquals(404, arm.getGroup("rg", "del").status());
        assertEquals(204, arm.send("DELETE", group("rg", "del") + ACI_API, null).status());
    }

    @Test
    @Source({"Resource availability & quota limits for ACI: \"Container group deletes per 5 minutes: 100\", "
            + "\"per hour: 300\" (per region)",
            "Azure/azqr README: a provider's throttle is 429 ResourceRequestsThrottled \"Number of requests for "
            + "action '...' exceeded the limit of '50' for time interval '00:05:00'. Please try again after ...\""})
    void deletesOverTheRegionalRateGet429WithRetryAfter() {
        arm = Arm.start(b -> b.quotas(Quotas.aciDefaults().withDeletesPerWindow(2, Duration.ofMinutes(5)))
                .defaultScript(ContainerScript.builder().provisioningDelay(Duration.ZERO).build()));
        for (String name : new String[]{"a", "b", "c"}) {
            arm.deploy("rg", "dep-" + name, groupResource(name));
        }
        assertEquals(202, arm.send("DELETE", group("rg", "a") + ACI_API, null).status());
        assertEquals(202, arm.send("DELETE", group("rg", "b") + ACI_API, null).status());
        Arm.Answer refused = arm.send("DELETE", group("rg", "c") + ACI_API, null);
        assertEquals(429, refused.status());
        assertEquals("ResourceRequestsThrottled", refused.errorCode());
        assertEquals("300", refused.header("Retry-After").orElseThrow());
        assertEquals(200, arm.getGroup("rg", "c").status(), "the refused delete did nothing");
        arm.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertEquals(202, arm.send("DELETE", group("rg", "c") + ACI_API, null).status());
    }

    @Test
    @Source({"container-state: Stopped is \"The container group is stopped\"; Succeeded and Failed are final for "
            + "Never: a stop on a group that has finished leaves its state (issue #19, item 7)"})
    void stopOnAFinishedGroupHasNoEffect() {
        arm = Arm.start(b -> b.defaultScript(ContainerScript.builder().provisioningDelay(Duration.ZERO)
                .runDuration(Duration.ofMinutes(1)).exitCode(0).build()));
        arm.deploy("rg", "dep-done", groupResource("done"));
        arm.advance(Duration.ofMinutes(2));
        assertEquals(204, arm.send("POST", group("rg", "done") + "/stop" + ACI_API, null).status());
        assertEquals("Succeeded", arm.getGroup("rg", "done").body().path("properties").path("instanceView")
                .path("state").asText());

        arm.deploy("rg", "dep-run", groupResource("run"));
        arm.advance(Duration.ofSeconds(30));
        arm.send("POST", group("rg", "run") + "/stop" + ACI_API, null);
        Arm.Answer stoppedWhileRunning = arm.getGroup("rg", "run");
        assertEquals("Stopped", stoppedWhileRunning.body().path("properties").path("instanceView").path("state")
                .asText(), "a running group does stop");
    }

    @Test
    @Source({"gbowerman/azurerm container test: a logs call before the container runs gets ContainerLogNotAvailable",
            "containerInstance.json 2023-05-01: Containers_ListLogs returns Logs {content}"})
    void logsOfAContainerThatHasNotStartedAreNotAvailable() {
        arm = Arm.start(b -> b.defaultScript(ContainerScript.builder().provisioningDelay(Duration.ofMinutes(2))
                .runDuration(Duration.ofMinutes(1)).logLines("one", "two").build()));
        arm.deploy("rg", "dep-l", groupResource("l"));
        Arm.Answer early = arm.get(group("rg", "l") + "/containers/main/logs" + ACI_API);
        assertEquals(404, early.status());
        assertEquals("ContainerLogNotAvailable", early.errorCode());
        arm.advance(Duration.ofMinutes(4));
        assertEquals("one\ntwo\n", arm.get(group("rg", "l") + "/containers/main/logs" + ACI_API).body()
                .path("content").asText());
    }

    @Test
    @Source({"containerInstance.json 2023-05-01: ContainerGroups_ListByResourceGroup is x-ms-pageable with "
            + "nextLinkName nextLink"})
    void listsComeInPagesLinkedByNextLink() {
        arm = Arm.start(b -> b.listPageSize(2));
        for (int i = 0; i < 5; i++) {
            arm.deploy("rg", "dep-" + i, groupResource("g" + i));
        }
        Set<String> names = new HashSet<>();
        String next = rg("rg") + "/providers/Microsoft.ContainerInstance/containerGroups" + ACI_API;
        int pages = 0;
        while (next != null) {
            JsonNode page = arm.get(next).body();
            page.path("value").forEach(g -> names.add(g.path("name").asText()));
            next = page.hasNonNull("nextLink") ? page.get("nextLink").asText() : null;
            pages++;
        }
        assertEquals(3, pages);
        assertEquals(Set.of("g0", "g1", "g2", "g3", "g4"), names);
    }

    @Test
    @Source({"containerInstance.json 2023-05-01: ContainerGroupIdentity with userAssignedIdentities {principalId, "
            + "clientId} (read-only) is part of the ContainerGroup resource GET returns"})
    void theGroupsIdentityIsReturned() {
        arm = Arm.start();
        String id = "/subscriptions/" + Arm.SUB + "/resourceGroups/rg/providers/Microsoft.ManagedIdentity/"
                + "userAssignedIdentities/job";
        ObjectNode resource = groupResource("with-id");
        ObjectNode identity = resource.putObject("identity");
        identity.put("type", "UserAssigned");
        identity.putObject("userAssignedIdentities").putObject(id);
        arm.deploy("rg", "dep-id", resource);
        JsonNode returned = arm.getGroup("rg", "with-id").body().path("identity");
        assertEquals("UserAssigned", returned.path("type").asText());
        assertFalse(returned.path("userAssignedIdentities").path(id).path("principalId").asText().isBlank());
        assertFalse(returned.path("userAssignedIdentities").path(id).path("clientId").asText().isBlank());
    }

    @Test
    @Source({"Resource availability & quota limits for ACI: quotas are \"per region per subscription\"",
            "MicrosoftDocs/azure-docs#51738: ContainerGroupQuotaReached \"... exceeded in region 'westeurope'...\"",
            "src/test/resources/arm-specs/authored-DeploymentGet_Failed_Quota.json: ARM nests the provider's error "
                    + "as JSON text in a Conflict detail"})
    void quotasAreRegionalAndTheirErrorIsNestedAsArmNestsIt() throws IOException {
        arm = Arm.start(b -> b.quotas(Quotas.aciDefaults().withMaxGroups(1)));
        arm.deploy("rg", "dep-a", groupResource("a"));
        ObjectNode elsewhere = groupResource("b");
        elsewhere.put("location", "northeurope");
        arm.deploy("rg", "dep-b", elsewhere);
        assertEquals(2, arm.emulator.groups().size(), "northeurope has its own quota");

        arm.deploy("rg", "dep-c", groupResource("c"));
        JsonNode error = arm.getDeployment("rg", "dep-c").body().path("properties").path("error");
        JsonNode fixture = JSON.readTree(Files.readString(Path.of(
                "src/test/resources/arm-specs/authored-DeploymentGet_Failed_Quota.json"))).path("properties")
                .path("error");
        assertEquals(fixture.path("code").asText(), error.path("code").asText());
        JsonNode detail = error.path("details").get(0);
        assertEquals(fixture.path("details").get(0).path("code").asText(), detail.path("code").asText());
        JsonNode nested = JSON.readTree(detail.path("message").asText());
        JsonNode fixtureNested = JSON.readTree(fixture.path("details").get(0).path("message").asText());
        assertEquals(fixtureNested.path("status").asText(), nested.path("status").asText());
        assertEquals(fixtureNested.path("error").path("code").asText(), nested.path("error").path("code").asText());
        JsonNode quota = nested.path("error").path("details").get(0);
        assertEquals("ContainerGroupQuotaReached", quota.path("code").asText());
        assertTrue(quota.path("message").asText().contains("'ContainerGroups' exceeded in region 'westeurope'"),
                quota.toString());
    }
}
