package dev.acidispatch.job;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.acidispatch.job.TestJobs.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobValidatorTest {
    private final JobValidator validator = TestJobs.validator();

    private List<FieldError> errors(String json) {
        return assertThrows(InvalidJobException.class, () -> validator.resolve(json)).errors();
    }

    /** The message with image added, so tests state only the field under test. */
    private List<FieldError> errorsWithImage(String fields) {
        return errors("{\"image\":\"busybox\"," + fields + "}");
    }

    private ResolvedJob ok(String fields) {
        return validator.resolve("{\"image\":\"busybox\"" + (fields.isEmpty() ? "" : "," + fields) + "}");
    }

    @Test
    void minimalMessageGetsEveryDefault() {
        ResolvedJob job = ok("");
        assertEquals("job-20261123-" , job.jobId().substring(0, 13));
        assertTrue(job.jobId().matches(JobLimits.JOB_ID_PATTERN));
        assertEquals(List.of(), job.command());
        assertEquals(1.0, job.cpu());
        assertEquals(1.5, job.memoryGb());
        assertEquals("Regular", job.priority());
        assertEquals("westeurope", job.location());
        assertEquals(TestJobs.DEFAULT_GROUP, job.resourceGroup());
        assertEquals(Duration.ofMinutes(10), job.startTimeout());
        assertEquals(Duration.ofHours(1), job.timeout());
        assertFalse(job.keepContainerGroup());
        assertEquals("default", job.template());
        assertTrue(job.variables().isEmpty());
    }

    @Test
    void generatedIdsAreReproducibleWithTheSameClockAndSeedAndDifferOtherwise() {
        String first = TestJobs.validator().resolve("{\"image\":\"busybox\"}").jobId();
        assertEquals(first, TestJobs.validator().resolve("{\"image\":\"busybox\"}").jobId());
        assertFalse(first.equals(validator.resolve("{\"image\":\"busybox\"}").jobId())
                && first.equals(validator.resolve("{\"image\":\"busybox\"}").jobId()));
        assertTrue(first.matches("job-20261123-[0-9a-z]{8}"), first);
    }

    @Test
    void collectsEveryErrorNotJustTheFirst() {
        List<FieldError> errors = errors("{\"jobId\":\"Bad_Id\",\"cpu\":\"1\",\"memoryGb\":0,\"priority\":\"spot\","
                + "\"timeoutSeconds\":5,\"keepContainerGroup\":\"yes\"}");
        at(errors, "$.image", "required");
        at(errors, "$.jobId", "lowercase");
        at(errors, "$.cpu", "remove the quotes");
        at(errors, "$.memoryGb", "above 0");
        at(errors, "$.priority", "did you mean 'Spot'");
        at(errors, "$.timeoutSeconds", "from 10 to 604800");
        at(errors, "$.keepContainerGroup", "true or false");
        assertEquals(7, errors.size(), errors::toString);
    }

    @Nested
    class Syntax {
        @Test
        void malformedJsonReportsLineAndColumnAtRoot() {
            List<FieldError> errors = errors("{\n  \"image\": \"busybox\"\n  \"cpu\": 1\n}");
            assertEquals(1, errors.size());
            at(errors, "$", "not valid JSON at line 3, column");
        }

        @Test
        void syntaxErrorsDoNotEchoTokensThatMayBeSecrets() {
            List<FieldError> errors = errors("{\"image\":\"busybox\",\"secureEnv\":{\"K\": hunter2secret}}");
            assertFalse(errors.get(0).message().contains("hunter2secret"), errors::toString);
            at(errors, "$", "line 1");
        }

        @Test
        void nonUtf8BytesAreNamedAsAnEncodingProblem() {
            byte[] latin1 = "{\"image\":\"busybox\",\"env\":{\"A\":\"caf\u00e9\"}}".getBytes(StandardCharsets.ISO_8859_1);
            List<FieldError> errors = assertThrows(InvalidJobException.class, () -> validator.resolve(latin1)).errors();
            at(errors, "$", "not valid UTF-8", "byte offset 34");
        }

        @Test
        void utf8BytesWithByteOrderMarkAreAccepted() {
            byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
            byte[] json = "{\"image\":\"busybox\",\"env\":{\"A\":\"caf\u00e9 \uD83D\uDE80\"}}".getBytes(StandardCharsets.UTF_8);
            byte[] message = new byte[bom.length + json.length];
            System.arraycopy(bom, 0, message, 0, bom.length);
            System.arraycopy(json, 0, message, bom.length, json.length);
            assertEquals("caf\u00e9 \uD83D\uDE80", validator.resolve(message).env().get("A"));
        }

        @Test
        void messagesOver64KiBAreRejectedWithTheQueueLimit() {
            String big = "{\"image\":\"busybox\",\"env\":{\"A\":\"" + "x".repeat(JobLimits.MAX_MESSAGE_BYTES) + "\"}}";
            at(errors(big), "$", "64 KiB", "queue");
            at(assertThrows(InvalidJobException.class,
                    () -> validator.resolve(big.getBytes(StandardCharsets.UTF_8))).errors(), "$", "65536 bytes");
        }

        @ParameterizedTest
        @ValueSource(strings = {"[]", "\"busybox\"", "42", "null"})
        void rootMustBeAnObject(String json) {
            at(errors(json), "$", "must be a JSON object");
        }

        @Test
        void emptyMessageSaysWhatToSend() {
            at(errors(""), "$", "empty", "\"image\"");
        }

        @Test
        void duplicateKeysAreRejected() {
            at(errors("{\"image\":\"busybox\",\"cpu\":1,\"cpu\":2}"), "$", "Duplicate field 'cpu'");
        }

        @Test
        void unknownFieldsAreRejectedWithASuggestion() {
            List<FieldError> errors = errorsWithImage("\"memory\":2,"
                    + "\"registry\":{\"server\":\"r.io\",\"identity\":\"" + TestJobs.IDENTITY + "\",\"pass\":\"p\"}");
            FieldError memory = at(errors, "$.memory", "unknown field", "did you mean 'memoryGb'", "memoryGb, env");
            assertFalse(memory.message().contains("gpu"), "a retired field is not offered as valid: " + memory);
            at(errors, "$.registry.pass", "did you mean 'password'");
        }

        @Test
        void nullIsNotAbsence() {
            at(errorsWithImage("\"cpu\":null"), "$.cpu", "must not be null", "omit the field");
        }
    }

    @Nested
    class Fields {
        @ParameterizedTest
        @ValueSource(strings = {"a", "nightly-etl-20261123", "a--b", "0123456789012345678901234567890123456789"})
        void validJobIds(String id) {
            assertEquals(id, ok("\"jobId\":\"" + id + "\"").jobId());
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "-a", "a-", "A", "a_b", "a.b", "01234567890123456789012345678901234567890"})
        void invalidJobIds(String id) {
            at(errorsWithImage("\"jobId\":\"" + id + "\""), "$.jobId", "not a valid job id", "1–40");
        }

        @ParameterizedTest
        @ValueSource(strings = {"busybox", "busybox:1.36", "library/busybox:latest", "myregistry.azurecr.io/etl:1.4",
                "localhost:5000/a/b/c:v1", "mcr.microsoft.com/azuredocs/aci-helloworld",
                "ghcr.io/o/r@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                "r.io/x:1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"})
        void validImages(String image) {
            assertEquals(image, validator.resolve("{\"image\":\"" + image + "\"}").image());
        }

        @ParameterizedTest
        @ValueSource(strings = {"", " busybox", "https://r.io/x", "Busybox", "r.io/x:", "x:tag with space", "x@sha256:12",
                "-x", "x//y"})
        void invalidImages(String image) {
            at(errors("{\"image\":\"" + image + "\"}"), "$.image", "not a valid image reference", "e.g.");
        }

        @Test
        void imageLengthIsBounded() {
            at(errors("{\"image\":\"" + "a".repeat(JobLimits.MAX_IMAGE_LENGTH + 1) + "\"}"), "$.image", "at most 512");
        }

        @Test
        void commandMustBeANonEmptyListOfStrings() {
            // A command line is never split by guessing: the error shows the exec-form fix with the user's string.
            at(errorsWithImage("\"command\":\"echo hi\""), "$.command", "array of strings",
                    "[\"sh\", \"-c\", \"echo hi\"]");
            at(errorsWithImage("\"command\":[]"), "$.command", "omit command");
            List<FieldError> errors = errorsWithImage("\"command\":[\"sh\",\"-c\",null,42,\""
                    + "x".repeat(JobLimits.MAX_COMMAND_ITEM_LENGTH + 1) + "\"]");
            at(errors, "$.command[2]", "must be a string, got null");
            at(errors, "$.command[3]", "got a number");
            at(errors, "$.command[4]", "at most 16384");
            assertEquals(3, errors.size());
            at(errorsWithImage("\"command\":[" + "\"a\",".repeat(JobLimits.MAX_COMMAND_ITEMS) + "\"a\"]"),
                    "$.command", "at most 256");
        }

        @Test
        void cpuAndMemoryFollowAciGranularityAndConfiguredMaxima() {
            assertEquals(0.25, ok("\"cpu\":0.25").cpu());
            assertEquals(4.0, ok("\"cpu\":4").cpu());
            assertEquals(0.3, ok("\"memoryGb\":0.3").memoryGb());
            at(errorsWithImage("\"cpu\":0.125"), "$.cpu", "in steps of 0.01");
            at(errorsWithImage("\"cpu\":4.01"), "$.cpu", "at most 4", "DISPATCH_MAX_CPU");
            at(errorsWithImage("\"cpu\":-1"), "$.cpu", "above 0");
            at(errorsWithImage("\"memoryGb\":1.55"), "$.memoryGb", "in steps of 0.1");
            at(errorsWithImage("\"memoryGb\":16.1"), "$.memoryGb", "at most 16", "DISPATCH_MAX_MEMORY_GB");
            at(errorsWithImage("\"memoryGb\":true"), "$.memoryGb", "got a boolean");
        }

        /** ACI retired its GPU SKUs: gpu is a known field, and every value of it is refused with the reason. */
        @ParameterizedTest
        @ValueSource(strings = {"{\"count\":1,\"sku\":\"V100\"}", "{\"count\":4,\"sku\":\"K80\"}", "{}", "1",
                "null", "\"A100\""})
        void gpuIsRetiredWhateverItsValue(String gpu) {
            List<FieldError> errors = errorsWithImage("\"gpu\":" + gpu);
            assertEquals(1, errors.size(), errors::toString);
            at(errors, "$.gpu", "no longer", "retired", JobLimits.GPU_RETIRED_ON, "Azure Container Apps",
                    "serverless GPU", JobLimits.GPU_ALTERNATIVE);
            assertFalse(errors.get(0).message().contains("unknown field"), errors::toString);
        }

        @Test
        void aRetiredGpuIsReportedAlongsideTheOtherErrors() {
            List<FieldError> errors = errors("{\"gpu\":{\"count\":1,\"sku\":\"V100\"},\"priority\":\"Spot\",\"cpu\":0}");
            at(errors, "$.gpu", "retired");
            at(errors, "$.image", "required");
            at(errors, "$.cpu", "above 0");
            assertEquals(3, errors.size(), errors::toString);
        }

        @Test
        void environmentNamesValuesAndOverlap() {
            ResolvedJob job = ok("\"env\":{\"B\":\"2\",\"A\":\"1\"},\"secureEnv\":{\"_S\":\"x\"}");
            assertEquals(List.of("B", "A"), List.copyOf(job.env().keySet()), "order kept");
            List<FieldError> errors = errorsWithImage("\"env\":{\"1BAD\":\"x\",\"my var\":\"x\",\"N\":1,\"BOTH\":\"x\"},"
                    + "\"secureEnv\":{\"BOTH\":\"y\",\"LONG\":\"" + "s".repeat(JobLimits.MAX_ENV_VALUE_LENGTH + 1) + "\"}");
            at(errors, "$.env['1BAD']", "not a valid variable name");
            at(errors, "$.env['my var']", "not a valid variable name");
            at(errors, "$.env.N", "must be a string, got a number");
            at(errors, "$.secureEnv.BOTH", "only one of env and secureEnv");
            at(errors, "$.secureEnv.LONG", "at most 16384");
            assertEquals(5, errors.size(), errors::toString);
        }

        @Test
        void secureValuesNeverAppearInErrors() {
            String secret = "TOPSECRET-" + "z".repeat(JobLimits.MAX_ENV_VALUE_LENGTH);
            InvalidJobException e = assertThrows(InvalidJobException.class, () -> validator.resolve(
                    "{\"image\":\"busybox\",\"secureEnv\":{\"K\":\"" + secret + "\"},\"registry\":{\"server\":\"r.io\","
                            + "\"identity\":\"" + TestJobs.IDENTITY + "\",\"password\":\"pw-TOPSECRET\"}}"));
            assertFalse(e.getMessage().contains("TOPSECRET"), e.getMessage());
        }

        @Test
        void registryIsIdentityOrUsernamePasswordNeverMixed() {
            ResolvedJob byIdentity = ok("\"registry\":{\"server\":\"r.azurecr.io\",\"identity\":\"" + TestJobs.IDENTITY + "\"}");
            assertTrue(byIdentity.registry().orElseThrow().usesIdentity());
            ResolvedJob byPassword = ok("\"registry\":{\"server\":\"r.io:5000\",\"username\":\"u\",\"password\":\"p\"}");
            assertEquals("p", byPassword.registry().orElseThrow().password().value().orElseThrow());

            at(errorsWithImage("\"registry\":{\"server\":\"r.io\",\"identity\":\"" + TestJobs.IDENTITY
                    + "\",\"username\":\"u\",\"password\":\"p\"}"), "$.registry", "not both");
            at(errorsWithImage("\"registry\":{\"server\":\"r.io\"}"), "$.registry", "no credentials");
            at(errorsWithImage("\"registry\":{\"server\":\"r.io\",\"username\":\"u\"}"), "$.registry.password", "required");
            at(errorsWithImage("\"registry\":{\"server\":\"r.io\",\"password\":\"p\"}"), "$.registry.username", "required");
            at(errorsWithImage("\"registry\":{\"identity\":\"" + TestJobs.IDENTITY + "\"}"), "$.registry.server", "required");
            at(errorsWithImage("\"registry\":{\"server\":\"https://r.io/v2\",\"identity\":\"" + TestJobs.IDENTITY + "\"}"),
                    "$.registry.server", "without scheme");
            at(errorsWithImage("\"registry\":{\"server\":\"r.io\",\"identity\":\"pull\"}"), "$.registry.identity",
                    "userAssignedIdentities");
            at(errorsWithImage("\"registry\":{\"server\":\"r.io\",\"username\":\"u\",\"password\":\"\"}"),
                    "$.registry.password", "non-empty");
        }

        @Test
        void identitiesAndSubnetsMustBeResourceIdsOfTheRightType() {
            String lowercased = TestJobs.IDENTITY.replace("resourceGroups", "resourcegroups");
            assertEquals(List.of(lowercased), ok("\"identities\":[\"" + lowercased + "\"]").identities());
            List<FieldError> errors = errorsWithImage("\"identities\":[\"" + TestJobs.SUBNET + "\",\"" + TestJobs.IDENTITY
                    + "\",\"" + TestJobs.IDENTITY.toUpperCase() + "\"],\"subnetIds\":[\"" + TestJobs.IDENTITY + "\"]");
            at(errors, "$.identities[0]", "userAssignedIdentities/<name>");
            at(errors, "$.identities[2]", "duplicates");
            at(errors, "$.subnetIds[0]", "virtualNetworks/<vnet>/subnets/<subnet>");
            at(errorsWithImage("\"subnetIds\":[\"" + TestJobs.SUBNET + "\",\"" + TestJobs.SUBNET + "x\"]"),
                    "$.subnetIds", "at most 1");
        }

        @Test
        void dnsServersAreIpLiteralsAndNeedASubnet() {
            ResolvedJob job = ok("\"subnetIds\":[\"" + TestJobs.SUBNET + "\"],\"dnsServers\":[\"10.0.0.4\",\"fd00::53\"]");
            assertEquals(List.of("10.0.0.4", "fd00::53"), job.dnsServers());
            List<FieldError> errors = errorsWithImage("\"subnetIds\":[\"" + TestJobs.SUBNET
                    + "\"],\"dnsServers\":[\"dns.example.com\",\"256.1.1.1\"]");
            at(errors, "$.dnsServers[0]", "not an IP address");
            at(errors, "$.dnsServers[1]", "not an IP address");
            at(errorsWithImage("\"dnsServers\":[\"10.0.0.4\"]"), "$.dnsServers", "virtual network");
        }

        @Test
        void tagsFollowArmLimitsAndReservedPrefix() {
            assertEquals(Map.of("team", "data"), ok("\"tags\":{\"team\":\"data\"}").tags());
            List<FieldError> errors = errorsWithImage("\"tags\":{\"a/b\":\"x\",\"aci-dispatch-job\":\"x\","
                    + "\"ACI-Dispatch-x\":\"x\",\"[x]\":\"x\",\"long\":\"" + "v".repeat(257) + "\",\"n\":1,\""
                    + "k".repeat(513) + "\":\"x\"}");
            at(errors, "$.tags['a/b']", "<>%&\\?/");
            at(errors, "$.tags['aci-dispatch-job']", "reserved");
            at(errors, "$.tags['ACI-Dispatch-x']", "reserved");
            at(errors, "$.tags['[x]']", "must not start with '['");
            at(errors, "$.tags.long", "at most 256");
            at(errors, "$.tags.n", "must be a string");
            at(errors, "$.tags." + "k".repeat(513), "1–512");
            StringBuilder many = new StringBuilder();
            for (int i = 0; i <= JobLimits.MAX_TAGS; i++) {
                many.append(i == 0 ? "" : ",").append("\"t").append(i).append("\":\"v\"");
            }
            at(errorsWithImage("\"tags\":{" + many + "}"), "$.tags", "at most 48", "50");
        }

        /** ACI's Spot limit (4 cores, 16 GB) only bites when the configured maxima are larger than it. */
        @Test
        void spotGroupsGetAtMostFourCoresAndSixteenGb() {
            JobValidator big = validatorWith(1.0, 1.5, 8.0, 32.0);
            String spot = "{\"image\":\"busybox\",\"priority\":\"Spot\",";
            ResolvedJob largest = big.resolve(spot + "\"cpu\":4,\"memoryGb\":16}");
            assertEquals(4.0, largest.cpu());
            assertEquals(16.0, largest.memoryGb());
            assertEquals(8.0, big.resolve("{\"image\":\"busybox\",\"cpu\":8,\"memoryGb\":32}").cpu(),
                    "Regular jobs keep the configured maxima");

            List<FieldError> errors = assertThrows(InvalidJobException.class,
                    () -> big.resolve(spot + "\"cpu\":4.5,\"memoryGb\":16.1}")).errors();
            at(errors, "$.cpu", "4.5 is too large", "Spot container groups get at most 4 cores", "priority Regular");
            at(errors, "$.memoryGb", "16.1 is too large", "at most 16 GB");
            assertEquals(2, errors.size(), errors::toString);

            List<FieldError> aboveMax = assertThrows(InvalidJobException.class,
                    () -> big.resolve(spot + "\"cpu\":9}")).errors();
            at(aboveMax, "$.cpu", "DISPATCH_MAX_CPU");
            assertEquals(1, aboveMax.size(), "reported once: " + aboveMax);
        }

        @Test
        void aSpotJobWithoutCpuIsCheckedThroughTheDefaultItWouldGet() {
            JobValidator bigDefaults = validatorWith(6.0, 24.0, 8.0, 32.0);
            List<FieldError> errors = assertThrows(InvalidJobException.class,
                    () -> bigDefaults.resolve("{\"image\":\"busybox\",\"priority\":\"Spot\"}")).errors();
            at(errors, "$.cpu", "default of 6 cores", "DISPATCH_DEFAULT_CPU", "at most 4");
            at(errors, "$.memoryGb", "default of 24 GB", "DISPATCH_DEFAULT_MEMORY_GB", "at most 16");
            assertEquals(2.0, bigDefaults.resolve("{\"image\":\"busybox\",\"priority\":\"Spot\",\"cpu\":2,"
                    + "\"memoryGb\":8}").cpu());
            assertEquals(6.0, bigDefaults.resolve("{\"image\":\"busybox\"}").cpu());
        }

        private static JobValidator validatorWith(double defaultCpu, double defaultMemoryGb, double maxCpu,
                                                  double maxMemoryGb) {
            JobDefaults d = TestJobs.DEFAULTS;
            return new JobValidator(new JobDefaults(defaultCpu, defaultMemoryGb, maxCpu, maxMemoryGb,
                    d.defaultLocation(), d.defaultResourceGroup(), d.allowedResourceGroups(), d.defaultStartTimeout(),
                    d.defaultTimeout(), d.maxTimeout()), TestJobs.TEMPLATES);
        }

        @Test
        void spotCannotJoinASubnet() {
            assertTrue(ok("\"priority\":\"Spot\"").isSpot());
            at(errorsWithImage("\"priority\":\"Spot\",\"subnetIds\":[\"" + TestJobs.SUBNET + "\"]"), "$.priority",
                    "virtual network");
            at(errorsWithImage("\"priority\":\"Low\""), "$.priority", "Regular, Spot");
        }

        @Test
        void locationAndResourceGroup() {
            assertEquals("eastus2", ok("\"location\":\"eastus2\"").location());
            at(errorsWithImage("\"location\":\"West Europe\""), "$.location", "westeurope");
            assertEquals("Batch-RG", ok("\"resourceGroup\":\"batch-rg\"").resourceGroup(), "allow-list spelling wins");
            at(errorsWithImage("\"resourceGroup\":\"prod-rg\""), "$.resourceGroup",
                    "Batch-RG, aci-dispatch-jobs, jobs-rg", "DISPATCH_ALLOWED_RESOURCE_GROUPS");
        }

        @Test
        void timeoutsAreWholeSecondsWithinBounds() {
            ResolvedJob job = ok("\"startTimeoutSeconds\":30,\"timeoutSeconds\":604800");
            assertEquals(Duration.ofSeconds(30), job.startTimeout());
            assertEquals(Duration.ofDays(7), job.timeout());
            at(errorsWithImage("\"startTimeoutSeconds\":9"), "$.startTimeoutSeconds", "from 10 to 604800");
            at(errorsWithImage("\"timeoutSeconds\":604801"), "$.timeoutSeconds", "DISPATCH_MAX_TIMEOUT_SECONDS");
            at(errorsWithImage("\"timeoutSeconds\":60.5"), "$.timeoutSeconds", "with a fraction");
            at(errorsWithImage("\"timeoutSeconds\":\"60\""), "$.timeoutSeconds", "remove the quotes");
            at(errorsWithImage("\"timeoutSeconds\":99999999999"), "$.timeoutSeconds", "out of range");
        }

        @Test
        void keepContainerGroupIsBoolean() {
            assertTrue(ok("\"keepContainerGroup\":true").keepContainerGroup());
            at(errorsWithImage("\"keepContainerGroup\":1"), "$.keepContainerGroup", "true or false");
        }

        @Test
        void templateMustBeKnown() {
            assertEquals("etl-tuned", ok("\"template\":\"etl-tuned\"").template());
            at(errorsWithImage("\"template\":\"fancy\""), "$.template", "default, etl-tuned");
        }

        @Test
        void variablesAreAnObjectOfBoundedSizeWithoutBracketKeys() {
            assertEquals("v", ok("\"variables\":{\"a\":{\"b\":[1,\"v\"]}}").variables().at("/a/b/1").asText());
            at(errorsWithImage("\"variables\":[1]"), "$.variables", "must be a JSON object");
            at(errorsWithImage("\"variables\":{\"a\":[{\"[k]\":1}]}"), "$.variables.a[0]['[k]']", "must not start with '['");
            at(errorsWithImage("\"variables\":{\"a\":\"" + "x".repeat(JobLimits.MAX_VARIABLES_BYTES) + "\"}"),
                    "$.variables", "at most 16384");
        }
    }

    @Test
    void validatorRequiresTheDefaultTemplate() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new JobValidator(TestJobs.DEFAULTS, java.util.Set.of("custom")));
        assertTrue(e.getMessage().contains("templateNames"), e.getMessage());
    }
}
