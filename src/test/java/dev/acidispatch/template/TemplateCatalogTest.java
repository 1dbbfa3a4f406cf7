package dev.acidispatch.template;

import dev.acidispatch.config.Settings;
import dev.acidispatch.job.JobValidator;
import dev.acidispatch.job.TestJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemplateCatalogTest {
    /** A valid custom template; tests break one aspect at a time. */
    private static final String GOOD = """
            {
              "resources": [{
                "type": "Microsoft.ContainerInstance/containerGroups",
                "apiVersion": "2023-05-01",
                "name": {{containerGroupName}},
                "location": {{location}},
                "properties": {
                  "osType": "Linux",
                  "restartPolicy": "Never",
                  "containers": [{"name": "worker", "properties": {
                    "image": {{image}},
                    "environmentVariables": {{aci.environmentVariables}},
                    "resources": {"requests": {"cpu": {{cpu}}, "memoryInGB": {{memoryGb}}}}
                  }}]
                }
              }]
            }
            """;

    @TempDir
    Path dir;

    private InvalidTemplateException rejected(String fileName, String text) throws IOException {
        Files.writeString(dir.resolve(fileName), text);
        return assertThrows(InvalidTemplateException.class, () -> TemplateCatalog.load(Optional.of(dir)));
    }

    private static void says(InvalidTemplateException e, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), () -> "'" + e.getMessage() + "' lacks '" + fragment + "'");
        }
    }

    @Test
    void builtInCatalogHasOnlyTheDefault() {
        assertEquals(Set.of("default"), TemplateCatalog.builtIn().names());
    }

    @Test
    void customTemplatesLoadFromTheSettingsDirectoryAndFeedTheValidator() throws IOException {
        Files.writeString(dir.resolve("worker.json.mustache"), GOOD);
        Files.writeString(dir.resolve("README.txt"), "ignored");
        TemplateCatalog catalog = TemplateCatalog.fromSettings(Settings.from(Map.of(Settings.Names.TEMPLATES_DIR, dir.toString())));
        assertEquals(List.of("default", "worker"), List.copyOf(catalog.names()));
        JobValidator validator = new JobValidator(TestJobs.DEFAULTS, catalog.names());
        RenderedDeployment deployment = new TemplateRenderer(catalog)
                .render(validator.resolve("{\"jobId\":\"w-1\",\"image\":\"busybox\",\"template\":\"worker\"}"));
        assertEquals("worker", deployment.containerName());
        assertTrue(deployment.body().contains("\"aci-dispatch-job\":\"w-1\""), deployment.body());
        assertTrue(deployment.body().contains("\"registryPassword\":{\"type\":\"secureString\""),
                "secure parameters declared");
    }

    @Test
    void tripleMustacheIsJustAsSafe() throws IOException {
        Files.writeString(dir.resolve("triple.json.mustache"), GOOD.replace("{{image}}", "{{{image}}}"));
        TemplateCatalog catalog = TemplateCatalog.load(Optional.of(dir));
        String body = new TemplateRenderer(catalog).render(new JobValidator(TestJobs.DEFAULTS, catalog.names())
                .resolve("{\"image\":\"busybox\",\"template\":\"triple\"}")).body();
        assertTrue(body.contains("\"image\":\"busybox\""), body);
    }

    /** ACI retired GPUs, so the view no longer has gpu or hasGpu; a template written for them renders as CPU-only. */
    @Test
    void aTemplateWrittenForGpusStillLoadsAndRendersWithoutThem() throws IOException {
        Files.writeString(dir.resolve("legacy.json.mustache"), GOOD.replace("\"memoryInGB\": {{memoryGb}}}",
                "\"memoryInGB\": {{memoryGb}}{{#hasGpu}}, \"gpu\": {{gpu}}{{/hasGpu}}}"));
        TemplateCatalog catalog = TemplateCatalog.load(Optional.of(dir));
        String body = new TemplateRenderer(catalog).render(new JobValidator(TestJobs.DEFAULTS, catalog.names())
                .resolve("{\"image\":\"busybox\",\"cpu\":2,\"template\":\"legacy\"}")).body();
        assertTrue(body.contains("\"requests\":{\"cpu\":2.0,\"memoryInGB\":1.5}"), body);
        assertFalse(body.contains("gpu"), body);
    }

    @Test
    void quotesAroundATagAreCaughtAtLoadWithTheFix() throws IOException {
        says(rejected("quoted.json.mustache", GOOD.replace("{{image}}", "\"{{image}}\"")),
                "quoted.json.mustache", "not valid JSON", "without quotes around the tag");
    }

    @Test
    void twoContainerGroupsAreRejected() throws IOException {
        String group = GOOD.substring(GOOD.indexOf("{\n    \"type\""), GOOD.lastIndexOf("}]"));
        says(rejected("two.json.mustache", GOOD.replace("\"resources\": [{", "\"resources\": [" + group + "}, {")),
                "two.json.mustache", "exactly one resource of type Microsoft.ContainerInstance/containerGroups, found 2");
    }

    @Test
    void noContainerGroupIsRejected() throws IOException {
        says(rejected("none.json.mustache", GOOD.replace("Microsoft.ContainerInstance/containerGroups", "Microsoft.Storage/storageAccounts")),
                "none.json.mustache", "found 0");
    }

    @Test
    void aGroupWithoutContainersIsRejected() throws IOException {
        String noContainers = GOOD.substring(0, GOOD.indexOf("\"containers\"")) + "\"containers\": []\n    }\n  }]\n}\n";
        says(rejected("empty.json.mustache", noContainers), "empty.json.mustache", "at least one container");
    }

    @Test
    void theGroupMustCarryTheDerivedName() throws IOException {
        says(rejected("named.json.mustache", GOOD.replace("{{containerGroupName}}", "\"fixed-name\"")),
                "named.json.mustache", "must be named {{containerGroupName}}");
    }

    private static String withParameters(String parameters) {
        return GOOD.replace("\"resources\"", "\"parameters\": " + parameters + ",\n  \"resources\"");
    }

    @Test
    void secureParametersMustStaySecure() throws IOException {
        says(rejected("leaky.json.mustache", withParameters("{\"RegistryPassword\": {\"type\": \"string\"}}")),
                "leaky.json.mustache", "'RegistryPassword' must have type secureString");
    }

    @Test
    void aTemplateDeclaringTheFormerSecureObjectFailsAtLoadWithTheFix() throws IOException {
        says(rejected("legacy.json.mustache", withParameters("{\"secureEnv\": {\"type\": \"secureObject\", "
                        + "\"defaultValue\": {}}}")),
                "legacy.json.mustache", "declares parameter 'secureEnv'", "Azure/bicep#9173",
                "\"environmentVariables\": {{aci.environmentVariables}}");
    }

    @Test
    void aTemplateReadingTheFormerSecureObjectFailsAtLoadNamingWhere() throws IOException {
        String legacy = GOOD.replace("\"environmentVariables\": {{aci.environmentVariables}},",
                "\"environmentVariables\": [{\"name\": \"DB\", \"secureValue\": \"[parameters( 'SECUREENV' ).DB]\"}],");
        says(rejected("reads-legacy.json.mustache", legacy), "reads-legacy.json.mustache",
                "uses parameters('secureEnv') at $.resources[0].properties.containers[0].properties"
                        + ".environmentVariables[0].secureValue", "one per top-level secureString parameter");
    }

    @Test
    void anEscapedLiteralMentioningTheFormerParameterIsNotAReference() throws IOException {
        Files.writeString(dir.resolve("literal.json.mustache"), GOOD.replace("\"location\": {{location}},",
                "\"location\": {{location}},\n    \"tags\": {\"note\": \"[[parameters('secureEnv')]\"},"));
        assertTrue(TemplateCatalog.load(Optional.of(dir)).names().contains("literal"));
    }

    @Test
    void theGeneratedSecureParameterNamesAreReserved() throws IOException {
        says(rejected("reserved.json.mustache", withParameters("{\"SecureEnv3\": {\"type\": \"secureString\"}}")),
                "reserved.json.mustache", "'SecureEnv3'", "reserved");
    }

    @Test
    void mustacheSyntaxErrorsNameTheFile() throws IOException {
        says(rejected("broken.json.mustache", GOOD.replace("{{image}}", "{{#hasCommand}}{{image}}")),
                "broken.json.mustache", "does not compile as mustache");
    }

    @Test
    void templatesThatBreakOnAbsentOptionalsAreCaught() throws IOException {
        // Trailing comma when the job has no command: only the minimal sample exposes it.
        says(rejected("optional.json.mustache", GOOD.replace("\"image\": {{image}},",
                        "\"image\": {{image}},{{#hasCommand}}\"command\": {{command}},{{/hasCommand}}")
                .replace("\"environmentVariables\": {{aci.environmentVariables}},",
                        "{{#hasCommand}}\"environmentVariables\": {{aci.environmentVariables}},{{/hasCommand}}")
                .replace("\"resources\": {\"requests\"", "{{#hasCommand}}\"resources\": {\"requests\"")
                .replace("{{memoryGb}}}}", "{{memoryGb}}}}{{/hasCommand}}")),
                "optional.json.mustache", "not valid JSON");
    }

    @Test
    void badFileNamesAndTheReservedDefaultNameAreRejected() throws IOException {
        says(rejected("My Template.json.mustache", GOOD), "My Template.json.mustache", "rename the file");
        Files.delete(dir.resolve("My Template.json.mustache"));
        says(rejected("default.json.mustache", GOOD), "default.json.mustache", "built-in");
    }

    @Test
    void aMissingDirectoryNamesTheSetting() {
        InvalidTemplateException e = assertThrows(InvalidTemplateException.class,
                () -> TemplateCatalog.load(Optional.of(dir.resolve("absent"))));
        says(e, "absent", Settings.Names.TEMPLATES_DIR);
    }

    @Test
    void variablesTemplatesAreCheckedWithTheirSampleFile() throws IOException {
        String withVariable = GOOD.replace("\"location\": {{location}},", "\"location\": {{location}},\n"
                + "    \"tags\": {\"owner\": {{variables.owner}}},");
        says(rejected("needsvars.json.mustache", withVariable), "needsvars.json.mustache", "renders nothing");
        Files.writeString(dir.resolve("needsvars.variables.json"), "{\"owner\": \"team-a\"}");
        assertTrue(TemplateCatalog.load(Optional.of(dir)).names().contains("needsvars"));
    }

    @Test
    void aTemplateCannotReachSecretsEvenByDumpingTheWholeView() throws IOException {
        Files.writeString(dir.resolve("dump.json.mustache"), GOOD.replace("\"location\": {{location}},",
                "\"location\": {{location}},\n    \"properties_dump\": {{.}},"));
        TemplateCatalog catalog = TemplateCatalog.load(Optional.of(dir));
        RenderedDeployment deployment = new TemplateRenderer(catalog).render(new JobValidator(TestJobs.DEFAULTS,
                catalog.names()).resolve("{\"image\":\"busybox\",\"template\":\"dump\",\"secureEnv\":{\"K\":\"sekrit-1\"},"
                + "\"registry\":{\"server\":\"r.io\",\"username\":\"u\",\"password\":\"sekrit-2\"}}"));
        String template = deployment.body()
                .substring(0, deployment.body().indexOf("\"parameters\":{\"secureEnv0\":{\"value\""));
        assertTrue(template.contains("properties_dump"), template);
        assertFalse(template.contains("sekrit"), template);
    }
}
