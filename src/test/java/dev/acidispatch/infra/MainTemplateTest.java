package dev.acidispatch.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Structure of infra/main.json: expressions resolve, resources are complete, storage is keyless, no secrets leave. */
class MainTemplateTest {
    private final JsonNode template = TemplateRules.read("infra/main.json");

    @Test
    void isAnArmDeploymentTemplateWithResources() {
        assertTrue(template.path("$schema").asText().endsWith("/deploymentTemplate.json#"), "resource-group deployment schema");
        assertTrue(template.path("resources").size() > 10, "template declares its resources");
    }

    @Test
    void everyParameterAndVariableReferenceIsDeclaredInItsScope() {
        assertEquals(List.of(), TemplateRules.undeclaredReferences(template));
    }

    @Test
    void referenceCheckFindsUndeclaredNamesAndHonoursInnerScope() throws Exception {
        JsonNode broken = TemplateRules.JSON.readTree("""
                {"parameters": {"a": {"type": "string"}},
                 "variables": {"v": "[parameters('a')]", "w": "[[parameters('literal')]"},
                 "resources": [
                   {"type": "X/y", "apiVersion": "2020-01-01", "name": "[parameters('missing')]"},
                   {"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "n",
                    "properties": {"expressionEvaluationOptions": {"scope": "inner"},
                      "parameters": {"p": {"value": "[parameters('a')]"}, "q": {"value": "[parameters('p')]"}},
                      "template": {"parameters": {"p": {"type": "string"}},
                        "resources": [{"type": "X/z", "apiVersion": "2020-01-01", "name": "[concat(parameters('p'), parameters('a'), variables('v'))]"}]}}}],
                 "outputs": {"o": {"type": "string", "value": "[variables('nope')]"}}}
                """);

        List<String> problems = TemplateRules.undeclaredReferences(broken);

        assertEquals(5, problems.size(), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("parameters('missing')")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains(".properties.parameters.q") && p.contains("parameters('p')")),
                "outer values cannot see the inner template's parameters: " + problems);
        assertTrue(problems.stream().anyMatch(p -> p.contains("properties.template.resources") && p.contains("parameters('a')")),
                "inner template cannot see outer parameters: " + problems);
        assertTrue(problems.stream().anyMatch(p -> p.contains("properties.template.resources") && p.contains("variables('v')")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("variables('nope')")), problems::toString);
    }

    @Test
    void everyResourceIncludingNestedOnesHasTypeApiVersionAndName() {
        assertEquals(List.of(), TemplateRules.resourcesMissingBasics(template));
        assertTrue(TemplateRules.allResources(template).stream().anyMatch(r -> r.enclosingDeployment() != null),
                "nested deployment resources are part of the walk");
    }

    @Test
    void missingApiVersionInANestedResourceIsReported() {
        ObjectNode copy = template.deepCopy();
        TemplateRules.Located nested = TemplateRules.allResources(copy).stream()
                .filter(r -> r.enclosingDeployment() != null).findFirst().orElseThrow();
        ((ObjectNode) nested.resource()).remove("apiVersion");

        List<String> problems = TemplateRules.resourcesMissingBasics(copy);

        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).contains("properties.template.resources") && problems.get(0).contains("apiVersion"), problems::toString);
    }

    @Test
    void dataStorageAccountIsHttpsOnlyTls12PrivateAndKeyless() {
        JsonNode data = storageAccount("[parameters('storageAccountName')]");
        JsonNode properties = data.path("properties");
        assertEquals("StorageV2", data.path("kind").asText());
        assertTrue(properties.path("supportsHttpsTrafficOnly").asBoolean());
        assertEquals("TLS1_2", properties.path("minimumTlsVersion").asText());
        assertEquals(false, properties.path("allowBlobPublicAccess").asBoolean(true));
        assertEquals(false, properties.path("allowSharedKeyAccess").asBoolean(true), "runtime and app use the managed identity");
    }

    @Test
    void onlyTheContentShareAccountKeyIsReadAndOnlyIntoTheContentShareSetting() {
        JsonNode content = storageAccount("[parameters('contentStorageAccountName')]");
        assertTrue(content.path("properties").path("supportsHttpsTrafficOnly").asBoolean());
        assertEquals("TLS1_2", content.path("properties").path("minimumTlsVersion").asText());
        assertEquals(false, content.path("properties").path("allowBlobPublicAccess").asBoolean(true));

        String text = template.toString();
        assertEquals(1, text.split("listKeys\\(", -1).length - 1, "exactly one listKeys in the template");
        Map<String, String> withKeys = TemplateRules.appSettings(template).entrySet().stream()
                .filter(e -> e.getValue().contains("listKeys(")).collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertEquals(Set.of("WEBSITE_CONTENTAZUREFILECONNECTIONSTRING"), withKeys.keySet());
        String value = withKeys.get("WEBSITE_CONTENTAZUREFILECONNECTIONSTRING");
        assertTrue(value.contains("listKeys(variables('contentStorageId')"), value);
        assertTrue(TemplateRules.resolveVariables(template, "[variables('contentStorageId')]").contains("contentStorageAccountName"));
    }

    @Test
    void storageHoldsTheQueuesTableAndContainerTheAppUses() {
        Set<String> names = TemplateRules.allResources(template).stream()
                .filter(r -> r.type().startsWith("Microsoft.Storage/storageAccounts/"))
                .map(r -> r.type().substring("Microsoft.Storage/storageAccounts/".length()) + " " + r.resource().path("name").asText())
                .collect(Collectors.toSet());
        for (String expected : List.of(
                "queueServices/queues [concat(parameters('storageAccountName'), '/default/jobs')]",
                "queueServices/queues [concat(parameters('storageAccountName'), '/default/jobs-poison')]",
                "queueServices/queues [concat(parameters('storageAccountName'), '/default/job-results')]",
                "tableServices/tables [concat(parameters('storageAccountName'), '/default/jobs')]",
                "blobServices/containers [concat(parameters('storageAccountName'), '/default/job-logs')]")) {
            assertTrue(names.contains(expected), "missing " + expected + " in " + names);
        }
    }

    @Test
    void appRunsAsTheUserAssignedIdentityEverywhere() {
        JsonNode site = only(TemplateRules.SITES);
        assertEquals("UserAssigned", site.path("identity").path("type").asText());
        assertEquals(List.of("[variables('identityId')]"),
                TemplateRules.list(site.path("identity").path("userAssignedIdentities").fieldNames()));
        assertTrue(site.path("properties").path("httpsOnly").asBoolean());
        assertEquals("Java|17", site.path("properties").path("siteConfig").path("linuxFxVersion").asText());

        Map<String, String> settings = TemplateRules.appSettings(template);
        assertEquals("managedidentity", settings.get("AzureWebJobsStorage__credential"));
        assertEquals("[reference(variables('identityId'), '2023-01-31').clientId]", settings.get("AzureWebJobsStorage__clientId"));
        assertEquals(settings.get("AzureWebJobsStorage__clientId"), settings.get("AZURE_CLIENT_ID"),
                "DefaultAzureCredential and the Functions host use the same identity");
        assertEquals("[parameters('storageAccountName')]", settings.get("AzureWebJobsStorage__accountName"));
    }

    @Test
    void outputsNameTheAppIdentityAndStorageButNoSecrets() {
        assertTrue(TemplateRules.fieldNames(template.path("outputs")).containsAll(List.of(
                "functionAppName", "identityResourceId", "identityClientId", "identityPrincipalId", "storageAccountName")));
        assertEquals(List.of(), TemplateRules.secretOutputs(template));
    }

    @Test
    void secretOutputsAreReportedInNestedTemplatesToo() throws Exception {
        ObjectNode copy = template.deepCopy();
        ((ObjectNode) copy.path("outputs")).set("storageKey", TemplateRules.JSON.readTree(
                "{\"type\": \"string\", \"value\": \"[listKeys(variables('storageId'), '2023-05-01').keys[0].value]\"}"));
        JsonNode deployment = TemplateRules.allResources(copy).stream()
                .filter(r -> r.type().equals(TemplateRules.DEPLOYMENTS)).findFirst().orElseThrow().resource();
        ((ObjectNode) deployment.path("properties").path("template").path("outputs")).set("insights", TemplateRules.JSON.readTree(
                "{\"type\": \"string\", \"value\": \"[reference('x').ConnectionString]\"}"));

        List<String> problems = TemplateRules.secretOutputs(copy);

        assertEquals(2, problems.size(), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("storageKey") && p.contains("listKeys")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("insights") && p.contains("ConnectionString")), problems::toString);
    }

    private JsonNode storageAccount(String name) {
        return TemplateRules.allResources(template).stream()
                .filter(r -> r.type().equals("Microsoft.Storage/storageAccounts") && r.resource().path("name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no storage account named " + name)).resource();
    }

    private JsonNode only(String type) {
        List<JsonNode> found = TemplateRules.allResources(template).stream()
                .filter(r -> r.type().equals(type)).map(TemplateRules.Located::resource).toList();
        assertEquals(1, found.size(), "expected one " + type);
        return found.get(0);
    }
}
