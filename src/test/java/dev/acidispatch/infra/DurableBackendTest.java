package dev.acidispatch.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acidispatch.infra.TemplateRules.Plan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Durable backend switch: infra's {@code durableBackend} parameter overrides host.json's task hub settings through
 * app settings named {@code AzureFunctionsJobHost__<path>} (functions-host-json.md, "Override host.json values"), and
 * the documented alternative host.json (infra/host.durable-task-scheduler.json) is host.json with exactly the Durable
 * Task Scheduler keys changed (storageProvider type "azureManaged" with connectionStringName
 * DURABLE_TASK_SCHEDULER_CONNECTION_STRING, and the Preview bundle, as microsoft/vscode-azurefunctions#4394 gives).
 */
class DurableBackendTest {
    static final String HUB_NAME = "AzureFunctionsJobHost__extensions__durableTask__hubName";
    static final String PROVIDER_TYPE = "AzureFunctionsJobHost__extensions__durableTask__storageProvider__type";
    static final String PROVIDER_CONNECTION =
            "AzureFunctionsJobHost__extensions__durableTask__storageProvider__connectionStringName";
    static final String SCHEDULER_CONNECTION = "DURABLE_TASK_SCHEDULER_CONNECTION_STRING";

    private final JsonNode template = TemplateRules.read("infra/main.json");

    @Test
    void theParameterDefaultsToAzureStorageAndAllowsTheScheduler() {
        JsonNode parameter = template.path("parameters").path("durableBackend");
        assertEquals("AzureStorage", parameter.path("defaultValue").asText());
        assertEquals(List.of("AzureStorage", "DurableTaskScheduler"),
                TemplateRules.list(parameter.path("allowedValues").elements()).stream().map(JsonNode::asText).toList());
        assertEquals("[equals(parameters('durableBackend'), 'DurableTaskScheduler')]",
                template.path("variables").path("isDurableTaskScheduler").asText());
    }

    @ParameterizedTest
    @EnumSource(Plan.class)
    void eachPlanSelectsTheProviderFromTheParameter(Plan plan) {
        Map<String, String> settings = TemplateRules.appSettings(template, plan);
        assertEquals("[parameters('durableTaskHubName')]", settings.get(HUB_NAME));
        // "AzureStorage" is the default provider's name (AzureStorageDurabilityProviderFactory.ProviderName in
        // Azure/azure-functions-durable-extension); "azureManaged" is the Durable Task Scheduler's.
        assertEquals("[if(variables('isDurableTaskScheduler'), 'azureManaged', 'AzureStorage')]",
                settings.get(PROVIDER_TYPE));
        assertEquals("[if(variables('isDurableTaskScheduler'), '" + SCHEDULER_CONNECTION + "', 'AzureWebJobsStorage')]",
                settings.get(PROVIDER_CONNECTION));
        String connection = settings.get(SCHEDULER_CONNECTION);
        assertTrue(connection.startsWith("[if(variables('isDurableTaskScheduler'), concat('Endpoint=', "
                + "parameters('durableTaskSchedulerEndpoint'), ';Authentication=ManagedIdentity;ClientID=', "
                + "reference(variables('identityId')"), connection);
        assertTrue(connection.endsWith(".clientId), '')]"), "empty unless the scheduler is chosen: " + connection);
        assertEquals("AciDispatch", template.path("parameters").path("durableTaskHubName").path("defaultValue").asText());
    }

    @Test
    void theHubNameDefaultIsHostJsonsSoTheDefaultDeploymentKeepsItsTaskHub() {
        JsonNode host = TemplateRules.read("host.json");
        assertEquals(host.path("extensions").path("durableTask").path("hubName").asText(),
                template.path("parameters").path("durableTaskHubName").path("defaultValue").asText());
        assertTrue(host.path("extensions").path("durableTask").path("storageProvider").isMissingNode(),
                "host.json keeps the default provider; the switch is in app settings");
    }

    @Test
    void theAlternativeHostJsonIsHostJsonWithOnlyTheSchedulerKeysChanged() {
        JsonNode alternative = TemplateRules.read("infra/host.durable-task-scheduler.json");
        JsonNode provider = alternative.path("extensions").path("durableTask").path("storageProvider");
        assertEquals("azureManaged", provider.path("type").asText());
        assertEquals(SCHEDULER_CONNECTION, provider.path("connectionStringName").asText());
        assertEquals("Microsoft.Azure.Functions.ExtensionBundle.Preview",
                alternative.path("extensionBundle").path("id").asText());
        assertEquals("[4.29.0, 5.0.0)", alternative.path("extensionBundle").path("version").asText());

        ObjectNode withoutChanges = alternative.deepCopy();
        ((ObjectNode) withoutChanges.path("extensions").path("durableTask")).remove("storageProvider");
        withoutChanges.remove("extensionBundle");
        ObjectNode host = TemplateRules.read("host.json").deepCopy();
        host.remove("extensionBundle");
        assertEquals(host, withoutChanges, "everything else stays as host.json has it, so the two cannot drift");
    }
}
