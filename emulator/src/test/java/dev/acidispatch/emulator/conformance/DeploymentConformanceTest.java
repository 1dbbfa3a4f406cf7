package dev.acidispatch.emulator.conformance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acidispatch.emulator.ContainerScript;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.acidispatch.emulator.conformance.Arm.DEPLOYMENTS_API;
import static dev.acidispatch.emulator.conformance.Arm.JSON;
import static dev.acidispatch.emulator.conformance.Arm.deployment;
import static dev.acidispatch.emulator.conformance.Arm.groupResource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Resource-group deployments: their lifecycle, deletion, cancel and the validation ARM does on PUT. */
class DeploymentConformanceTest {
    private Arm arm;

    @AfterEach
    void close() {
        if (arm != null) {
            arm.close();
        }
    }

    @Test
    @Source({"Deployments - Create Or Update (Azure/azure-rest-api-specs, deployments 2025-04-01): 201 Created",
            "examples/PutDeploymentResourceGroup.json: provisioningState Accepted in the PUT's answer",
            "ARM async operations: Azure-AsyncOperation polled for status Running, then Succeeded"})
    void aPutIsAcceptedThenRunsThenSucceeds() {
        arm = Arm.start(b -> b.defaultScript(ContainerScript.builder().provisioningDelay(Duration.ofSeconds(20))
                .build()));
        Arm.Answer put = arm.deploy("rg", "dep-a", groupResource("a"));
        assertEquals(201, put.status());
        assertEquals("Accepted", put.body().path("properties").path("provisioningState").asText());
        String poll = put.header("Azure-AsyncOperation").orElseThrow();
        assertEquals("Running", arm.get(poll).body().path("status").asText());
        arm.advance(Duration.ofSeconds(21));
        assertEquals("Succeeded", arm.get(poll).body().path("status").asText());
    }

    @Test
    @Source({"Deployments - Delete (2025-04-01): \"A template deployment that is currently running cannot be deleted\"",
            "Azure/azure-cli#12252: \"The delete command cannot delete a deployment if it's still active\"",
            "Deployments - Cancel (2025-04-01): only Accepted or Running; afterwards provisioningState Canceled"})
    void aRunningDeploymentCannotBeDeletedUntilItIsCanceled() {
        arm = Arm.start(b -> b.defaultScript(ContainerScript.builder().neverStart().build()));
        arm.deploy("rg", "dep-stuck", groupResource("stuck"));
        arm.advance(Duration.ofMinutes(10));

        Arm.Answer refused = arm.send("DELETE", deployment("rg", "dep-stuck") + DEPLOYMENTS_API, null);
        assertEquals(409, refused.status());
        assertTrue(refused.errorMessage().contains("currently running cannot be deleted"), refused.errorMessage());
        assertEquals("Running", arm.getDeployment("rg", "dep-stuck").body().path("properties")
                .path("provisioningState").asText());

        assertEquals(204, arm.send("POST", deployment("rg", "dep-stuck") + "/cancel" + DEPLOYMENTS_API, null)
                .status());
        assertEquals("Canceled", arm.getDeployment("rg", "dep-stuck").body().path("properties")
                .path("provisioningState").asText());
        assertEquals(1, arm.emulator.groups().size(), "a canceled deployment leaves its resources");
        assertEquals(409, arm.send("POST", deployment("rg", "dep-stuck") + "/cancel" + DEPLOYMENTS_API, null)
                .status(), "a canceled deployment cannot be canceled again");
        assertEquals(202, arm.send("DELETE", deployment("rg", "dep-stuck") + DEPLOYMENTS_API, null).status());
    }

    @Test
    @Source({"Deployments - Delete (2025-04-01): \"This is an asynchronous operation that returns a status of 202 "
            + "until the template deployment is successfully deleted ... a call to the URI in the Location header "
            + "returns a status of 202. When the process finishes, ... 204\"",
            "Azure/data-factory-deploy-action#25: 409 DeploymentBeingDeleted \"cannot be edited because it is being "
            + "deleted. Please wait for deletion to finish.\""})
    void aDeleteIsAsynchronousAndAPutMeanwhileIsDeploymentBeingDeleted() {
        arm = Arm.start(b -> b.deploymentDeleteDuration(Duration.ofSeconds(30))
                .defaultScript(ContainerScript.builder().provisioningDelay(Duration.ZERO).build()));
        arm.deploy("rg", "dep-d", groupResource("d"));
        arm.advance(Duration.ofSeconds(1));

        Arm.Answer delete = arm.send("DELETE", deployment("rg", "dep-d") + DEPLOYMENTS_API, null);
        assertEquals(202, delete.status());
        String location = delete.header("Location").orElseThrow();
        assertEquals(202, arm.get(location).status(), "still deleting");
        assertEquals("Deleting", arm.getDeployment("rg", "dep-d").body().path("properties").path("provisioningState")
                .asText());
        Arm.Answer put = arm.deploy("rg", "dep-d", groupResource("d"));
        assertEquals(409, put.status());
        assertEquals("DeploymentBeingDeleted", put.errorCode());

        arm.advance(Duration.ofSeconds(30));
        assertEquals(204, arm.get(location).status(), "done");
        assertEquals(404, arm.getDeployment("rg", "dep-d").status());
        assertEquals(204, arm.send("DELETE", deployment("rg", "dep-d") + DEPLOYMENTS_API, null).status());
        assertEquals(201, arm.deploy("rg", "dep-d", groupResource("d")).status(), "the name is free again");
    }

    @Test
    @Source({"OctopusDeploy/Issues#3545, Azure/azure-policy#1220: InvalidDeployment \"The provided deployment name "
            + "'...' has a length of '73' which exceeds the maximum length of '64'\"",
            "Deployments - Create Or Update (2025-04-01): deploymentName maxLength 64"})
    void aDeploymentNameLongerThan64IsRefused() {
        arm = Arm.start();
        String name = "d".repeat(65);
        Arm.Answer put = arm.deploy("rg", name, groupResource("a"));
        assertEquals(400, put.status());
        assertEquals("InvalidDeployment", put.errorCode());
        assertTrue(put.errorMessage().contains("has a length of '65' which exceeds the maximum length of '64'"));
        assertEquals(201, arm.deploy("rg", "d".repeat(64), groupResource("a")).status());
    }

    @Test
    @Source({"microsoft/vscode-azurearmtools validation tests: \"Template parameter JToken type is not valid. "
            + "Expected 'Integer'. Actual 'String'.\" (InvalidTemplate)"})
    void aParameterValueOfTheWrongTypeIsInvalidTemplate() {
        arm = Arm.start();
        ObjectNode declared = JSON.createObjectNode();
        declared.putObject("retries").put("type", "int");
        declared.putObject("image").put("type", "string");
        ObjectNode values = JSON.createObjectNode();
        values.putObject("retries").put("value", "3");
        values.putObject("image").put("value", "busybox");
        Arm.Answer put = arm.send("PUT", deployment("rg", "dep-p") + DEPLOYMENTS_API,
                Arm.body(List.of(groupResource("p")), declared, values));
        assertEquals(400, put.status());
        assertEquals("InvalidTemplate", put.errorCode());
        assertTrue(put.errorMessage().contains("Expected 'Integer'. Actual 'String'"), put.errorMessage());

        values.putObject("retries").put("value", 3);
        values.putObject("image").put("value", 7);
        Arm.Answer secondTry = arm.send("PUT", deployment("rg", "dep-p") + DEPLOYMENTS_API,
                Arm.body(List.of(groupResource("p")), declared, values));
        assertTrue(secondTry.errorMessage().contains("Expected 'String, Uri'. Actual 'Integer'"),
                secondTry.errorMessage());
    }

    @Test
    @Source({"containerInstance.json 2023-05-01: ContainerGroupProperties.properties required [containers, osType]",
            "Azure/azure-cli#30439, MicrosoftDocs/azure-docs-cli#4812: InvalidOsType \"The 'osType' for container "
            + "group '<null>' is invalid. The value must be one of 'Windows,Linux'.\""})
    void osTypeIsRequired() {
        arm = Arm.start();
        ObjectNode group = groupResource("no-os");
        ((ObjectNode) group.path("properties")).remove("osType");
        Arm.Answer put = arm.deploy("rg", "dep-no-os", group);
        assertEquals(400, put.status());
        assertEquals("InvalidTemplateDeployment", put.errorCode());
        assertEquals("InvalidOsType", put.body().path("error").path("details").get(0).path("code").asText());
        assertTrue(arm.emulator.groups().isEmpty());
    }

    @Test
    @Source({"MicrosoftLearning/mslearn-azure-developer#67: ResourceRequestsNotSpecified \"Both memory and CPU "
            + "requests are required since API version '2017-07-01-preview'\"",
            "MicrosoftDocs/azure-docs-cli#4812: ResourceSomeRequestsNotSpecified \"The 'Cpu' request is not "
            + "specified\""})
    void cpuAndMemoryRequestsAreRequired() {
        arm = Arm.start();
        ObjectNode none = groupResource("none");
        ((ObjectNode) Arm.containerProperties(none).path("resources")).putObject("requests");
        assertEquals("ResourceRequestsNotSpecified", arm.deploy("rg", "dep-none", none).body().path("error")
                .path("details").get(0).path("code").asText());
        ObjectNode noCpu = groupResource("no-cpu");
        ((ObjectNode) Arm.containerProperties(noCpu).path("resources").path("requests")).remove("cpu");
        Arm.Answer put = arm.deploy("rg", "dep-no-cpu", noCpu);
        assertEquals("ResourceSomeRequestsNotSpecified", put.body().path("error").path("details").get(0)
                .path("code").asText());
        assertTrue(put.body().toString().contains("The 'Cpu' request is not specified"), put.body().toString());
    }

    @Test
    @Source({"container-instances-troubleshooting, Naming conventions: container (and group) names 1-63, "
            + "lowercase, alphanumeric, hyphen anywhere except the first or last character"})
    void groupAndContainerNamesFollowAciNamingRules() {
        arm = Arm.start();
        Arm.Answer badGroup = arm.deploy("rg", "dep-g", groupResource("Has_Upper"));
        assertEquals("InvalidContainerGroupName", badGroup.body().path("error").path("details").get(0)
                .path("code").asText());
        assertEquals(400, arm.deploy("rg", "dep-long", groupResource("g".repeat(64))).status());
        assertEquals(201, arm.deploy("rg", "dep-63", groupResource("g".repeat(63))).status());
        ObjectNode badContainer = groupResource("c");
        ((ObjectNode) badContainer.path("properties").path("containers").get(0)).put("name", "-main");
        assertEquals("InvalidContainerName", arm.deploy("rg", "dep-c", badContainer).body().path("error")
                .path("details").get(0).path("code").asText());
    }

    @Test
    @Source({"jacobalberty/unifi-docker#641: DeploymentFailed with detail InaccessibleImage \"The image '...' in "
            + "container group '...' is not accessible. Please check the image and registry credential.\"",
            "Azure/azure-cli#18596: the same error answered to the create itself: the group never exists"})
    void anImageAciCannotSeeFailsTheDeploymentAtOnceWithoutAGroup() {
        arm = Arm.start(b -> b.script("hidden", ContainerScript.builder().refuseCreate("InaccessibleImage",
                "The image 'private/app:1' in container group 'hidden' is not accessible. Please check the image "
                        + "and registry credential.").build()));
        Arm.Answer put = arm.deploy("rg", "dep-hidden", groupResource("hidden"));
        assertEquals(201, put.status());
        var deployment = arm.getDeployment("rg", "dep-hidden").body().path("properties");
        assertEquals("Failed", deployment.path("provisioningState").asText());
        assertEquals("DeploymentFailed", deployment.path("error").path("code").asText());
        assertEquals("InaccessibleImage", deployment.path("error").path("details").get(0).path("code").asText());
        assertEquals(404, arm.getGroup("rg", "hidden").status(), "the group never existed");
    }

    @Test
    @Source({"ARM: a request into a resource group that does not exist is 404 ResourceGroupNotFound "
            + "\"Resource group '...' could not be found.\""})
    void aPutIntoAResourceGroupThatDoesNotExistIsResourceGroupNotFound() {
        arm = Arm.start(b -> b.resourceGroups("jobs"));
        Arm.Answer put = arm.deploy("missing", "dep-a", groupResource("a"));
        assertEquals(404, put.status());
        assertEquals("ResourceGroupNotFound", put.errorCode());
        assertEquals("Resource group 'missing' could not be found.", put.errorMessage());
        assertEquals("ResourceGroupNotFound", arm.getGroup("missing", "a").errorCode());
        assertEquals(201, arm.deploy("JOBS", "dep-a", groupResource("a")).status(), "names are case-insensitive");
        assertFalse(arm.emulator.groups().isEmpty());
    }
}
