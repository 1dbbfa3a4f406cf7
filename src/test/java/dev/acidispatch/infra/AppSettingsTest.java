package dev.acidispatch.infra;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acidispatch.config.Settings;
import org.junit.jupiter.api.Test;
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

    /** Settings read by the platform, the Functions host or azure-identity rather than by Settings. */
    private static final Set<String> RUNTIME = Set.of(
            "FUNCTIONS_EXTENSION_VERSION", "FUNCTIONS_WORKER_RUNTIME",
            "APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_ENABLE_AGENT",
            "AzureWebJobsStorage__credential", "AzureWebJobsStorage__clientId", "AZURE_CLIENT_ID",
            "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "WEBSITE_CONTENTSHARE", "WEBSITE_RUN_FROM_PACKAGE");

    private final JsonNode template = TemplateRules.read("infra/main.json");

    @Test
    void appSettingsAreExactlyTheCodesVariablesPlusRuntimeSettings() {
        Set<String> expected = new TreeSet<>(Settings.VARIABLES);
        expected.removeAll(OMITTED_IN_AZURE.keySet());
        expected.addAll(RUNTIME);

        assertEquals(expected, new TreeSet<>(TemplateRules.appSettings(template).keySet()));
    }

    @Test
    void omittedVariablesAreRealVariables() {
        assertTrue(Settings.VARIABLES.containsAll(OMITTED_IN_AZURE.keySet()), "omission list names variables Settings reads");
        assertTrue(RUNTIME.stream().noneMatch(Settings.VARIABLES::contains), "runtime settings are not Settings variables");
    }

    @Test
    void templateDefaultsAreValidAndEqualTheCodeDefaults() {
        Map<String, String> atDefaults = TemplateRules.appSettingsAtDefaults(template);
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

    @Test
    void pomDeploysTheWayTheTemplateRunsTheApp() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(TemplateRules.repoFile("pom.xml").toFile());
        Element plugin = functionsPlugin(pom);
        Element configuration = child(plugin, "configuration");
        Map<String, String> settings = TemplateRules.appSettings(template);

        assertEquals("RUN_FROM_ZIP", text(configuration, "deploymentType"),
                "the plugin's Linux Elastic Premium default (RUN_FROM_BLOB) needs an AzureWebJobsStorage connection string");
        assertEquals("1", settings.get("WEBSITE_RUN_FROM_PACKAGE"), "template keeps the setting zip deploy relies on");
        assertEquals("linux", text(child(configuration, "runtime"), "os"));
        assertEquals("Java|" + text(child(configuration, "runtime"), "javaVersion"),
                template.path("resources").findValue("linuxFxVersion").asText());
        assertEquals(property(pom, "functionPricingTier"), template.path("parameters").path("planSku").path("defaultValue").asText());

        Map<String, String> pluginSettings = new LinkedHashMap<>();
        NodeList properties = child(configuration, "appSettings").getElementsByTagName("property");
        for (int i = 0; i < properties.getLength(); i++) {
            Element property = (Element) properties.item(i);
            pluginSettings.put(text(property, "name"), text(property, "value"));
        }
        pluginSettings.forEach((name, value) -> assertEquals(value, settings.get(name), "plugin and template disagree on " + name));
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
