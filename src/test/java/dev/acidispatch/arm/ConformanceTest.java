package dev.acidispatch.arm;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.resourcemanager.containerinstance.fluent.models.ContainerGroupInner;
import com.azure.resourcemanager.containerinstance.fluent.models.LogsInner;
import com.azure.resourcemanager.resources.fluent.models.DeploymentExtendedInner;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real example payloads from Azure/azure-rest-api-specs, parsed by the SDK's models and mapped to our records. */
class ConformanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String responseBody(String fixture, String status) throws IOException {
        JsonNode root = JSON.readTree(JobBodies.fixture(fixture));
        JsonNode body = root.has("responses") ? root.path("responses").path(status).path("body") : root;
        return JSON.writeValueAsString(body);
    }

    private static ContainerGroupInner group(String json) throws IOException {
        try (JsonReader reader = JsonProviders.createReader(json)) {
            return ContainerGroupInner.fromJson(reader);
        }
    }

    @Test
    void provisioningFailedGroupKeepsItsEventsAndIsNotTerminal() throws IOException {
        GroupStatus status = AciMapping.toGroupStatus(group(responseBody(
                "ContainerGroups_Get_Container_Groups_Get_Failed.json", "200")));

        assertEquals("demo1", status.name());
        assertTrue(status.isProvisioningFailed());
        assertEquals("Pending", status.instanceState().orElseThrow());
        assertFalse(status.isTerminal());
        ContainerStatus container = status.firstContainer().orElseThrow();
        assertEquals("Waiting", container.state().orElseThrow());
        assertTrue(container.detailStatus().isEmpty(), "an empty detailStatus is absent");
        assertEquals(Instant.parse("2017-08-08T00:09:10Z"), container.startTime().orElseThrow());
        List<String> events = status.events().stream().map(GroupEvent::name).toList();
        assertEquals(List.of("FailedMount", "Pulling", "Pulled"), events);
        assertEquals("Output: mount error(2): Permission denied", status.events().get(0).message());
    }

    @Test
    void initContainersRestartCountsAndThePreviousExitCodeAreMapped() throws IOException {
        GroupStatus status = AciMapping.toGroupStatus(group(JobBodies.fixture(
                "authored-ContainerGroupGet_InitContainers_Restarts.json")));

        assertEquals(List.of("setup"), status.initContainers().stream().map(ContainerStatus::name).toList());
        ContainerStatus setup = status.initContainers().get(0);
        assertTrue(setup.isTerminated());
        assertEquals(0, setup.exitCode().orElseThrow());
        ContainerStatus job = status.firstContainer().orElseThrow();
        assertEquals("job", job.name());
        assertTrue(job.isRunning());
        assertEquals(2, job.restartCount());
        assertEquals(3, job.previousExitCode().orElseThrow());
        assertEquals("shipper", status.container("shipper").orElseThrow().name());
        assertFalse(status.isTerminal());
    }

    @Test
    void groupWithoutInstanceViewMapsToUnknownState() throws IOException {
        GroupStatus status = AciMapping.toGroupStatus(group(responseBody(
                "ContainerGroups_Get_Container_Groups_Get_Succeeded.json", "200")));

        assertEquals("Succeeded", status.provisioningState());
        assertTrue(status.instanceState().isEmpty());
        assertTrue(status.firstContainer().orElseThrow().state().isEmpty());
        assertFalse(status.isTerminal());
        assertTrue(status.exitCode().isEmpty());
    }

    @Test
    void listedRunningGroupMapsToSummaryAndRunningContainer() throws IOException {
        JsonNode value = JSON.readTree(JobBodies.fixture("ContainerGroups_List.json"))
                .path("responses").path("200").path("body").path("value").get(0);
        ContainerGroupInner inner = group(JSON.writeValueAsString(value));

        assertEquals(new GroupSummary("demo1", java.util.Map.of(), "Succeeded"), AciMapping.toSummary(inner));
        assertTrue(AciMapping.toGroupStatus(inner).firstContainer().orElseThrow().isRunning());
    }

    @Test
    void terminatedContainerGivesExitCodeAndTerminalFailedGroup() throws IOException {
        GroupStatus status = AciMapping.toGroupStatus(group(JobBodies.fixture(
                "authored-ContainerGroupGet_Terminated.json")));

        assertTrue(status.isTerminal());
        assertEquals(2, status.exitCode().orElseThrow());
        assertEquals("Failed", status.instanceState().orElseThrow());
        ContainerStatus container = status.firstContainer().orElseThrow();
        assertEquals(Instant.parse("2026-11-23T06:00:30Z"), container.finishTime().orElseThrow());
        assertEquals("Error", container.detailStatus().orElseThrow());
        assertEquals("job-done", status.tags().get("aci-dispatch-job"));
    }

    @Test
    void logsExampleParses() throws IOException {
        try (JsonReader reader = JsonProviders.createReader(responseBody("Containers_ListLogs.json", "200"))) {
            assertEquals("log content", LogsInner.fromJson(reader).content());
        }
    }

    @Test
    void deploymentAcceptedAndSucceededExamplesMap() throws IOException {
        DeploymentStatus accepted = deployment(responseBody("PutDeploymentResourceGroup.json", "201"));
        assertEquals("Accepted", accepted.provisioningState());
        assertTrue(accepted.isActive());
        assertEquals(Instant.parse("2020-06-05T01:20:01.723776Z"), accepted.timestamp().orElseThrow());

        DeploymentStatus succeeded = deployment(responseBody("PutDeploymentResourceGroup.json", "200"));
        assertTrue(succeeded.isSucceeded());
        assertTrue(succeeded.failure().isEmpty());
        assertEquals("my-deployment", succeeded.name());
    }

    @Test
    void failedDeploymentUnfoldsNestedProviderErrorToQuota() throws IOException {
        DeploymentStatus failed = deployment(JobBodies.fixture("authored-DeploymentGet_Failed_Quota.json"));

        assertEquals("Failed", failed.provisioningState());
        ArmError error = failed.error().orElseThrow();
        assertEquals("DeploymentFailed", error.code());
        List<String> roots = error.rootCauses().stream().map(ArmError::code).toList();
        assertEquals(List.of("ContainerGroupQuotaReached"), roots);
        QuotaExceededException quota = assertInstanceOf(QuotaExceededException.class, failed.failure().orElseThrow());
        assertEquals("ContainerGroupQuotaReached", quota.code());
        assertTrue(quota.getMessage().contains("StandardCores"));
    }

    @Test
    void validationErrorExampleKeepsNestedDetails() throws IOException {
        JsonNode body = JSON.readTree(JobBodies.fixture("PostDeploymentValidateOnResourceGroup.400.json"))
                .path("responses").path("400").path("body").path("error");
        ArmError error = ArmErrorMapper.fromJson(body);

        assertEquals("InvalidTemplateDeployment", error.code());
        List<String> codes = new ArrayList<>();
        error.flatten().forEach(e -> codes.add(e.code()));
        assertEquals(List.of("InvalidTemplateDeployment", "PreflightValidationCheckFailed", "AccountNameInvalid"), codes);
        assertInstanceOf(InvalidTemplateException.class, ArmErrorMapper.fromDeploymentError(error));
    }

    private static DeploymentStatus deployment(String json) throws IOException {
        try (JsonReader reader = JsonProviders.createReader(json)) {
            return AciMapping.toDeploymentStatus("requested", DeploymentExtendedInner.fromJson(reader));
        }
    }
}
