package dev.acidispatch.emulator.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acidispatch.emulator.Authorization;
import dev.acidispatch.emulator.RoleAssignment;
import dev.acidispatch.emulator.RoleDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.acidispatch.emulator.conformance.Arm.ACI_API;
import static dev.acidispatch.emulator.conformance.Arm.JSON;
import static dev.acidispatch.emulator.conformance.Arm.SUB;
import static dev.acidispatch.emulator.conformance.Arm.group;
import static dev.acidispatch.emulator.conformance.Arm.groupResource;
import static dev.acidispatch.emulator.conformance.Arm.rg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The caller's roles decide: per action and scope, for the request itself and for the resources it links. */
class AuthorizationConformanceTest {
    private static final String PRINCIPAL = "22222222-2222-2222-2222-222222222222";
    /** The custom role of infra/main.json ("aci-dispatch job operator"), assigned on resource group "jobs". */
    private static final RoleDefinition JOB_OPERATOR = new RoleDefinition("aci-dispatch job operator", List.of(
            "Microsoft.ContainerInstance/containerGroups/*", "Microsoft.Resources/deployments/*",
            "Microsoft.Resources/deployments/operationstatuses/read",
            "Microsoft.Resources/subscriptions/resourceGroups/read",
            "Microsoft.ManagedIdentity/userAssignedIdentities/assign/action",
            "Microsoft.Network/virtualNetworks/subnets/join/action"), List.of());
    private Arm arm;

    @AfterEach
    void close() {
        if (arm != null) {
            arm.close();
        }
    }

    private Arm startWith(RoleDefinition role) {
        return Arm.start(b -> b.authorization(Authorization.of(PRINCIPAL, List.of(new RoleAssignment(role,
                rg("jobs"))))));
    }

    @Test
    @Source({"MicrosoftDocs/azure-docs#122458: 403 AuthorizationFailed \"The client '...' with object id '...' does "
            + "not have authorization to perform action '...' over scope '...' or the scope is invalid.\"",
            "CDCgov/prime-reportstream#16705: the same for 'Microsoft.ContainerInstance/containerGroups/stop/action'"})
    void aRequestOutsideTheRoleIsAuthorizationFailedNamingActionAndScope() {
        arm = startWith(new RoleDefinition("reader", List.of("Microsoft.ContainerInstance/containerGroups/read",
                "Microsoft.Resources/deployments/*"), List.of()));
        assertEquals(404, arm.getGroup("jobs", "a").status(), "reads are allowed");
        Arm.Answer stop = arm.send("POST", group("jobs", "a") + "/stop" + ACI_API, null);
        assertEquals(403, stop.status());
        assertEquals("AuthorizationFailed", stop.errorCode());
        assertTrue(stop.errorMessage().contains("'" + PRINCIPAL + "'"), stop.errorMessage());
        assertTrue(stop.errorMessage().contains("perform action 'Microsoft.ContainerInstance/containerGroups/stop/"
                + "action' over scope '" + group("jobs", "a") + "'"), stop.errorMessage());
        Arm.Answer elsewhere = arm.getGroup("other", "a");
        assertEquals(403, elsewhere.status(), "the role is assigned on the jobs group only");
    }

    @Test
    @Source({"Preflight: Server validation before deployment: \"ARM verifies that the caller has sufficient "
            + "permissions ... If the identity lacks permissions, the deployment is rejected before execution\"",
            "Azure-Samples/aci-logicapps-integration#9: AuthorizationFailed for "
            + "'Microsoft.ContainerInstance/containerGroups/write'"})
    void aDeploymentOfAGroupTheCallerMayNotWriteIsRefusedBeforeItStarts() {
        arm = startWith(new RoleDefinition("deployer", List.of("Microsoft.Resources/deployments/*"), List.of()));
        Arm.Answer put = arm.deploy("jobs", "dep-a", groupResource("a"));
        assertEquals(403, put.status());
        assertTrue(put.errorMessage().contains("'Microsoft.ContainerInstance/containerGroups/write' over scope '"
                + group("jobs", "a") + "'"), put.errorMessage());
        assertEquals(404, arm.getDeployment("jobs", "dep-a").status(), "preflight failures leave no deployment");
    }

    @Test
    @Source({"Azure/Enterprise-Scale-for-AKS#90, Azure/bicep#17206: DeploymentFailed with a LinkedAuthorizationFailed "
            + "detail for 'Microsoft.Network/virtualNetworks/subnets/join/action'",
            "microsoft/planetary-computer-hub#25: \"has permission to perform action '...' on scope '...'; however, it "
            + "does not have permission to perform action '...' on the linked scope(s) '...'\""})
    void aSubnetOutsideTheRoleFailsTheDeploymentWithLinkedAuthorizationFailed() {
        arm = startWith(JOB_OPERATOR);
        String subnet = "/subscriptions/" + SUB + "/resourceGroups/network/providers/Microsoft.Network/"
                + "virtualNetworks/vnet/subnets/jobs";
        ObjectNode resource = groupResource("in-vnet");
        ((ObjectNode) resource.path("properties")).putArray("subnetIds").addObject().put("id", subnet);
        assertEquals(201, arm.deploy("jobs", "dep-in-vnet", resource).status());

        JsonNode error = arm.getDeployment("jobs", "dep-in-vnet").body().path("properties").path("error");
        JsonNode detail = error.path("details").get(0);
        assertEquals("DeploymentFailed", error.path("code").asText());
        assertEquals("LinkedAuthorizationFailed", detail.path("code").asText());
        assertTrue(detail.path("message").asText().contains("'Microsoft.Network/virtualNetworks/subnets/join/action'"
                + " on the linked scope(s) '" + subnet + "'"), detail.toString());
        assertEquals(404, arm.getGroup("jobs", "in-vnet").status(), "nothing was created");

        ObjectNode inside = groupResource("in-jobs-vnet");
        ((ObjectNode) inside.path("properties")).putArray("subnetIds").addObject().put("id", rg("jobs")
                + "/providers/Microsoft.Network/virtualNetworks/vnet/subnets/jobs");
        arm.deploy("jobs", "dep-in-jobs-vnet", inside);
        assertEquals(200, arm.getGroup("jobs", "in-jobs-vnet").status(), "the role's scope covers its own group");
    }

    @Test
    @Source({"Azure/AKS-Construction#330: a missing user-assigned identity is \"The Resource "
            + "'Microsoft.ManagedIdentity/userAssignedIdentities/...' under resource group ... was not found\"",
            "Azure/dev-box-images#8: a provider's error inside DeploymentFailed is JSON text in a status-named detail"})
    void aMissingIdentityFailsTheDeploymentWithTheProvidersNotFound() {
        String known = rg("jobs") + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/known";
        arm = Arm.start(b -> b.existingResources(known));
        ObjectNode resource = groupResource("with-id");
        ObjectNode identity = resource.putObject("identity");
        identity.put("type", "UserAssigned");
        identity.putObject("userAssignedIdentities").putObject(rg("jobs")
                + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/missing");
        arm.deploy("jobs", "dep-with-id", resource);
        JsonNode detail = arm.getDeployment("jobs", "dep-with-id").body().path("properties").path("error")
                .path("details").get(0);
        assertEquals("NotFound", detail.path("code").asText());
        JsonNode provider;
        try {
            provider = JSON.readTree(detail.path("message").asText()).path("error");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(detail.toString(), e);
        }
        assertEquals("ResourceNotFound", provider.path("code").asText());
        assertTrue(provider.path("message").asText().contains("userAssignedIdentities/missing' under resource group "
                + "'jobs' was not found"), provider.toString());
    }

    @Test
    @Source({"MicrosoftDocs/azure-docs#117644: InvalidImageRegistryIdentity \"The identity in the "
            + "'imageRegistryCredentials' of container group '...' not found in container group identity list\""})
    void aRegistryIdentityTheGroupDoesNotHaveIsRefused() {
        arm = Arm.start();
        ObjectNode resource = groupResource("pull");
        ((ObjectNode) resource.path("properties")).putArray("imageRegistryCredentials").addObject()
                .put("server", "r.azurecr.io").put("identity", rg("jobs")
                        + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/pull");
        Arm.Answer put = arm.deploy("jobs", "dep-pull", resource);
        assertEquals(400, put.status());
        assertEquals("InvalidImageRegistryIdentity", put.body().path("error").path("details").get(0).path("code")
                .asText());
    }

    @Test
    @Source({"Authorization REST API, Permissions - List For Resource Group: {value: [{actions, notActions, "
            + "dataActions, notDataActions}]} for the roles that apply at the resource group"})
    void theCallerCanReadItsPermissionsOnAResourceGroup() {
        arm = startWith(JOB_OPERATOR);
        JsonNode permissions = arm.get(rg("jobs") + "/providers/Microsoft.Authorization/permissions"
                + "?api-version=2022-04-01").body();
        assertEquals(1, permissions.path("value").size());
        assertEquals("Microsoft.ContainerInstance/containerGroups/*", permissions.path("value").get(0)
                .path("actions").get(0).asText());
        assertEquals(0, arm.get(rg("other") + "/providers/Microsoft.Authorization/permissions"
                + "?api-version=2022-04-01").body().path("value").size(), "no role applies there");
    }
}
