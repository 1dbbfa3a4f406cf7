package dev.acidispatch.infra;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acidispatch.config.Settings;
import dev.acidispatch.infra.TemplateRules.Plan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The deployed app settings, the local sample, the parameters example and the pom agree with the code. */
class AppSettingsTest {
    /** Settings.VARIABLES entries the template deliberately leaves unset, with the reason. */
    private static final Map<String, String> OMITTED_IN_AZURE = Map.of(
            Settings.Names.STORAGE, "a connection string would need an account key; the host connects with the identity via "
                    + "AzureWebJobsStorage__accountName/__credential/__clientId instead",
            Settings.Names.ARM_ENDPOINT, "emulator override only; unset means the public Azure Resource Manager endpoint");

    /** Settings read by the platform, the Functions host or azure-identity rather than by Settings, on both plans. */
    private static final Set<String> RUNTIME = Set.of(
            "APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_ENABLE_AGENT",
            "AzureWebJobsStorage__credential", "AzureWebJobsStorage__clientId", "AZURE_CLIENT_ID",
            // The Durable backend switch (durableBackend): host.json values overridden by app settings.
            DurableBackendTest.HUB_NAME, DurableBackendTest.PROVIDER_TYPE, DurableBackendTest.PROVIDER_CONNECTION,
            DurableBackendTest.SCHEDULER_CONNECTION);
    /**
     * Elastic Premium only: the worker runtime settings and the Azure Files content share. On Flex Consumption the
     * runtime is functionAppConfig.runtime and the package a blob container; these settings are deprecated there.
     */
    private static final Set<String> ELASTIC_PREMIUM_RUNTIME = Set.of(
            "FUNCTIONS_EXTENSION_VERSION", "FUNCTIONS_WORKER_RUNTIME",
            "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "WEBSITE_CONTENTSHARE", "WEBSITE_RUN_FROM_PACKAGE");

    private final JsonNode template = TemplateRules.read("infra/main.json");

    @ParameterizedTest
    @EnumSource(Plan.class)
    void appSettingsAreExactlyTheCodesVariablesPlusRuntimeSettings(Plan plan) {
        Set<String> expected = new TreeSet<>(Settings.VARIABLES);
        expected.removeAll(OMITTED_IN_AZURE.keySet());
        expected.addAll(RUNTIME);
        if (plan == Plan.ELASTIC_PREMIUM) {
            expected.addAll(ELASTIC_PREMIUM_RUNTIME);
        }

        assertEquals(expected, new TreeSet<>(TemplateRules.appSettings(template, plan).keySet()));
    }

    @Test
    void bothPlansSetTheCodesVariablesToTheSameValues() {
        Map<String, String> flex = TemplateRules.appSettings(template, Plan.FLEX_CONSUMPTION);
        Map<String, String> premium = TemplateRules.appSettings(template, Plan.ELASTIC_PREMIUM);
        for (String name : flex.keySet()) {
            assertEquals(premium.get(name), flex.get(name), name + " differs between the plans");
        }
    }

    @Test
    void omittedVariablesAreRealVariables() {
        assertTrue(Settings.VARIABLES.containsAll(OMITTED_IN_AZURE.keySet()), "omission list names variables Settings reads");
        assertTrue(RUNTIME.stream().noneMatch(Settings.VARIABLES::contains), "runtime settings are not Settings variables");
        assertTrue(ELASTIC_PREMIUM_RUNTIME.stream().noneMatch(Settings.VARIABLES::contains), "runtime settings are not Settings variables");
    }

    @ParameterizedTest
    @EnumSource(Plan.class)
    void templateDefaultsAreValidAndEqualTheCodeDefaults(Plan plan) {
        Map<String, String> atDefaults = TemplateRules.appSettingsAtDefaults(template, plan);
        for (String name : Settings.VARIABLES) {
            if (name.startsWith("DISPATCH_") && !name.equals(Settings.Names.SUBSCRIPTION_ID)
                    && !name.equals(Settings.Names.DEFAULT_RESOURCE_GROUP) && !name.equals(Settings.Names.ALLOWED_RESOURCE_GROUPS)
                    && !name.equals(Settings.Names.DEFAULT_LOCATION) && !OMITTED_IN_AZURE.containsKey(name)) {
                assertTrue(atDefaults.containsKey(name), name + " has a literal default in the template");
            }
        }

        Settings deployed = Settings.from(atDefaults);
        Settings code = Settings.from(Map.of());

        assertEquals(describe(code), describe(deployed));
    }

    @Test
    void localSampleCoversEveryVariable() {
        JsonNode values = TemplateRules.read("local.settings.sample.json").path("Values");
        Set<String> missing = new LinkedHashSet<>(Settings.VARIABLES);
        missing.removeAll(TemplateRules.fieldNames(values));

        assertEquals(Set.of(), missing, "add these to local.settings.sample.json");
        assertEquals("java", values.path("FUNCTIONS_WORKER_RUNTIME").asText());
    }

    /**
     * The Functions Maven plugin deploys into the app the template created, so the pom must describe the same app:
     * the default pricing tier is the default plan (otherwise the plugin tries to move the app to another plan), the
     * Java version is the site's runtime, and Elastic Premium's zip deployment relies on WEBSITE_RUN_FROM_PACKAGE=1.
     * The plugin's own app settings matter on Elastic Premium only: on Flex Consumption it drops them before it
     * writes the site (FunctionAppDraft.updateSiteConfigurations, azure-toolkit-appservice-lib 0.52.0).
     */
    @Test
    void pomDeploysTheWayTheTemplateRunsTheApp() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(TemplateRules.repoFile("pom.xml").toFile());
        Element plugin = functionsPlugin(pom);
        Element configuration = child(plugin, "configuration");
        JsonNode plans = template.path("parameters").path("plan");

        assertEquals("FlexConsumption", plans.path("defaultValue").asText());
        assertEquals("Flex Consumption", property(pom, "functionPricingTier"),
                "the plugin's name for the template's default plan (PricingTier.FLEX_CONSUMPTION)");
        assertEquals("${functionPricingTier}", text(configuration, "pricingTier"));
        assertEquals("linux", text(child(configuration, "runtime"), "os"));
        String javaVersion = text(child(configuration, "runtime"), "javaVersion");
        assertEquals(javaVersion, TemplateRules.only(template, Plan.FLEX_CONSUMPTION, TemplateRules.SITES).resource()
                .path("properties").path("functionAppConfig").path("runtime").path("version").asText());
        assertEquals("Java|" + javaVersion, TemplateRules.only(template, Plan.ELASTIC_PREMIUM, TemplateRules.SITES).resource()
                .path("properties").path("siteConfig").path("linuxFxVersion").asText());

        Map<String, String> premium = TemplateRules.appSettings(template, Plan.ELASTIC_PREMIUM);
        assertEquals("RUN_FROM_ZIP", text(configuration, "deploymentType"),
                "the plugin's Linux Elastic Premium default (RUN_FROM_BLOB) needs an AzureWebJobsStorage connection string");
        assertEquals("1", premium.get("WEBSITE_RUN_FROM_PACKAGE"), "template keeps the setting zip deploy relies on");

        Map<String, String> pluginSettings = new LinkedHashMap<>();
        NodeList properties = child(configuration, "appSettings").getElementsByTagName("property");
        for (int i = 0; i < properties.getLength(); i++) {
            Element property = (Element) properties.item(i);
            pluginSettings.put(text(property, "name"), text(property, "value"));
        }
        pluginSettings.forEach((name, value) -> assertEquals(value, premium.get(name), "plugin and template disagree on " + name));
        assertTrue(TemplateRules.FLEX_REJECTED_SETTINGS.containsAll(pluginSettings.keySet()),
                "on Flex the plugin drops only settings Flex rejects; others would reach the app: " + pluginSettings.keySet());
    }

    /**
     * Flex Consumption runs Durable Functions only on the Azure Storage provider, and non-C# apps there need extension
     * bundle [4.0.0, 5.0.0) or later (Flex Consumption plan docs, "Considerations").
     */
    @Test
    void hostJsonFitsFlexConsumption() {
        JsonNode host = TemplateRules.read("host.json");
        JsonNode provider = host.path("extensions").path("durableTask").path("storageProvider").path("type");
        assertTrue(provider.isMissingNode() || provider.asText().equalsIgnoreCase("AzureStorage"),
                "Durable storage provider must be Azure Storage, was " + provider);
        assertEquals("Microsoft.Azure.Functions.ExtensionBundle", host.path("extensionBundle").path("id").asText());
        assertTrue(host.path("extensionBundle").path("version").asText().startsWith("[4."),
                "extension bundle 4.x, was " + host.path("extensionBundle").path("version"));
    }

    @Test
    void parametersExampleMatchesTheTemplate() {
        JsonNode declared = template.path("parameters");
        JsonNode example = TemplateRules.read("infra/main.parameters.example.json");
        assertTrue(example.path("$schema").asText().endsWith("/deploymentParameters.json#"));
        JsonNode values = example.path("parameters");

        for (String name : TemplateRules.fieldNames(values)) {
            assertTrue(declared.has(name), "example sets undeclared parameter " + name);
            JsonNode parameter = declared.path(name);
            JsonNode value = values.path(name).path("value");
            switch (parameter.path("type").asText().toLowerCase()) {
                case "int" -> {
                    assertTrue(value.isInt(), name + " must be a whole number");
                    assertTrue(!parameter.has("minValue") || value.asInt() >= parameter.path("minValue").asInt(), name + " below minValue");
                    assertTrue(!parameter.has("maxValue") || value.asInt() <= parameter.path("maxValue").asInt(), name + " above maxValue");
                }
                case "string" -> {
                    assertTrue(value.isTextual(), name + " must be a string");
                    assertTrue(!parameter.has("minLength") || value.asText().length() >= parameter.path("minLength").asInt(), name + " too short");
                    assertTrue(!parameter.has("maxLength") || value.asText().length() <= parameter.path("maxLength").asInt(), name + " too long");
                }
                case "bool" -> assertTrue(value.isBoolean(), name + " must be true or false");
                default -> throw new AssertionError("unexpected parameter type for " + name);
            }
            if (parameter.has("allowedValues")) {
                assertTrue(TemplateRules.list(parameter.path("allowedValues").elements()).contains(value), name + " not an allowed value");
            }
        }
        for (String name : TemplateRules.fieldNames(declared)) {
            if (!declared.path(name).has("defaultValue")) {
                assertTrue(values.has(name), "required parameter " + name + " missing from the example");
            }
        }
    }

    private static Map<String, Object> describe(Settings s) {
        Map<String, Function<Settings, Object>> getters = new LinkedHashMap<>();
        getters.put("defaultCpu", Settings::defaultCpu);
        getters.put("defaultMemoryGb", Settings::defaultMemoryGb);
        getters.put("maxCpu", Settings::maxCpu);
        getters.put("maxMemoryGb", Settings::maxMemoryGb);
        getters.put("defaultStartTimeout", Settings::defaultStartTimeout);
        getters.put("defaultTimeout", Settings::defaultTimeout);
        getters.put("maxTimeout", Settings::maxTimeout);
        getters.put("pollMin", Settings::pollMin);
        getters.put("pollMax", Settings::pollMax);
        getters.put("pollBackoffFactor", Settings::pollBackoffFactor);
        getters.put("pollLatencyRatio", Settings::pollLatencyRatio);
        getters.put("pollsPerGeneration", Settings::pollsPerGeneration);
        getters.put("logTailLines", Settings::logTailLines);
        getters.put("maxActiveJobs", Settings::maxActiveJobs);
        getters.put("maxActiveCores", Settings::maxActiveCores);
        getters.put("createsPer5Min", Settings::createsPer5Min);
        getters.put("createsPerHour", Settings::createsPerHour);
        getters.put("pollSchedule", Settings::pollSchedule);
        getters.put("templatesDir", Settings::templatesDir);
        getters.put("allowedKeyVaults", Settings::allowedKeyVaults);
        Map<String, Object> described = new LinkedHashMap<>();
        getters.forEach((name, getter) -> described.put(name, getter.apply(s)));
        return described;
    }

    private static Element functionsPlugin(Document pom) {
        NodeList plugins = pom.getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element plugin = (Element) plugins.item(i);
            if ("azure-functions-maven-plugin".equals(text(plugin, "artifactId"))) {
                return plugin;
            }
        }
        throw new AssertionError("pom.xml has no azure-functions-maven-plugin");
    }

    private static String property(Document pom, String name) {
        return text(child(pom.getDocumentElement(), "properties"), name);
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("<" + parent.getTagName() + "> has no <" + name + ">");
    }

    private static String text(Element parent, String name) {
        return child(parent, name).getTextContent().trim();
    }

}
