package dev.acidispatch.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acidispatch.infra.TemplateRules.Plan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Structure of infra/main.json for both hosting plans: expressions resolve, resources are complete, storage is keyless
 * (entirely on Flex Consumption, all but the content share on Elastic Premium), the site is HTTPS-only with TLS 1.2 and
 * no FTP, and no secrets leave.
 */
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

    // ---------------------------------------------------------------- plans

    @Test
    void flexConsumptionIsTheDefaultAndElasticPremiumTheOnlyAlternative() {
        JsonNode plan = template.path("parameters").path("plan");
        assertEquals("FlexConsumption", plan.path("defaultValue").asText());
        assertEquals(List.of("FlexConsumption", "ElasticPremium"),
                TemplateRules.list(plan.path("allowedValues").elements()).stream().map(JsonNode::asText).toList());
    }

    @ParameterizedTest
    @EnumSource(Plan.class)
    void eachPlanDeploysExactlyOnePlanResourceAndOneFunctionApp(Plan plan) {
        TemplateRules.Located farm = TemplateRules.only(template, plan, TemplateRules.SERVER_FARMS);
        TemplateRules.Located site = TemplateRules.only(template, plan, TemplateRules.SITES);

        assertEquals("[parameters('appName')]", site.resource().path("name").asText());
        assertEquals("functionapp,linux", site.resource().path("kind").asText());
        assertEquals("[resourceId('Microsoft.Web/serverfarms', variables('planName'))]",
                site.resource().path("properties").path("serverFarmId").asText());
        assertEquals(farm.resource().path("name").asText(), "[variables('planName')]");
    }

    @Test
    void flexPlanIsFc1WithNoAlwaysReadyInstancesJava17AndAKeylessDeploymentContainer() {
        JsonNode farm = TemplateRules.only(template, Plan.FLEX_CONSUMPTION, TemplateRules.SERVER_FARMS).resource();
        assertEquals("FC1", farm.path("sku").path("name").asText());
        assertEquals("FlexConsumption", farm.path("sku").path("tier").asText());

        JsonNode config = TemplateRules.only(template, Plan.FLEX_CONSUMPTION, TemplateRules.SITES).resource()
                .path("properties").path("functionAppConfig");
        assertEquals("java", config.path("runtime").path("name").asText());
        assertEquals("17", config.path("runtime").path("version").asText());

        JsonNode scale = config.path("scaleAndConcurrency");
        assertTrue(scale.path("alwaysReady").isArray() && scale.path("alwaysReady").isEmpty(), "no always-ready instances: idle costs nothing");
        assertEquals(2048, parameterDefault(scale.path("instanceMemoryMB")).asInt());
        assertEquals(Set.of(512, 2048, 4096), TemplateRules.list(parameter(scale.path("instanceMemoryMB")).path("allowedValues").elements())
                .stream().map(JsonNode::asInt).collect(Collectors.toSet()));
        assertTrue(parameterDefault(scale.path("maximumInstanceCount")).asInt() >= 40);
        assertEquals(16, parameterDefault(scale.path("triggers").path("http").path("perInstanceConcurrency")).asInt());

        JsonNode storage = config.path("deployment").path("storage");
        assertEquals("blobContainer", storage.path("type").asText());
        assertEquals("UserAssignedIdentity", storage.path("authentication").path("type").asText());
        assertEquals("[variables('identityId')]", storage.path("authentication").path("userAssignedIdentityResourceId").asText());
        assertFalse(storage.path("authentication").has("storageAccountConnectionStringName"), "no connection string for the package");
        assertTrue(storage.path("value").asText().contains("reference(variables('storageId')")
                && storage.path("value").asText().endsWith("variables('deploymentContainerName'))]"), storage.path("value").asText());

        Set<String> containers = TemplateRules.resourcesFor(template, Plan.FLEX_CONSUMPTION).stream()
                .filter(r -> r.type().equals("Microsoft.Storage/storageAccounts/blobServices/containers"))
                .map(r -> TemplateRules.resolveName(template, r.resource().path("name").asText()))
                .collect(Collectors.toSet());
        assertTrue(containers.contains("[concat(parameters('storageAccountName'), '/default/app-package')]"), containers::toString);
        assertEquals("app-package", template.path("variables").path("deploymentContainerName").asText());
    }

    @Test
    void elasticPremiumKeepsTheClassicSiteSchemaAndItsOneKey() {
        JsonNode farm = TemplateRules.only(template, Plan.ELASTIC_PREMIUM, TemplateRules.SERVER_FARMS).resource();
        assertEquals("[parameters('planSku')]", farm.path("sku").path("name").asText());
        assertEquals("ElasticPremium", farm.path("sku").path("tier").asText());
        assertEquals("elastic", farm.path("kind").asText());

        JsonNode site = TemplateRules.only(template, Plan.ELASTIC_PREMIUM, TemplateRules.SITES).resource();
        assertEquals("Java|17", site.path("properties").path("siteConfig").path("linuxFxVersion").asText());
        assertFalse(site.path("properties").has("functionAppConfig"), "functionAppConfig is the Flex site schema");

        List<TemplateRules.Located> withKeys = TemplateRules.resourcesFor(template, Plan.ELASTIC_PREMIUM).stream()
                .filter(r -> TemplateRules.ownText(r.resource()).contains("listKeys(")).toList();
        assertEquals(1, withKeys.size(), "exactly one resource reads a key");
        Map<String, String> settings = TemplateRules.appSettings(template, Plan.ELASTIC_PREMIUM);
        Map<String, String> keyed = settings.entrySet().stream().filter(e -> e.getValue().contains("listKeys("))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertEquals(Set.of("WEBSITE_CONTENTAZUREFILECONNECTIONSTRING"), keyed.keySet());
        assertTrue(keyed.get("WEBSITE_CONTENTAZUREFILECONNECTIONSTRING").contains("listKeys(variables('contentStorageId')"));
        assertTrue(TemplateRules.resolveVariables(template, "[variables('contentStorageId')]").contains("contentStorageAccountName"));
        assertEquals(1, template.toString().split("listKeys\\(", -1).length - 1, "exactly one listKeys in the whole template");
    }

    @Test
    void theContentShareAccountExistsOnlyOnElasticPremium() {
        assertTrue(TemplateRules.resourcesFor(template, Plan.ELASTIC_PREMIUM).stream()
                .anyMatch(r -> isAccount(r, "[parameters('contentStorageAccountName')]")));
        assertFalse(TemplateRules.resourcesFor(template, Plan.FLEX_CONSUMPTION).stream()
                .anyMatch(r -> isAccount(r, "[parameters('contentStorageAccountName')]")));
        JsonNode content = storageAccount("[parameters('contentStorageAccountName')]");
        assertTrue(content.path("properties").path("supportsHttpsTrafficOnly").asBoolean());
        assertEquals("TLS1_2", content.path("properties").path("minimumTlsVersion").asText());
        assertEquals(false, content.path("properties").path("allowBlobPublicAccess").asBoolean(true));
    }

    @ParameterizedTest
    @EnumSource(Plan.class)
    void siteIsHttpsOnlyTls12WithoutFtpAndTheRuntimeThePlanNeeds(Plan plan) {
        assertEquals(List.of(), TemplateRules.hostingViolations(template, plan));
    }

    @Test
    void hostingRulesReportHttpAndFtpAndFlexSchemaMistakes() {
        ObjectNode copy = template.deepCopy();
        JsonNode flex = TemplateRules.only(copy, Plan.FLEX_CONSUMPTION, TemplateRules.SITES).resource();
        ((ObjectNode) flex.path("properties")).put("httpsOnly", false);
        ((ObjectNode) flex.path("properties").path("siteConfig")).put("linuxFxVersion", "Java|17");
        ((ArrayNode) flex.path("properties").path("siteConfig").path("appSettings")).addObject()
                .put("name", "FUNCTIONS_WORKER_RUNTIME").put("value", "java");
        JsonNode premium = TemplateRules.only(copy, Plan.ELASTIC_PREMIUM, TemplateRules.SITES).resource();
        ((ObjectNode) premium.path("properties").path("siteConfig")).put("ftpsState", "AllAllowed").put("minTlsVersion", "1.0");
        ((ObjectNode) premium.path("resources").get(0).path("properties")).set("allow", BooleanNode.TRUE);

        List<String> flexProblems = TemplateRules.hostingViolations(copy, Plan.FLEX_CONSUMPTION);
        List<String> premiumProblems = TemplateRules.hostingViolations(copy, Plan.ELASTIC_PREMIUM);

        assertEquals(3, flexProblems.size(), flexProblems::toString);
        assertTrue(flexProblems.stream().anyMatch(p -> p.contains("httpsOnly")), flexProblems::toString);
        assertTrue(flexProblems.stream().anyMatch(p -> p.contains("siteConfig.linuxFxVersion")), flexProblems::toString);
        assertTrue(flexProblems.stream().anyMatch(p -> p.contains("FUNCTIONS_WORKER_RUNTIME")), flexProblems::toString);
        assertEquals(3, premiumProblems.size(), premiumProblems::toString);
        assertTrue(premiumProblems.stream().anyMatch(p -> p.contains("ftpsState")), premiumProblems::toString);
        assertTrue(premiumProblems.stream().anyMatch(p -> p.contains("minTlsVersion")), premiumProblems::toString);
        assertTrue(premiumProblems.stream().anyMatch(p -> p.contains("FTP publishing credentials")), premiumProblems::toString);
    }

    @Test
    void aStorageKeyOnFlexIsReported() throws Exception {
        ObjectNode copy = template.deepCopy();
        JsonNode flex = TemplateRules.only(copy, Plan.FLEX_CONSUMPTION, TemplateRules.SITES).resource();
        ((ArrayNode) flex.path("properties").path("siteConfig").path("appSettings")).add(TemplateRules.JSON.readTree(
                "{\"name\": \"DEPLOYMENT_STORAGE_CONNECTION_STRING\", \"value\": \"[concat('AccountKey=', listKeys(variables('storageId'), '2023-05-01').keys[0].value)]\"}"));

        List<String> problems = TemplateRules.hostingViolations(copy, Plan.FLEX_CONSUMPTION);

        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).contains("reads a storage key"), problems::toString);
    }

    @Test
    void conditionsTheChecksCannotEvaluateFailLoudly() {
        ObjectNode copy = template.deepCopy();
        ((ObjectNode) TemplateRules.only(copy, Plan.FLEX_CONSUMPTION, TemplateRules.SITES).enclosingDeployment())
                .put("condition", "[greater(parameters('flexInstanceMemoryMB'), 1024)]");

        assertThrows(AssertionError.class, () -> TemplateRules.resourcesFor(copy, Plan.FLEX_CONSUMPTION));
    }

    // ---------------------------------------------------------------- storage, identity, outputs

    @Test
    void dataStorageAccountIsHttpsOnlyTls12PrivateAndKeyless() {
        JsonNode data = storageAccount("[parameters('storageAccountName')]");
        JsonNode properties = data.path("properties");
        assertFalse(data.has("condition"), "the data account exists on both plans");
        assertEquals("StorageV2", data.path("kind").asText());
        assertTrue(properties.path("supportsHttpsTrafficOnly").asBoolean());
        assertEquals("TLS1_2", properties.path("minimumTlsVersion").asText());
        assertEquals(false, properties.path("allowBlobPublicAccess").asBoolean(true));
        assertEquals(false, properties.path("allowSharedKeyAccess").asBoolean(true), "runtime and app use the managed identity");
    }

    @ParameterizedTest
    @EnumSource(Plan.class)
    void storageHoldsTheQueuesTableAndContainerTheAppUses(Plan plan) {
        Set<String> names = TemplateRules.resourcesFor(template, plan).stream()
                .filter(r -> r.type().startsWith("Microsoft.Storage/storageAccounts/"))
                .map(r -> r.type().substring("Microsoft.Storage/storageAccounts/".length()) + " "
                        + TemplateRules.resolveName(template, r.resource().path("name").asText()))
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

    @ParameterizedTest
    @EnumSource(Plan.class)
    void appRunsAsTheUserAssignedIdentityEverywhere(Plan plan) {
        JsonNode site = TemplateRules.only(template, plan, TemplateRules.SITES).resource();
        assertEquals("UserAssigned", site.path("identity").path("type").asText());
        assertEquals(List.of("[variables('identityId')]"),
                TemplateRules.list(site.path("identity").path("userAssignedIdentities").fieldNames()));

        Map<String, String> settings = TemplateRules.appSettings(template, plan);
        assertEquals("managedidentity", settings.get("AzureWebJobsStorage__credential"));
        assertEquals("[reference(variables('identityId'), '2023-01-31').clientId]", settings.get("AzureWebJobsStorage__clientId"));
        assertEquals(settings.get("AzureWebJobsStorage__clientId"), settings.get("AZURE_CLIENT_ID"),
                "DefaultAzureCredential and the Functions host use the same identity");
        assertEquals("[parameters('storageAccountName')]", settings.get("AzureWebJobsStorage__accountName"));
        assertFalse(settings.containsKey("AzureWebJobsStorage"), "no connection string (it would need a key)");
    }

    @Test
    void outputsNameTheAppIdentityAndStorageButNoSecrets() {
        assertTrue(TemplateRules.fieldNames(template.path("outputs")).containsAll(List.of(
                "functionAppName", "hostingPlan", "identityResourceId", "identityClientId", "identityPrincipalId", "storageAccountName")));
        assertEquals(List.of(), TemplateRules.secretOutputs(template));
    }

    @Test
    void secretOutputsAreReportedInNestedTemplatesToo() throws Exception {
        ObjectNode copy = template.deepCopy();
        ((ObjectNode) copy.path("outputs")).set("storageKey", TemplateRules.JSON.readTree(
                "{\"type\": \"string\", \"value\": \"[listKeys(variables('storageId'), '2023-05-01').keys[0].value]\"}"));
        JsonNode deployment = TemplateRules.allResources(copy).stream()
                .filter(r -> r.type().equals(TemplateRules.DEPLOYMENTS) && r.resource().path("name").asText().contains("jobs-access"))
                .findFirst().orElseThrow().resource();
        ((ObjectNode) deployment.path("properties").path("template").path("outputs")).set("insights", TemplateRules.JSON.readTree(
                "{\"type\": \"string\", \"value\": \"[reference('x').ConnectionString]\"}"));

        List<String> problems = TemplateRules.secretOutputs(copy);

        assertEquals(2, problems.size(), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("storageKey") && p.contains("listKeys")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("insights") && p.contains("ConnectionString")), problems::toString);
    }

    private boolean isAccount(TemplateRules.Located r, String name) {
        return r.type().equals("Microsoft.Storage/storageAccounts") && r.resource().path("name").asText().equals(name);
    }

    private JsonNode storageAccount(String name) {
        return TemplateRules.allResources(template).stream().filter(r -> isAccount(r, name))
                .findFirst().orElseThrow(() -> new AssertionError("no storage account named " + name)).resource();
    }

    /** The template parameter a value like {@code [parameters('x')]} refers to. */
    private JsonNode parameter(JsonNode expression) {
        String text = expression.asText();
        assertTrue(text.matches("^\\[parameters\\('[^']+'\\)]$"), "expected a plain parameter reference, was " + text);
        return template.path("parameters").path(text.substring("[parameters('".length(), text.length() - "')]".length()));
    }

    private JsonNode parameterDefault(JsonNode expression) {
        return parameter(expression).path("defaultValue");
    }
}
