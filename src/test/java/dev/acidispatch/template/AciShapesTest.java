package dev.acidispatch.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acidispatch.job.JobValidator;
import dev.acidispatch.job.ResolvedJob;
import dev.acidispatch.job.TestJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The default template renders every job-spec field to the shape Microsoft.ContainerInstance/containerGroups
 * 2023-05-01 defines: property names, types, required properties and enums, checked against
 * {@code arm-specs/authored-containerGroups-2023-05-01-shapes.json} (transcribed from the official ARM template schema
 * and the REST spec), plus the secure-parameter shapes ARM's deployment API defines.
 */
class AciShapesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode SHAPES = load("arm-specs/authored-containerGroups-2023-05-01-shapes.json")
            .get("definitions");
    private static final String VAULT_REF = "{\"keyVaultSecret\":{\"vaultId\":\"" + TestJobs.VAULT + "\",\"name\":\"%s\"}}";
    private final JobValidator validator = TestJobs.validator();
    private final TemplateRenderer renderer = new TemplateRenderer(TemplateCatalog.builtIn());

    private static JsonNode load(String resource) {
        try (InputStream in = AciShapesTest.class.getClassLoader().getResourceAsStream(resource)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode body(String json) {
        ResolvedJob job = validator.resolve(json);
        try {
            return JSON.readTree(renderer.render(job).body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode group(JsonNode body) {
        return body.at("/properties/template/resources/0");
    }

    static Stream<Arguments> jobs() {
        String subnet = "\"subnetIds\":[\"" + TestJobs.SUBNET + "\"]";
        return Stream.of(
                Arguments.of("minimal", "{\"image\":\"busybox\"}"),
                Arguments.of("volumes of every kind", "{\"image\":\"busybox\",\"volumes\":["
                        + "{\"name\":\"scratch\",\"mountPath\":\"/mnt/scratch\",\"emptyDir\":{}},"
                        + "{\"name\":\"creds\",\"mountPath\":\"/creds\",\"readOnly\":true,\"secret\":{\"token\":\"t\","
                        + "\"vault.txt\":" + VAULT_REF.formatted("file") + "}},"
                        + "{\"name\":\"data\",\"mountPath\":\"/data\",\"readOnly\":true,\"azureFile\":{\"shareName\":\"input\","
                        + "\"storageAccountName\":\"store1\",\"storageAccountKey\":\"k\"}}]}"),
                Arguments.of("init containers and sidecars", "{\"image\":\"busybox\",\"initContainers\":["
                        + "{\"name\":\"one\",\"image\":\"busybox\",\"command\":[\"true\"],\"env\":{\"A\":\"1\"},"
                        + "\"secureEnv\":{\"S\":\"s\"}},{\"name\":\"two\",\"image\":\"busybox\"}],"
                        + "\"sidecars\":[{\"name\":\"shipper\",\"image\":\"busybox\",\"cpu\":0.25,\"memoryGb\":0.5,"
                        + "\"secureEnv\":{\"T\":" + VAULT_REF.formatted("t") + "}}],"
                        + "\"volumes\":[{\"name\":\"shared\",\"mountPath\":\"/shared\",\"emptyDir\":{}}]}"),
                Arguments.of("public address with a label", "{\"image\":\"busybox\",\"ports\":[{\"port\":80},"
                        + "{\"port\":53,\"protocol\":\"UDP\"}],\"ipAddress\":{\"type\":\"Public\",\"dnsNameLabel\":\"etl-report\"}}"),
                Arguments.of("private address, dnsConfig", "{\"image\":\"busybox\"," + subnet + ",\"ports\":[{\"port\":8080}],"
                        + "\"ipAddress\":{\"type\":\"Private\"},\"dnsConfig\":{\"nameServers\":[\"10.0.0.4\"],"
                        + "\"searchDomains\":\"corp.example.com\",\"options\":\"ndots:2\"}}"),
                Arguments.of("dnsServers short form", "{\"image\":\"busybox\"," + subnet + ",\"dnsServers\":[\"10.0.0.4\"]}"),
                Arguments.of("system identity only", "{\"image\":\"busybox\",\"systemAssignedIdentity\":true}"),
                Arguments.of("system and user identities", "{\"image\":\"busybox\",\"systemAssignedIdentity\":true,"
                        + "\"identities\":[\"" + TestJobs.IDENTITY + "\"]}"),
                Arguments.of("windows spot on failure", "{\"image\":\"mcr.microsoft.com/windows/nanoserver:ltsc2022\","
                        + "\"osType\":\"Windows\",\"priority\":\"Spot\",\"restartPolicy\":\"OnFailure\",\"maxRestarts\":2}"),
                Arguments.of("registry password in Key Vault", "{\"image\":\"r.azurecr.io/etl:1\",\"registry\":{\"server\":"
                        + "\"r.azurecr.io\",\"username\":\"u\",\"password\":" + VAULT_REF.formatted("acr") + "}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jobs")
    void theContainerGroupHasTheApiVersionsShape(String name, String json) {
        JsonNode group = group(body(json));
        assertEquals(List.of(), violations(SHAPES.get("containerGroups"), group, "$"), name);
    }

    @Test
    void theShapeCheckCatchesWhatArmWouldRefuse() {
        ObjectNode group = (ObjectNode) group(body("{\"image\":\"busybox\",\"ports\":[{\"port\":80}]}")).deepCopy();
        ObjectNode job = (ObjectNode) group.at("/properties/containers/0/properties");
        ((ObjectNode) job.get("ports").get(0)).put("port", "80");
        job.putArray("volumeMount");
        ((ObjectNode) group.get("properties")).put("osType", "MacOs");
        ((ObjectNode) job.get("resources")).remove("requests");
        List<String> problems = violations(SHAPES.get("containerGroups"), group, "$");
        assertEquals(List.of("$.properties.containers[0].properties.ports[0].port: expected integer",
                "$.properties.containers[0].properties.resources.requests: required",
                "$.properties.containers[0].properties.volumeMount: not a property of this shape",
                "$.properties.osType: 'MacOs' is not one of [\"Windows\",\"Linux\"]"), problems.stream().sorted().toList());
    }

    @Test
    void volumesMountInEveryContainerAndSecretsAreParameterReferences() {
        JsonNode body = body("{\"image\":\"busybox\",\"volumes\":[{\"name\":\"creds\",\"mountPath\":\"/creds\","
                + "\"readOnly\":true,\"secret\":{\"b.txt\":\"bee\",\"a.txt\":" + VAULT_REF.formatted("a-file") + "}},"
                + "{\"name\":\"data\",\"mountPath\":\"/data\",\"azureFile\":{\"shareName\":\"input\","
                + "\"storageAccountName\":\"store1\",\"storageAccountKey\":\"account-key\"}}],"
                + "\"initContainers\":[{\"name\":\"init\",\"image\":\"busybox\"}],"
                + "\"sidecars\":[{\"name\":\"side\",\"image\":\"busybox\",\"cpu\":0.5,\"memoryGb\":0.5}]}");
        JsonNode properties = group(body).get("properties");
        JsonNode secret = properties.at("/volumes/0/secret");
        // Files are numbered in ordinal order of their names: a.txt is file 0.
        assertEquals("[base64(parameters('volume0SecretFile0'))]", secret.get("a.txt").asText(),
                "a Key Vault secret is base64-encoded by ARM (the dispatcher never sees it)");
        assertEquals("[parameters('volume0SecretFile1')]", secret.get("b.txt").asText());
        assertEquals("[parameters('volume1StorageAccountKey')]", properties.at("/volumes/1/azureFile/storageAccountKey").asText());
        JsonNode parameters = body.at("/properties/parameters");
        assertEquals(Base64.getEncoder().encodeToString("bee".getBytes()), parameters.at("/volume0SecretFile1/value").asText(),
                "a given secret file is base64-encoded by the dispatcher, as ACI takes it");
        assertEquals(TestJobs.VAULT, parameters.at("/volume0SecretFile0/reference/keyVault/id").asText());
        assertEquals("a-file", parameters.at("/volume0SecretFile0/reference/secretName").asText());
        assertFalse(parameters.get("volume0SecretFile0").has("value"));
        assertEquals("account-key", parameters.at("/volume1StorageAccountKey/value").asText());
        JsonNode declared = body.at("/properties/template/parameters");
        for (String parameter : List.of("volume0SecretFile0", "volume0SecretFile1", "volume1StorageAccountKey")) {
            assertEquals("secureString", declared.at("/" + parameter + "/type").asText(), parameter);
        }
        String template = body.at("/properties/template").toString();
        assertFalse(template.contains("bee") || template.contains("account-key"), "a secret in the template text");

        List<JsonNode> containers = new ArrayList<>();
        properties.get("initContainers").forEach(containers::add);
        properties.get("containers").forEach(containers::add);
        assertEquals(List.of("init", "job", "side"), containers.stream().map(c -> c.get("name").asText()).toList());
        for (JsonNode container : containers) {
            JsonNode mounts = container.at("/properties/volumeMounts");
            assertEquals("[{\"name\":\"creds\",\"mountPath\":\"/creds\",\"readOnly\":true},"
                    + "{\"name\":\"data\",\"mountPath\":\"/data\"}]", mounts.toString(), container.get("name").asText());
        }
        assertEquals("{\"requests\":{\"cpu\":0.5,\"memoryInGB\":0.5}}",
                properties.at("/containers/1/properties/resources").toString());
        assertFalse(properties.at("/initContainers/0/properties").has("resources"), "init containers have none");
    }

    @Test
    void everySecureValueOfEveryContainerIsItsOwnParameterAndAKeyVaultReferenceIsArmsReference() {
        JsonNode body = body("{\"image\":\"busybox\",\"secureEnv\":{\"JOB\":\"j\"},"
                + "\"initContainers\":[{\"name\":\"init\",\"image\":\"busybox\",\"secureEnv\":{\"B\":\"b\",\"A\":\"a\"}}],"
                + "\"sidecars\":[{\"name\":\"side\",\"image\":\"busybox\",\"cpu\":0.5,\"memoryGb\":0.5,"
                + "\"secureEnv\":{\"S\":{\"keyVaultSecret\":{\"vaultId\":\"" + TestJobs.VAULT + "\",\"name\":\"s\","
                + "\"version\":\"0123456789abcdef0123456789abcdef\"}}}}]}");
        JsonNode properties = group(body).get("properties");
        assertEquals("[{\"name\":\"A\",\"secureValue\":\"[parameters('initContainer0SecureEnv0')]\"},"
                        + "{\"name\":\"B\",\"secureValue\":\"[parameters('initContainer0SecureEnv1')]\"}]",
                properties.at("/initContainers/0/properties/environmentVariables").toString());
        assertEquals("[parameters('sidecar0SecureEnv0')]",
                properties.at("/containers/1/properties/environmentVariables/0/secureValue").asText());
        JsonNode reference = body.at("/properties/parameters/sidecar0SecureEnv0");
        assertEquals("{\"reference\":{\"keyVault\":{\"id\":\"" + TestJobs.VAULT + "\"},\"secretName\":\"s\","
                + "\"secretVersion\":\"0123456789abcdef0123456789abcdef\"}}", reference.toString());
        assertEquals("a", body.at("/properties/parameters/initContainer0SecureEnv0/value").asText());
        assertEquals("j", body.at("/properties/parameters/secureEnv0/value").asText());
    }

    @Test
    void identityTypesAreTheOnesAciDefines() {
        assertEquals("{\"type\":\"SystemAssigned\"}",
                group(body("{\"image\":\"busybox\",\"systemAssignedIdentity\":true}")).get("identity").toString());
        JsonNode both = group(body("{\"image\":\"busybox\",\"systemAssignedIdentity\":true,\"identities\":[\""
                + TestJobs.IDENTITY + "\"]}")).get("identity");
        assertEquals("SystemAssigned, UserAssigned", both.get("type").asText());
        assertEquals("{}", both.at("/userAssignedIdentities").get(TestJobs.IDENTITY).toString());
        assertFalse(group(body("{\"image\":\"busybox\"}")).has("identity"));
    }

    @Test
    void policiesPortsAndAddressesRenderWhereAciReadsThem() {
        JsonNode properties = group(body("{\"image\":\"busybox\",\"osType\":\"Windows\",\"restartPolicy\":\"OnFailure\","
                + "\"ports\":[{\"port\":80}],\"ipAddress\":{\"type\":\"Public\",\"dnsNameLabel\":\"etl-report\"}}"))
                .get("properties");
        assertEquals("Windows", properties.get("osType").asText());
        assertEquals("OnFailure", properties.get("restartPolicy").asText());
        assertEquals("[{\"port\":80,\"protocol\":\"TCP\"}]", properties.at("/containers/0/properties/ports").toString());
        assertEquals("{\"type\":\"Public\",\"ports\":[{\"port\":80,\"protocol\":\"TCP\"}],\"dnsNameLabel\":\"etl-report\"}",
                properties.get("ipAddress").toString());
        JsonNode dns = group(body("{\"image\":\"busybox\",\"subnetIds\":[\"" + TestJobs.SUBNET + "\"],"
                + "\"dnsConfig\":{\"nameServers\":[\"10.0.0.4\"],\"searchDomains\":\"a.example b.example\"}}"))
                .at("/properties/dnsConfig");
        assertEquals("{\"nameServers\":[\"10.0.0.4\"],\"searchDomains\":\"a.example b.example\"}", dns.toString());
    }

    @Test
    void previewMasksSecretValuesButShowsKeyVaultReferences() {
        ResolvedJob job = validator.resolve("{\"image\":\"busybox\",\"secureEnv\":{\"A\":\"plain-secret\",\"B\":"
                + VAULT_REF.formatted("b-secret") + "},\"volumes\":[{\"name\":\"s\",\"mountPath\":\"/s\",\"secret\":"
                + "{\"f\":\"file-secret\"}}]}");
        String preview = renderer.render(job).preview(false);
        assertFalse(preview.contains("plain-secret"), preview);
        assertFalse(preview.contains(Base64.getEncoder().encodeToString("file-secret".getBytes())), preview);
        assertTrue(preview.contains("\"b-secret\""), "a reference names a secret and is shown: " + preview);
        JsonNode masked = parse(preview).at("/properties/parameters");
        assertEquals("***", masked.at("/secureEnv0/value").asText());
        assertFalse(masked.get("secureEnv1").has("value"), "no value is invented next to a reference");
        assertTrue(renderer.render(job).preview(true).contains("plain-secret"));
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The shape subset the fixture uses: type, properties, required, enum, items, additionalProperties (false or a
     * shape) and local $ref. A string that is an ARM expression ('[...]') stands for any type, as every non-string
     * property of the official schema offers that alternative.
     */
    private static List<String> violations(JsonNode shape, JsonNode value, String path) {
        List<String> out = new ArrayList<>();
        check(shape, value, path, out);
        return out;
    }

    private static void check(JsonNode shape, JsonNode value, String path, List<String> out) {
        if (shape.has("$ref")) {
            check(SHAPES.get(shape.get("$ref").asText().substring("#/definitions/".length())), value, path, out);
            return;
        }
        String type = shape.path("type").asText("");
        boolean expression = value.isTextual() && value.asText().startsWith("[") && value.asText().endsWith("]")
                && !value.asText().startsWith("[[");
        if (expression && !type.equals("string")) {
            return;
        }
        boolean typeOk = switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
        if (!typeOk) {
            out.add(path + ": expected " + type);
            return;
        }
        if (shape.has("enum") && !contains((ArrayNode) shape.get("enum"), value)) {
            out.add(path + ": '" + value.asText() + "' is not one of " + shape.get("enum"));
        }
        if (value.isArray() && shape.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(shape.get("items"), value.get(i), path + "[" + i + "]", out);
            }
        }
        if (value.isObject()) {
            shape.path("required").forEach(r -> {
                if (!value.has(r.asText())) {
                    out.add(path + "." + r.asText() + ": required");
                }
            });
            JsonNode properties = shape.path("properties");
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String child = path + "." + field.getKey();
                if (properties.has(field.getKey())) {
                    check(properties.get(field.getKey()), field.getValue(), child, out);
                } else if (shape.has("additionalProperties")) {
                    JsonNode additional = shape.get("additionalProperties");
                    if (additional.isBoolean() && !additional.asBoolean()) {
                        out.add(child + ": not a property of this shape");
                    } else if (additional.isObject()) {
                        check(additional, field.getValue(), child, out);
                    }
                }
            }
        }
    }

    private static boolean contains(ArrayNode values, JsonNode value) {
        for (JsonNode candidate : values) {
            if (candidate.equals(value)) {
                return true;
            }
        }
        return false;
    }
}
