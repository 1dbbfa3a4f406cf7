package dev.acidispatch.cli.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acidispatch.json.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The actions doctor checks are the ones the job operator role in infra/main.json grants: each checked action is
 * granted by the role, and each of the role's action patterns is there for some checked action (a role line the
 * check never looks at, or a check the role does not cover, fails here).
 */
class RequiredActionsTest {

    private static List<String> roleActions() throws IOException {
        JsonNode template = Json.read(Files.readString(Path.of("infra", "main.json")), JsonNode.class);
        List<String> actions = new ArrayList<>();
        collect(template, actions);
        assertFalse(actions.isEmpty(), "infra/main.json has the custom role");
        return actions;
    }

    private static void collect(JsonNode node, List<String> actions) {
        if (node.isObject()) {
            if ("Microsoft.Authorization/roleDefinitions".equals(node.path("type").asText())) {
                node.path("properties").path("permissions").forEach(p -> p.path("actions")
                        .forEach(a -> actions.add(a.asText())));
            }
            node.forEach(child -> collect(child, actions));
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, actions));
        }
    }

    @Test
    void everyCheckedActionIsGrantedByTheInfraRoleAndEveryRoleLineIsChecked() throws IOException {
        List<String> role = roleActions();
        for (String action : RequiredActions.all()) {
            assertTrue(role.stream().anyMatch(p -> RequiredActions.matches(p, action)), action + " not in " + role);
        }
        for (String pattern : role) {
            assertTrue(RequiredActions.all().stream().anyMatch(a -> RequiredActions.matches(pattern, a)),
                    "the role grants " + pattern + " but doctor checks nothing it covers");
        }
    }

    @Test
    void patternsMatchLikeAzureRbac() {
        assertTrue(RequiredActions.matches("Microsoft.ContainerInstance/containerGroups/*",
                "Microsoft.ContainerInstance/containerGroups/containers/logs/read"));
        assertTrue(RequiredActions.matches("*", "Microsoft.Resources/deployments/write"));
        assertTrue(RequiredActions.matches("*/read", "Microsoft.Resources/deployments/read"));
        assertFalse(RequiredActions.matches("*/read", "Microsoft.Resources/deployments/write"));
        assertTrue(RequiredActions.matches("microsoft.resources/deployments/operationStatuses/read",
                "Microsoft.Resources/deployments/operationstatuses/read"), "case does not matter");
        assertFalse(RequiredActions.matches("Microsoft.ContainerInstance/containerGroups/read",
                "Microsoft.ContainerInstance/containerGroups/read/extra"));
        assertFalse(RequiredActions.matches("Microsoft.Container.*", "MicrosoftXContainerYfoo"), "dots are literal");
    }

    @Test
    void anEntryTakesBackOnlyWhatItGrantsItself() {
        JsonNode permissions = Json.read("{\"value\": [{\"actions\": [\"Microsoft.ContainerInstance/*\"], \"notActions\":"
                + " [\"Microsoft.ContainerInstance/containerGroups/delete\"]}, {\"actions\": [\"*/delete\"],"
                + " \"notActions\": []}]}", JsonNode.class);
        assertTrue(PermissionsCheck.allowed(permissions, "Microsoft.ContainerInstance/containerGroups/delete"),
                "another role grants what the first one takes back");
        JsonNode one = Json.read("{\"value\": [{\"actions\": [\"Microsoft.ContainerInstance/*\"], \"notActions\":"
                + " [\"Microsoft.ContainerInstance/containerGroups/delete\"]}]}", JsonNode.class);
        assertFalse(PermissionsCheck.allowed(one, "Microsoft.ContainerInstance/containerGroups/delete"));
        assertTrue(PermissionsCheck.allowed(one, "Microsoft.ContainerInstance/containerGroups/write"));
        assertEquals(false, PermissionsCheck.allowed(Json.read("{\"value\": []}", JsonNode.class), "x/read"));
    }

    @Test
    void imageReferencesSplitAsDockerSplitsThem() {
        assertEquals(new ImageReference("registry-1.docker.io", "library/busybox", "latest"), ImageReference.parse("busybox"));
        assertEquals(new ImageReference("registry-1.docker.io", "prefecthq/prefect", "3-python3.12"),
                ImageReference.parse("prefecthq/prefect:3-python3.12"));
        assertEquals(new ImageReference("myregistry.azurecr.io", "etl", "1.4"), ImageReference.parse("myregistry.azurecr.io/etl:1.4"));
        assertEquals(new ImageReference("localhost:5000", "team/app", "sha256:0123"),
                ImageReference.parse("localhost:5000/team/app@sha256:0123"));
        assertEquals(new ImageReference("mcr.microsoft.com", "azuredocs/aci-helloworld", "latest"),
                ImageReference.parse("mcr.microsoft.com/azuredocs/aci-helloworld"));
        assertTrue(ImageReference.parse("localhost:5000/app").isLoopback());
        assertFalse(ImageReference.parse("busybox").isLoopback());
    }
}
