package dev.acidispatch.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps {@code schema/job-message.v1.json} and {@link JobValidator} in agreement: the schema states the same fields,
 * enums, patterns and bounds as {@link JobLimits}, and a corpus of messages gets the same verdict from both. Rules
 * only the validator can check (deployment settings, cross-field uniqueness) are listed as such, proving the schema
 * is looser exactly there and nowhere else.
 */
class JobSchemaAgreementTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode SCHEMA = loadSchema();
    private final JobValidator validator = TestJobs.validator();

    private static JsonNode loadSchema() {
        try (InputStream in = JobSchemaAgreementTest.class.getClassLoader()
                .getResourceAsStream("schema/job-message.v1.json")) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode property(String... path) {
        JsonNode node = SCHEMA;
        for (String name : path) {
            node = resolved(resolved(node).path("properties").path(name));
        }
        return node;
    }

    /** Follows a local {@code $ref} ("#/$defs/name"). */
    private static JsonNode resolved(JsonNode node) {
        while (node.has("$ref")) {
            node = SCHEMA.at(node.get("$ref").asText().substring(1));
        }
        return node;
    }

    /** The plain-string branch of a secret ({"oneOf": [string, Key Vault reference]}). */
    private static JsonNode secretString(JsonNode secret) {
        JsonNode plain = resolved(secret).get("oneOf").get(0);
        assertEquals("#/$defs/keyVaultSecret", resolved(secret).get("oneOf").get(1).get("$ref").asText());
        return plain;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void schemaDeclaresExactlyTheValidatorsFields() {
        assertEquals("https://json-schema.org/draft/2020-12/schema", SCHEMA.get("$schema").asText());
        List<String> known = new ArrayList<>(JobValidator.FIELDS);
        known.addAll(JobLimits.RETIRED_FIELDS);
        assertEquals(known, iterate(SCHEMA.get("properties")));
        assertEquals(List.of("image"), strings(SCHEMA.get("required")));
        assertFalse(SCHEMA.get("additionalProperties").asBoolean(true));
        assertEquals(JobValidator.REGISTRY_FIELDS, iterate(property("registry").get("properties")));
        assertFalse(property("registry").get("additionalProperties").asBoolean(true));
    }

    /** Retired fields stay declared (so they are not "unknown") but no value is valid, and both say why. */
    @Test
    void retiredGpuIsDeclaredDeprecatedAndNeverValid() {
        JsonNode gpu = property("gpu");
        assertTrue(gpu.get("deprecated").asBoolean());
        assertEquals(JSON.createObjectNode(), gpu.get("not"), "not {} refuses every value");
        String description = gpu.get("description").asText();
        for (String fact : List.of(JobLimits.GPU_RETIRED_ON, "K80, P100, V100", "Azure Container Apps",
                JobLimits.GPU_ALTERNATIVE)) {
            assertTrue(description.contains(fact), "schema description lacks " + fact);
            assertTrue(JobLimits.GPU_RETIRED.contains(fact), "validator message lacks " + fact);
        }
    }

    @Test
    void schemaEnumsPatternsAndBoundsEqualTheValidatorConstants() {
        assertEquals(JobLimits.PRIORITIES, strings(property("priority").get("enum")));
        assertEquals(JobLimits.JOB_ID_PATTERN, property("jobId").get("pattern").asText());
        assertEquals(JobLimits.IMAGE_PATTERN, property("image").get("pattern").asText());
        assertEquals(JobLimits.ENV_NAME_PATTERN, property("env").get("propertyNames").get("pattern").asText());
        assertEquals(JobLimits.ENV_NAME_PATTERN,
                resolved(property("secureEnv").get("propertyNames")).get("pattern").asText());
        assertEquals(JobLimits.REGISTRY_SERVER_PATTERN, property("registry", "server").get("pattern").asText());
        assertEquals(JobLimits.IDENTITY_ID_PATTERN, property("registry", "identity").get("pattern").asText());
        assertEquals(JobLimits.IDENTITY_ID_PATTERN, property("identities").get("items").get("pattern").asText());
        assertEquals(JobLimits.SUBNET_ID_PATTERN, property("subnetIds").get("items").get("pattern").asText());
        assertEquals(JobLimits.TAG_KEY_PATTERN, property("tags").get("propertyNames").get("pattern").asText());
        assertEquals("^" + JobLimits.caseless(JobNames.RESERVED_TAG_PREFIX),
                property("tags").get("propertyNames").get("not").get("pattern").asText());
        assertEquals(JobLimits.LOCATION_PATTERN, property("location").get("pattern").asText());
        assertEquals(JobLimits.TEMPLATE_NAME_PATTERN, property("template").get("pattern").asText());

        assertEquals(JobLimits.MAX_JOB_ID_LENGTH, property("jobId").get("maxLength").asInt());
        assertEquals(JobLimits.MAX_IMAGE_LENGTH, property("image").get("maxLength").asInt());
        assertEquals(JobLimits.MAX_COMMAND_ITEMS, property("command").get("maxItems").asInt());
        assertEquals(JobLimits.MAX_COMMAND_ITEM_LENGTH, property("command").get("items").get("maxLength").asInt());
        assertEquals(JobLimits.CPU_STEP, property("cpu").get("multipleOf").asDouble());
        assertEquals(JobLimits.CPU_CEILING, property("cpu").get("maximum").asDouble());
        assertEquals(JobLimits.MEMORY_STEP_GB, property("memoryGb").get("multipleOf").asDouble());
        assertEquals(JobLimits.MEMORY_CEILING_GB, property("memoryGb").get("maximum").asDouble());
        JsonNode spot = SCHEMA.get("allOf").get(0);
        assertEquals("Spot", spot.at("/if/properties/priority/const").asText());
        assertEquals(JobLimits.SPOT_MAX_CPU, spot.at("/then/properties/cpu/maximum").asDouble());
        assertEquals(JobLimits.SPOT_MAX_MEMORY_GB, spot.at("/then/properties/memoryGb/maximum").asDouble());
        for (String env : List.of("env", "secureEnv")) {
            assertEquals(JobLimits.MAX_ENV_VARIABLES, property(env).get("maxProperties").asInt());
            assertEquals(JobLimits.MAX_ENV_NAME_LENGTH,
                    resolved(property(env).get("propertyNames")).get("maxLength").asInt());
        }
        assertEquals(JobLimits.MAX_ENV_VALUE_LENGTH, property("env").get("additionalProperties").get("maxLength").asInt());
        assertEquals(JobLimits.MAX_ENV_VALUE_LENGTH,
                secretString(property("secureEnv").get("additionalProperties")).get("maxLength").asInt());
        assertEquals(JobLimits.MAX_REGISTRY_PASSWORD_LENGTH,
                secretString(property("registry", "password")).get("maxLength").asInt());
        assertEquals(JobLimits.MAX_REGISTRY_USERNAME_LENGTH, property("registry", "username").get("maxLength").asInt());
        assertEquals(JobLimits.MAX_IDENTITIES, property("identities").get("maxItems").asInt());
        assertEquals(JobLimits.MAX_SUBNETS, property("subnetIds").get("maxItems").asInt());
        assertEquals(JobLimits.MAX_DNS_SERVERS, property("dnsServers").get("maxItems").asInt());
        assertEquals(JobLimits.MAX_TAGS, property("tags").get("maxProperties").asInt());
        assertEquals(JobLimits.MAX_TAG_KEY_LENGTH, property("tags").get("propertyNames").get("maxLength").asInt());
        assertEquals(JobLimits.MAX_TAG_VALUE_LENGTH, property("tags").get("additionalProperties").get("maxLength").asInt());
        assertEquals(JobLimits.MAX_VOLUMES, property("volumes").get("maxItems").asInt());
        JsonNode volume = resolved(property("volumes").get("items"));
        assertEquals(JobLimits.CONTAINER_NAME_PATTERN, resolved(volume.at("/properties/name")).get("pattern").asText());
        assertEquals(JobLimits.MOUNT_PATH_PATTERN, volume.at("/properties/mountPath/pattern").asText());
        assertEquals(JobLimits.SHARE_NAME_PATTERN, volume.at("/properties/azureFile/properties/shareName/pattern").asText());
        assertEquals(JobLimits.STORAGE_ACCOUNT_NAME_PATTERN,
                volume.at("/properties/azureFile/properties/storageAccountName/pattern").asText());
        assertEquals(JobLimits.SECRET_FILE_NAME_PATTERN, volume.at("/properties/secret/propertyNames/pattern").asText());
        assertEquals(JobLimits.MAX_SECRET_FILE_CHARS,
                secretString(volume.at("/properties/secret/additionalProperties")).get("maxLength").asInt());
        JsonNode keyVault = SCHEMA.at("/$defs/keyVaultSecret/properties/keyVaultSecret/properties");
        assertEquals(JobLimits.KEY_VAULT_ID_PATTERN, keyVault.at("/vaultId/pattern").asText());
        assertEquals(JobLimits.KEY_VAULT_SECRET_NAME_PATTERN, keyVault.at("/name/pattern").asText());
        assertEquals(JobLimits.KEY_VAULT_SECRET_VERSION_PATTERN, keyVault.at("/version/pattern").asText());
        assertEquals(SecretChecks.KEY_VAULT_SECRET_FIELDS, iterate(keyVault));
        assertEquals(JobLimits.MAX_INIT_CONTAINERS, property("initContainers").get("maxItems").asInt());
        assertEquals(InitContainerRules.INIT_CONTAINER_FIELDS,
                iterate(resolved(property("initContainers").get("items")).get("properties")));
        assertEquals(SidecarRules.SIDECAR_FIELDS, iterate(resolved(property("sidecars").get("items")).get("properties")));
        assertEquals(VolumeRules.VOLUME_FIELDS, iterate(volume.get("properties")));
        assertEquals(JobLimits.OS_TYPES, strings(property("osType").get("enum")));
        assertEquals(JobLimits.RESTART_POLICIES, strings(property("restartPolicy").get("enum")));
        assertEquals(JobLimits.MAX_RESTARTS_CEILING, property("maxRestarts").get("maximum").asInt());
        assertEquals(JobLimits.MAX_PORTS, property("ports").get("maxItems").asInt());
        assertEquals(JobLimits.PROTOCOLS, strings(property("ports").at("/items/properties/protocol/enum")));
        assertEquals(JobLimits.IP_ADDRESS_TYPES, strings(property("ipAddress").at("/properties/type/enum")));
        assertEquals(JobLimits.DNS_NAME_LABEL_PATTERN, property("ipAddress").at("/properties/dnsNameLabel/pattern").asText());
        assertEquals(DnsConfigRules.DNS_CONFIG_FIELDS, iterate(property("dnsConfig").get("properties")));
        assertEquals(JobLimits.SEARCH_DOMAINS_PATTERN, property("dnsConfig").at("/properties/searchDomains/pattern").asText());
        assertEquals(JobLimits.DNS_OPTIONS_PATTERN, property("dnsConfig").at("/properties/options/pattern").asText());
        assertEquals(CleanupPolicy.NAMES, strings(property("cleanup").get("enum")));
        for (String timeout : List.of("startTimeoutSeconds", "timeoutSeconds")) {
            assertEquals(JobLimits.MIN_TIMEOUT_SECONDS, property(timeout).get("minimum").asInt());
            assertEquals(JobLimits.TIMEOUT_CEILING_SECONDS, property(timeout).get("maximum").asInt());
        }
    }

    static Stream<Arguments> validMessages() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        cases.add(Arguments.of("minimal", "{\"image\":\"busybox\"}"));
        cases.add(Arguments.of("everything", "{\"jobId\":\"etl-1\",\"image\":\"r.azurecr.io/etl:1.4\","
                + "\"command\":[\"python\",\"\"],\"cpu\":3.99,\"memoryGb\":0.1,\"env\":{\"A\":\"\"},\"secureEnv\":{\"B\":\"s\"},"
                + "\"registry\":{\"server\":\"r.azurecr.io\",\"username\":\"u\",\"password\":\"p\"},"
                + "\"identities\":[\"" + TestJobs.IDENTITY + "\"],\"subnetIds\":[\"" + TestJobs.SUBNET + "\"],"
                + "\"dnsServers\":[\"10.0.0.4\",\"2001:db8::1\",\"::ffff:10.0.0.5\"],\"tags\":{\"team\":\"x\",\"a b\":\"[y]\"},"
                + "\"priority\":\"Regular\",\"location\":\"eastus2\",\"resourceGroup\":\"jobs-rg\",\"startTimeoutSeconds\":10,"
                + "\"timeoutSeconds\":604800,\"keepContainerGroup\":true,\"template\":\"etl-tuned\",\"variables\":{\"k\":[1]}}"));
        cases.add(Arguments.of("spot", "{\"image\":\"busybox\",\"priority\":\"Spot\"}"));
        cases.add(Arguments.of("every job-spec field", "{\"image\":\"busybox\",\"command\":[\"sh\",\"-c\",\"true\"],"
                + "\"secureEnv\":{\"KV\":" + JobSpecFieldsTest.keyVault("kv") + "},"
                + "\"registry\":{\"server\":\"r.azurecr.io\",\"username\":\"u\",\"password\":" + JobSpecFieldsTest.keyVault("acr") + "},"
                + "\"subnetIds\":[\"" + TestJobs.SUBNET + "\"],"
                + "\"volumes\":[{\"name\":\"scratch\",\"mountPath\":\"/mnt/scratch\",\"emptyDir\":{}},"
                + "{\"name\":\"creds\",\"mountPath\":\"/creds\",\"readOnly\":true,\"secret\":{\"token\":\"t\",\"v.txt\":"
                + JobSpecFieldsTest.keyVault("v") + "}},{\"name\":\"data\",\"mountPath\":\"/data\",\"azureFile\":"
                + "{\"shareName\":\"input-data\",\"storageAccountName\":\"store1\",\"storageAccountKey\":\"k\"}}],"
                + "\"initContainers\":[{\"name\":\"setup\",\"image\":\"busybox\",\"env\":{\"A\":\"1\"},"
                + "\"secureEnv\":{\"B\":\"2\"}}],\"sidecars\":[{\"name\":\"shipper\",\"image\":\"busybox\","
                + "\"cpu\":0.5,\"memoryGb\":0.5}],\"osType\":\"Linux\",\"restartPolicy\":\"OnFailure\",\"maxRestarts\":2,"
                + "\"ports\":[{\"port\":8080},{\"port\":53,\"protocol\":\"UDP\"}],\"ipAddress\":{\"type\":\"Private\"},"
                + "\"dnsConfig\":{\"nameServers\":[\"10.0.0.4\"],\"searchDomains\":\"corp.example.com\",\"options\":\"ndots:2\"},"
                + "\"systemAssignedIdentity\":true,\"cleanup\":\"onSuccess\"}"));
        cases.add(Arguments.of("windows spot", "{\"image\":\"mcr.microsoft.com/windows/nanoserver:ltsc2022\","
                + "\"osType\":\"Windows\",\"priority\":\"Spot\",\"cpu\":2}"));
        cases.add(Arguments.of("public address", "{\"image\":\"busybox\",\"ports\":[{\"port\":80}],"
                + "\"ipAddress\":{\"type\":\"Public\",\"dnsNameLabel\":\"etl-report-1\"}}"));
        cases.add(Arguments.of("spot at its limits", "{\"image\":\"busybox\",\"priority\":\"Spot\",\"cpu\":4,\"memoryGb\":16}"));
        try (Stream<Path> files = Files.list(Path.of("examples"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                cases.add(Arguments.of(file.toString(), Files.readString(file)));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validMessages")
    void bothAccept(String name, String json) {
        assertEquals(List.of(), MiniSchemaValidator.validate(SCHEMA, parse(json)), name);
        validator.resolve(json);
    }

    /** Each case: fields added to {"image": "busybox"} and the path the validator must report. */
    static Stream<Arguments> invalidForBoth() {
        String id = "\"" + TestJobs.IDENTITY + "\"";
        String subnet = "\"subnetIds\":[\"" + TestJobs.SUBNET + "\"]";
        return Stream.of(
                Arguments.of("\"jobId\":\"Bad\"", "$.jobId"),
                Arguments.of("\"jobId\":\"" + "a".repeat(41) + "\"", "$.jobId"),
                Arguments.of("\"image\":\"Busybox\"", "$.image"),
                Arguments.of("\"command\":[]", "$.command"),
                Arguments.of("\"command\":[1]", "$.command[0]"),
                Arguments.of("\"cpu\":\"1\"", "$.cpu"),
                Arguments.of("\"cpu\":null", "$.cpu"),
                Arguments.of("\"cpu\":0", "$.cpu"),
                Arguments.of("\"cpu\":0.125", "$.cpu"),
                Arguments.of("\"cpu\":31.01", "$.cpu"),
                Arguments.of("\"memoryGb\":240.1", "$.memoryGb"),
                Arguments.of("\"priority\":\"Spot\",\"cpu\":4.01", "$.cpu"),
                Arguments.of("\"priority\":\"Spot\",\"memoryGb\":16.1", "$.memoryGb"),
                Arguments.of("\"memoryGb\":0.15", "$.memoryGb"),
                Arguments.of("\"gpu\":{\"count\":1,\"sku\":\"V100\"}", "$.gpu"),
                Arguments.of("\"gpu\":{}", "$.gpu"),
                Arguments.of("\"gpu\":null", "$.gpu"),
                Arguments.of("\"gpu\":1", "$.gpu"),
                Arguments.of("\"env\":{\"1A\":\"x\"}", "$.env['1A']"),
                Arguments.of("\"env\":{\"A\":1}", "$.env.A"),
                Arguments.of("\"secureEnv\":{\"A\":\"" + "x".repeat(16385) + "\"}", "$.secureEnv.A"),
                Arguments.of("\"registry\":{\"server\":\"r.io\",\"identity\":" + id + ",\"username\":\"u\",\"password\":\"p\"}", "$.registry"),
                Arguments.of("\"registry\":{\"server\":\"r.io\"}", "$.registry"),
                Arguments.of("\"registry\":{\"server\":\"r.io\",\"username\":\"u\"}", "$.registry.password"),
                Arguments.of("\"registry\":{\"server\":\"https://r.io\",\"identity\":" + id + "}", "$.registry.server"),
                Arguments.of("\"identities\":[\"not-an-id\"]", "$.identities[0]"),
                Arguments.of("\"identities\":[" + id + "," + id + "]", "$.identities[1]"),
                Arguments.of("\"subnetIds\":[\"" + TestJobs.SUBNET + "\",\"" + TestJobs.SUBNET + "2\"]", "$.subnetIds"),
                Arguments.of(subnet + ",\"dnsServers\":[\"dns.example.com\"]", "$.dnsServers[0]"),
                Arguments.of("\"dnsServers\":[\"10.0.0.4\"]", "$.dnsServers"),
                Arguments.of("\"tags\":{\"aci-dispatch-x\":\"y\"}", "$.tags['aci-dispatch-x']"),
                Arguments.of("\"tags\":{\"a/b\":\"y\"}", "$.tags['a/b']"),
                Arguments.of("\"tags\":{\"a\":\"" + "v".repeat(257) + "\"}", "$.tags.a"),
                Arguments.of("\"priority\":\"Low\"", "$.priority"),
                Arguments.of("\"priority\":\"Spot\"," + subnet, "$.priority"),
                Arguments.of("\"location\":\"West Europe\"", "$.location"),
                Arguments.of("\"startTimeoutSeconds\":5", "$.startTimeoutSeconds"),
                Arguments.of("\"timeoutSeconds\":1.5", "$.timeoutSeconds"),
                Arguments.of("\"timeoutSeconds\":\"60\"", "$.timeoutSeconds"),
                Arguments.of("\"keepContainerGroup\":\"true\"", "$.keepContainerGroup"),
                Arguments.of("\"template\":\"Bad Name\"", "$.template"),
                Arguments.of("\"variables\":[]", "$.variables"),
                Arguments.of("\"foo\":1", "$.foo"),
                Arguments.of("\"command\":\"echo hi\"", "$.command"),
                Arguments.of("\"volumes\":[{\"name\":\"v\",\"mountPath\":\"/v\"}]", "$.volumes[0]"),
                Arguments.of("\"volumes\":[{\"name\":\"v\",\"mountPath\":\"v\",\"emptyDir\":{}}]", "$.volumes[0].mountPath"),
                Arguments.of("\"volumes\":[{\"name\":\"v\",\"mountPath\":\"/v\",\"emptyDir\":{\"a\":1}}]", "$.volumes[0].emptyDir"),
                Arguments.of("\"volumes\":[{\"name\":\"v\",\"mountPath\":\"/v\",\"azureFile\":{\"shareName\":\"ab\","
                        + "\"storageAccountName\":\"acct\",\"storageAccountKey\":\"k\"}}]", "$.volumes[0].azureFile.shareName"),
                Arguments.of("\"volumes\":[{\"name\":\"v\",\"mountPath\":\"/v\",\"secret\":{\".x\":\"a\"}}]",
                        "$.volumes[0].secret['.x']"),
                Arguments.of("\"secureEnv\":{\"A\":{\"keyVaultSecret\":{\"vaultId\":\"kv\",\"name\":\"a\"}}}",
                        "$.secureEnv.A.keyVaultSecret.vaultId"),
                Arguments.of("\"initContainers\":[{\"name\":\"i\"}]", "$.initContainers[0].image"),
                Arguments.of("\"initContainers\":[{\"name\":\"i\",\"image\":\"busybox\",\"cpu\":1}]", "$.initContainers[0].cpu"),
                Arguments.of("\"sidecars\":[{\"name\":\"s\",\"image\":\"busybox\"}]", "$.sidecars[0].cpu"),
                Arguments.of("\"sidecars\":[{\"name\":\"S\",\"image\":\"busybox\",\"cpu\":1,\"memoryGb\":1}]", "$.sidecars[0].name"),
                Arguments.of("\"osType\":\"MacOs\"", "$.osType"),
                Arguments.of("\"osType\":\"Windows\"," + subnet, "$.subnetIds"),
                Arguments.of("\"osType\":\"Windows\",\"initContainers\":[{\"name\":\"i\",\"image\":\"busybox\"}]",
                        "$.initContainers"),
                Arguments.of("\"osType\":\"Windows\",\"cpu\":4.5", "$.cpu"),
                Arguments.of("\"restartPolicy\":\"Always\"", "$.restartPolicy"),
                Arguments.of("\"maxRestarts\":3", "$.maxRestarts"),
                Arguments.of("\"restartPolicy\":\"OnFailure\",\"maxRestarts\":0", "$.maxRestarts"),
                Arguments.of("\"ports\":[{\"port\":70000}]", "$.ports[0].port"),
                Arguments.of("\"ports\":[{\"port\":80,\"protocol\":\"HTTP\"}]", "$.ports[0].protocol"),
                Arguments.of("\"ipAddress\":{\"type\":\"Public\"}", "$.ipAddress"),
                Arguments.of("\"ports\":[{\"port\":80}],\"ipAddress\":{\"type\":\"Private\"}", "$.ipAddress.type"),
                Arguments.of("\"ports\":[{\"port\":80}],\"ipAddress\":{\"type\":\"Public\"}," + subnet, "$.ipAddress.type"),
                Arguments.of("\"ports\":[{\"port\":80}],\"ipAddress\":{\"type\":\"Public\"},\"priority\":\"Spot\"",
                        "$.ipAddress.type"),
                Arguments.of("\"ports\":[{\"port\":80}],\"ipAddress\":{\"type\":\"Public\",\"dnsNameLabel\":\"ab\"}",
                        "$.ipAddress.dnsNameLabel"),
                Arguments.of("\"dnsConfig\":{\"nameServers\":[\"10.0.0.4\"]}", "$.dnsConfig"),
                Arguments.of(subnet + ",\"dnsConfig\":{\"nameServers\":[\"10.0.0.4\"]},\"dnsServers\":[\"10.0.0.4\"]",
                        "$.dnsConfig"),
                Arguments.of(subnet + ",\"dnsConfig\":{\"nameServers\":[\"10.0.0.4\"],\"options\":\"ndots=2\"}",
                        "$.dnsConfig.options"),
                Arguments.of("\"systemAssignedIdentity\":\"true\"", "$.systemAssignedIdentity"),
                Arguments.of("\"cleanup\":\"sometimes\"", "$.cleanup"),
                Arguments.of("\"cleanup\":\"never\",\"keepContainerGroup\":true", "$.cleanup"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidForBoth")
    void bothReject(String fields, String path) {
        String json = fields.startsWith("\"image\"") ? "{" + fields + "}" : "{\"image\":\"busybox\"," + fields + "}";
        assertFalse(MiniSchemaValidator.validate(SCHEMA, parse(json)).isEmpty(), "schema accepted " + fields);
        List<FieldError> errors = assertThrows(InvalidJobException.class, () -> validator.resolve(json)).errors();
        assertTrue(errors.stream().anyMatch(e -> e.path().equals(path)), () -> "expected " + path + " in " + errors);
    }

    @Test
    void bothRejectAMessageWithoutImage() {
        assertFalse(MiniSchemaValidator.validate(SCHEMA, parse("{}")).isEmpty());
        assertThrows(InvalidJobException.class, () -> validator.resolve("{}"));
    }

    /** Rules that depend on settings or span fields: the schema documents them, only the validator enforces them. */
    static Stream<Arguments> validatorOnly() {
        return Stream.of(
                Arguments.of("\"cpu\":8", "$.cpu"),
                Arguments.of("\"memoryGb\":32", "$.memoryGb"),
                Arguments.of("\"timeoutSeconds\":700000", "$.timeoutSeconds"),
                Arguments.of("\"resourceGroup\":\"prod-rg\"", "$.resourceGroup"),
                Arguments.of("\"template\":\"not-loaded\"", "$.template"),
                Arguments.of("\"env\":{\"A\":\"1\"},\"secureEnv\":{\"A\":\"2\"}", "$.secureEnv.A"),
                Arguments.of("\"identities\":[\"" + TestJobs.IDENTITY + "\",\"" + TestJobs.IDENTITY.toLowerCase() + "\"]",
                        "$.identities[1]"),
                Arguments.of("\"variables\":{\"[x]\":1}", "$.variables['[x]']"),
                Arguments.of("\"variables\":{\"a\":\"" + "x".repeat(JobLimits.MAX_VARIABLES_BYTES) + "\"}", "$.variables"),
                Arguments.of("\"secureEnv\":{\"A\":" + JobSpecFieldsTest.keyVault("a").replace("jobs-kv", "other-kv")
                        + "}", "$.secureEnv.A.keyVaultSecret.vaultId"),
                Arguments.of("\"volumes\":[{\"name\":\"a\",\"mountPath\":\"/a\",\"emptyDir\":{}},"
                        + "{\"name\":\"a\",\"mountPath\":\"/b\",\"emptyDir\":{}}]", "$.volumes[1].name"),
                Arguments.of("\"volumes\":[{\"name\":\"a\",\"mountPath\":\"/a\",\"emptyDir\":{}},"
                        + "{\"name\":\"b\",\"mountPath\":\"/a\",\"emptyDir\":{}}]", "$.volumes[1].mountPath"),
                Arguments.of("\"sidecars\":[{\"name\":\"job\",\"image\":\"busybox\",\"cpu\":1,\"memoryGb\":1}]",
                        "$.sidecars[0].name"),
                Arguments.of("\"cpu\":3,\"sidecars\":[{\"name\":\"s\",\"image\":\"busybox\",\"cpu\":2,\"memoryGb\":1}]",
                        "$.sidecars"),
                Arguments.of("\"ports\":[{\"port\":80},{\"port\":80,\"protocol\":\"TCP\"}]", "$.ports[1]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validatorOnly")
    void schemaIsLooserOnlyWhereDocumented(String fields, String path) {
        String json = "{\"image\":\"busybox\"," + fields + "}";
        assertEquals(List.of(), MiniSchemaValidator.validate(SCHEMA, parse(json)));
        List<FieldError> errors = assertThrows(InvalidJobException.class, () -> validator.resolve(json)).errors();
        assertTrue(errors.stream().anyMatch(e -> e.path().equals(path)), () -> "expected " + path + " in " + errors);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> iterate(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
