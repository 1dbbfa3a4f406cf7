package dev.acidispatch.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acidispatch.job.JobNames;
import dev.acidispatch.job.ResolvedJob;
import dev.acidispatch.job.TestJobs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemplateRendererTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET_ENV = "sekrit-env-\u2028-value";
    private static final String SECRET_PASSWORD = "sekrit-registry-\"password\"";
    @TempDir
    static Path templatesDir;
    private static TemplateRenderer renderer;

    @BeforeAll
    static void catalogWithACustomTemplate() throws IOException {
        Files.writeString(templatesDir.resolve("with-vars.json.mustache"), """
                {
                  "resources": [{
                    "type": "Microsoft.ContainerInstance/containerGroups",
                    "apiVersion": "2023-05-01",
                    "name": {{containerGroupName}},
                    "location": {{location}},
                    "properties": {
                      "osType": "Linux",
                      "restartPolicy": "Never",
                      "containers": [{"name": "main", "properties": {
                        "image": {{image}},
                        "environmentVariables": [{"name": "NOTE", "value": {{{variables.note}}}}],
                        "resources": {{aci.resources}}
                      }}]
                    }
                  }]
                }
                """);
        Files.writeString(templatesDir.resolve("with-vars.variables.json"), "{\"note\": \"sample\"}");
        renderer = new TemplateRenderer(TemplateCatalog.load(Optional.of(templatesDir)));
    }

    private static ResolvedJob job(ObjectNode message) {
        return new dev.acidispatch.job.JobValidator(TestJobs.DEFAULTS, Set.of("default", "with-vars"))
                .resolve(message.toString());
    }

    private static ObjectNode fullMessage() {
        ObjectNode m = JSON.createObjectNode();
        m.put("jobId", "etl-1").put("image", "r.azurecr.io/etl:1.4");
        m.putArray("command").add("python").add("-m").add("etl");
        m.put("cpu", 2).put("memoryGb", 3.5);
        m.putObject("env").put("STAGE", "prod");
        m.putObject("secureEnv").put("DB_PASSWORD", SECRET_ENV);
        m.putObject("registry").put("server", "r.azurecr.io").put("username", "puller").put("password", SECRET_PASSWORD);
        m.putArray("identities").add(TestJobs.IDENTITY);
        m.putArray("subnetIds").add(TestJobs.SUBNET);
        m.putArray("dnsServers").add("10.0.0.4");
        m.putObject("tags").put("team", "data");
        m.put("location", "northeurope").put("resourceGroup", "jobs-rg");
        return m;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode group(JsonNode body) {
        JsonNode resources = body.at("/properties/template/resources");
        assertEquals(1, resources.size());
        return resources.get(0);
    }

    @Test
    void defaultTemplateRendersOneLinuxContainerGroupWithEveryField() {
        ResolvedJob job = job(fullMessage());
        RenderedDeployment deployment = renderer.render(job);
        assertEquals("acid-etl-1", deployment.deploymentName());
        assertEquals("acid-etl-1", deployment.containerGroupName());
        assertEquals("jobs-rg", deployment.resourceGroup());
        assertEquals(TemplateCatalog.DEFAULT_CONTAINER_NAME, deployment.containerName());

        JsonNode body = parse(deployment.body());
        assertEquals("Incremental", body.at("/properties/mode").asText());
        JsonNode group = group(body);
        assertEquals(TemplateRenderer.CONTAINER_GROUP_TYPE, group.get("type").asText());
        assertEquals("2023-05-01", group.get("apiVersion").asText());
        assertEquals("acid-etl-1", group.get("name").asText());
        assertEquals("northeurope", group.get("location").asText());
        assertEquals(Map.of("team", "data", JobNames.TAG_JOB_ID, "etl-1", JobNames.TAG_MANAGED, "true"),
                JSON.convertValue(group.get("tags"), Map.class));
        assertEquals("UserAssigned", group.at("/identity/type").asText());
        assertTrue(group.at("/identity/userAssignedIdentities").has(TestJobs.IDENTITY));
        JsonNode props = group.get("properties");
        assertEquals("Linux", props.get("osType").asText());
        assertEquals("Never", props.get("restartPolicy").asText());
        assertEquals("Regular", props.get("priority").asText());
        assertEquals(TestJobs.SUBNET, props.at("/subnetIds/0/id").asText());
        assertEquals("10.0.0.4", props.at("/dnsConfig/nameServers/0").asText());
        assertEquals("puller", props.at("/imageRegistryCredentials/0/username").asText());
        assertEquals("[parameters('registryPassword')]", props.at("/imageRegistryCredentials/0/password").asText());
        JsonNode container = props.at("/containers/0");
        assertEquals("job", container.get("name").asText());
        assertEquals("r.azurecr.io/etl:1.4", container.at("/properties/image").asText());
        assertEquals(List.of("python", "-m", "etl"), JSON.convertValue(container.at("/properties/command"), List.class));
        JsonNode requests = container.at("/properties/resources/requests");
        assertTrue(requests.get("cpu").isNumber());
        assertEquals(2.0, requests.get("cpu").asDouble());
        assertEquals(3.5, requests.get("memoryInGB").asDouble());
        assertEquals(List.of("cpu", "memoryInGB"), iterate(requests), "no gpu: ACI retired its GPU SKUs");
        JsonNode env = container.at("/properties/environmentVariables");
        assertEquals("STAGE", env.at("/0/name").asText());
        assertEquals("prod", env.at("/0/value").asText());
        assertEquals("DB_PASSWORD", env.at("/1/name").asText());
        assertEquals("[parameters('secureEnv0')]", env.at("/1/secureValue").asText());
        assertFalse(env.get(1).has("value"));
    }

    @Test
    void registryIdentityIsAssignedToTheGroupAndUsedForPull() {
        ObjectNode m = JSON.createObjectNode().put("image", "r.azurecr.io/etl:1");
        m.putObject("registry").put("server", "r.azurecr.io").put("identity", TestJobs.IDENTITY);
        JsonNode group = group(parse(renderer.render(job(m)).body()));
        assertEquals(TestJobs.IDENTITY, group.at("/properties/imageRegistryCredentials/0/identity").asText());
        assertFalse(group.at("/properties/imageRegistryCredentials/0").has("password"));
        assertEquals(List.of(TestJobs.IDENTITY), iterate(group.at("/identity/userAssignedIdentities")));
    }

    @Test
    void minimalJobOmitsOptionalBlocks() {
        JsonNode group = group(parse(renderer.render(job(JSON.createObjectNode().put("image", "busybox"))).body()));
        assertFalse(group.has("identity"));
        JsonNode props = group.get("properties");
        for (String absent : List.of("imageRegistryCredentials", "subnetIds", "dnsConfig")) {
            assertFalse(props.has(absent), absent);
        }
        assertFalse(props.at("/containers/0/properties").has("command"));
        assertEquals(0, props.at("/containers/0/properties/environmentVariables").size());
    }

    @Test
    void secretsStayOutOfTheTemplateAndPreviewButReachTheParameters() {
        RenderedDeployment deployment = renderer.render(job(fullMessage()));
        JsonNode body = parse(deployment.body());
        String template = body.at("/properties/template").toString();
        assertFalse(template.contains("sekrit"), template);
        assertEquals(SECRET_ENV, body.at("/properties/parameters/secureEnv0/value").asText());
        assertEquals(SECRET_PASSWORD, body.at("/properties/parameters/registryPassword/value").asText());
        assertEquals("secureString", body.at("/properties/template/parameters/secureEnv0/type").asText());
        assertEquals("secureString", body.at("/properties/template/parameters/registryPassword/type").asText());

        String preview = deployment.preview(false);
        assertFalse(preview.contains("sekrit"), preview);
        JsonNode masked = parse(preview);
        assertEquals(RenderedDeployment.MASK, masked.at("/properties/parameters/secureEnv0/value").asText());
        assertEquals(RenderedDeployment.MASK, masked.at("/properties/parameters/registryPassword/value").asText());
        assertEquals(body, parse(deployment.preview(true)));
        assertFalse(deployment.toString().contains("sekrit"));
    }

    @Test
    void eachSecretIsItsOwnTopLevelSecureStringEvenWhenNamesDifferOnlyInCase() {
        ObjectNode m = JSON.createObjectNode().put("jobId", "secrets-1").put("image", "busybox");
        // Message order deliberately not sorted; ARM parameter names are case-insensitive, env names are not.
        m.putObject("secureEnv").put("foo", "[x]").put("FOO", "[reference('x')]").put("Bar", "[\"a\",\"b\"]");
        m.putObject("registry").put("server", "r.io").put("username", "u").put("password", "[[y]");
        JsonNode body = parse(renderer.render(job(m)).body());

        JsonNode parameters = body.at("/properties/parameters");
        assertEquals(List.of("secureEnv0", "secureEnv1", "secureEnv2", "registryPassword"), iterate(parameters));
        parameters.forEach(p -> assertTrue(p.get("value").isTextual(), "a top-level string, never nested: " + p));
        // Ordinal name order: Bar < FOO < foo.
        assertEquals("[\"a\",\"b\"]", parameters.at("/secureEnv0/value").asText());
        assertEquals("[reference('x')]", parameters.at("/secureEnv1/value").asText());
        assertEquals("[x]", parameters.at("/secureEnv2/value").asText());
        JsonNode declared = body.at("/properties/template/parameters");
        for (String name : List.of("secureEnv0", "secureEnv1", "secureEnv2", "registryPassword")) {
            assertEquals("securestring", declared.at("/" + name + "/type").asText().toLowerCase(Locale.ROOT));
        }
        declared.forEach(d -> assertFalse(d.path("type").asText().toLowerCase(Locale.ROOT).endsWith("object"),
                "no object parameter: " + declared));

        Map<String, String> references = new LinkedHashMap<>();
        container(body).at("/properties/environmentVariables")
                .forEach(v -> references.put(v.get("name").asText(), v.get("secureValue").asText()));
        assertEquals(Map.of("Bar", "[parameters('secureEnv0')]", "FOO", "[parameters('secureEnv1')]",
                "foo", "[parameters('secureEnv2')]"), references);

        ObjectNode reordered = m.deepCopy();
        reordered.putObject("secureEnv").put("Bar", "[\"a\",\"b\"]").put("FOO", "[reference('x')]").put("foo", "[x]");
        assertEquals(renderer.render(job(m)).body(), renderer.render(job(reordered)).body(),
                "the names derive from the variable names, not from message order");
    }

    @Test
    void renderingIsDeterministic() {
        ResolvedJob job = job(fullMessage());
        assertEquals(renderer.render(job).body(), renderer.render(job).body());
    }

    @Test
    void customTemplateGetsVariablesEscapedTheSameWay() {
        ObjectNode m = JSON.createObjectNode().put("jobId", "custom-1").put("image", "busybox").put("template", "with-vars");
        m.putObject("variables").put("note", "[concat('x')]");
        RenderedDeployment deployment = renderer.render(job(m));
        assertEquals("main", deployment.containerName());
        JsonNode group = group(parse(deployment.body()));
        assertEquals("[[concat('x')]", group.at("/properties/containers/0/properties/environmentVariables/0/value").asText());
        assertEquals("custom-1", group.at("/tags/" + JobNames.TAG_JOB_ID).asText(), "reserved tags are always added");
        assertEquals("true", group.at("/tags/" + JobNames.TAG_MANAGED).asText());
    }

    static final List<String> HOSTILE = List.of(
            "plain", "\"", "\"quoted\" value", "\\", "back\\slash\\\\", "line\nbreak", "tab\there", "cr\rlf\r\n",
            "nul\u0000byte", "bell\u0007esc\u001b", "\u007f", "{{", "}}", "{{{x}}}", "{{image}}", "{{#aci}}x{{/aci}}",
            "[concat('a')]", "[[x", "[x]", "[[x]]", "]", "[", "[]", "\", \"injected\": \"x", "\"}]}, {\"x\": [\"",
            "emoji \uD83D\uDE80\uD83D\uDC4D", "sep\u2028para\u2029", "\uFEFFbom", "</script>", "&amp;<>'",
            "x".repeat(10_000));

    /** A field carrying a string from the message, how to set it, where it lands and whether ARM evaluates it. */
    record Field(String name, BiConsumer<ObjectNode, String> set, Function<JsonNode, JsonNode> get, boolean inTemplate,
                 int maxLength) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Field> FIELDS = List.of(
            new Field("command item", (m, v) -> m.putArray("command").add("sh").add(v),
                    b -> container(b).at("/properties/command/1"), true, 16_384),
            new Field("env value", (m, v) -> m.putObject("env").put("V", v),
                    b -> container(b).at("/properties/environmentVariables/0/value"), true, 16_384),
            new Field("tag value", (m, v) -> m.putObject("tags").put("t", v), b -> group(b).at("/tags/t"), true, 256),
            new Field("tag key", (m, v) -> m.putObject("tags").put(tagKey(v), "v"),
                    b -> keyOfFirstUserTag(group(b).get("tags")), true, 512),
            new Field("registry username", (m, v) -> m.putObject("registry").put("server", "r.io").put("username", v)
                    .put("password", "p"), b -> group(b).at("/properties/imageRegistryCredentials/0/username"), true, 256),
            new Field("variables value (custom template)", (m, v) -> m.put("template", "with-vars")
                    .putObject("variables").put("note", v),
                    b -> container(b).at("/properties/environmentVariables/0/value"), true, 16_000),
            new Field("secureEnv value (parameter)", (m, v) -> m.putObject("secureEnv").put("S", v),
                    b -> b.at("/properties/parameters/secureEnv0/value"), false, 16_384),
            new Field("registry password (parameter)", (m, v) -> m.putObject("registry").put("server", "r.io")
                    .put("username", "u").put("password", v),
                    b -> b.at("/properties/parameters/registryPassword/value"), false, 8_192));

    static Stream<Arguments> hostileValues() {
        List<Arguments> cases = new ArrayList<>();
        for (Field field : FIELDS) {
            for (String value : HOSTILE) {
                cases.add(Arguments.of(field, value.length() > field.maxLength ? value.substring(0, field.maxLength) : value));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {index}")
    @MethodSource("hostileValues")
    void hostileValuesRoundTripExactlyAndCreateNoStructure(Field field, String value) {
        String input = field.name.equals("tag key") ? tagKey(value) : value;
        String body = renderWith(field, value);
        assertFalse(body.contains("\u2028") || body.contains("\u2029"), "line separators are escaped");
        assertTrue(body.chars().noneMatch(c -> c < 0x20), "control characters are escaped");
        JsonNode parsed = parse(body);
        JsonNode landed = field.get.apply(parsed);
        assertTrue(landed.isTextual(), () -> field + " landed as " + landed);
        String expected = field.inTemplate ? ArmJson.neutralise(input) : input;
        assertEquals(expected, landed.asText());
        if (field.inTemplate) {
            assertEquals(input, ArmJson.armLiteralValue(landed.asText()), "ARM deploys the value unchanged");
        }
        assertEquals(shape(parse(renderWith(field, "plain"))), shape(parsed), "no extra keys or elements");
    }

    private static String renderWith(Field field, String value) {
        ObjectNode m = JSON.createObjectNode().put("jobId", "hostile").put("image", "busybox");
        field.set.accept(m, value);
        return renderer.render(job(m)).body();
    }

    /** Tag keys may not hold ARM's forbidden characters or start with '['; keep everything else hostile. */
    static String tagKey(String value) {
        String key = "k" + value.replaceAll("[<>%&\\\\?/]", "");
        return key.length() > 512 ? key.substring(0, 512) : key;
    }

    private static JsonNode keyOfFirstUserTag(JsonNode tags) {
        for (Iterator<String> it = tags.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!key.startsWith(JobNames.RESERVED_TAG_PREFIX)) {
                return com.fasterxml.jackson.databind.node.TextNode.valueOf(key);
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static JsonNode container(JsonNode body) {
        return group(body).at("/properties/containers/0");
    }

    /** Every path in the document with user tag names blanked, values ignored. */
    private static Set<String> shape(JsonNode node) {
        Set<String> paths = new TreeSet<>();
        collect(node, "", paths);
        return paths;
    }

    private static void collect(JsonNode node, String path, Set<String> out) {
        out.add(path + ":" + node.getNodeType());
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                boolean userTag = path.endsWith("/tags") && !e.getKey().startsWith(JobNames.RESERVED_TAG_PREFIX);
                collect(e.getValue(), path + "/" + (userTag ? "<tag>" : e.getKey()), out);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), path + "/" + i, out);
            }
        }
    }

    private static List<String> iterate(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
