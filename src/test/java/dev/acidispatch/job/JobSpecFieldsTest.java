package dev.acidispatch.job;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static dev.acidispatch.job.TestJobs.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The job-spec fields added to contract v1 (volumes, init containers, sidecars, osType, restart and cleanup policies,
 * ports and IP address, dnsConfig, system identity, Key Vault secret references): each accepts what ACI accepts, and
 * each refusal names its JSON path and the fix.
 */
class JobSpecFieldsTest {
    static final String VAULT = TestJobs.VAULT;
    private static final JobDefaults DEFAULTS = new JobDefaults(1.0, 1.5, 4.0, 16.0, "westeurope",
            TestJobs.DEFAULT_GROUP, Set.of(TestJobs.DEFAULT_GROUP), Duration.ofMinutes(10), Duration.ofHours(1),
            Duration.ofDays(7), Set.of(VAULT));
    private final JobValidator validator = new JobValidator(DEFAULTS, TestJobs.TEMPLATES,
            new JobIdGenerator(dev.acidispatch.emulator.VirtualClock.startingAt("2026-11-23T10:15:30Z"), new Random(1)));

    private ResolvedJob ok(String fields) {
        return validator.resolve("{\"image\":\"busybox\"" + (fields.isEmpty() ? "" : "," + fields) + "}");
    }

    private List<FieldError> errors(String fields) {
        return assertThrows(InvalidJobException.class,
                () -> validator.resolve("{\"image\":\"busybox\"," + fields + "}")).errors();
    }

    static String keyVault(String name) {
        return "{\"keyVaultSecret\":{\"vaultId\":\"" + VAULT + "\",\"name\":\"" + name + "\"}}";
    }

    @Nested
    class Volumes {
        @Test
        void eachKindIsAcceptedAndMountedAsGiven() {
            ResolvedJob job = ok("\"volumes\":[{\"name\":\"scratch\",\"mountPath\":\"/mnt/scratch\",\"emptyDir\":{}},"
                    + "{\"name\":\"creds\",\"mountPath\":\"/etc/creds\",\"readOnly\":true,\"secret\":{\"token\":\"t0k\","
                    + "\"vault.txt\":" + keyVault("vault-file") + "}},"
                    + "{\"name\":\"data\",\"mountPath\":\"/data\",\"azureFile\":{\"shareName\":\"input-data\","
                    + "\"storageAccountName\":\"mydatastore\",\"storageAccountKey\":" + keyVault("storage-key") + "}}]");
            assertEquals(List.of(Volume.EMPTY_DIR, Volume.SECRET, Volume.AZURE_FILE),
                    job.volumes().stream().map(Volume::kind).toList());
            assertTrue(job.volumes().get(1).mountsReadOnly());
            assertFalse(job.volumes().get(0).mountsReadOnly());
            assertEquals("t0k", job.volumes().get(1).secret().get("token").value().orElseThrow());
            assertEquals("vault-file", job.volumes().get(1).secret().get("vault.txt").keyVaultSecret().orElseThrow().name());
            assertTrue(job.volumes().get(2).azureFile().storageAccountKey().isKeyVaultReference());
        }

        @Test
        void aVolumeHasANameAnAbsoluteMountPathAndExactlyOneKind() {
            List<FieldError> errors = errors("\"volumes\":[{\"name\":\"Bad_Name\",\"mountPath\":\"data\",\"emptyDir\":{},"
                    + "\"secret\":{\"a\":\"b\"}},{\"mountPath\":\"/c:/x\"},{\"name\":\"e\",\"mountPath\":\"/e\","
                    + "\"emptyDir\":{\"medium\":\"Memory\"}}]");
            at(errors, "$.volumes[0].name", "not a valid volume name", "lowercase letters, digits and hyphens");
            at(errors, "$.volumes[0].mountPath", "absolute path", "e.g. \"/mnt/scratch\"");
            at(errors, "$.volumes[0]", "has emptyDir and secret", "exactly one of");
            at(errors, "$.volumes[1].name", "required");
            at(errors, "$.volumes[1].mountPath", "without ':'");
            at(errors, "$.volumes[1]", "has no kind");
            at(errors, "$.volumes[2].emptyDir", "must be an empty object {}");
        }

        @Test
        void namesAndMountPathsAreUniqueAndTheCountBounded() {
            List<FieldError> errors = errors("\"volumes\":[{\"name\":\"a\",\"mountPath\":\"/m\",\"emptyDir\":{}},"
                    + "{\"name\":\"a\",\"mountPath\":\"/m/\",\"emptyDir\":{}}]");
            at(errors, "$.volumes[1].name", "DuplicateVolumes", "its own name");
            at(errors, "$.volumes[1].mountPath", "mount path of an earlier volume");
            StringBuilder many = new StringBuilder("\"volumes\":[");
            for (int i = 0; i <= JobLimits.MAX_VOLUMES; i++) {
                many.append(i == 0 ? "" : ",").append("{\"name\":\"v").append(i).append("\",\"mountPath\":\"/v")
                        .append(i).append("\",\"emptyDir\":{}}");
            }
            at(errors(many + "]"), "$.volumes", "at most 20");
            at(errors("\"volumes\":{}"), "$.volumes", "must be an array of volumes", "e.g.");
        }

        @Test
        void azureFileNeedsAShareAnAccountAndItsKey() {
            List<FieldError> errors = errors("\"volumes\":[{\"name\":\"d\",\"mountPath\":\"/d\",\"azureFile\":"
                    + "{\"shareName\":\"Bad--Share\",\"storageAccountName\":\"My-Account\",\"key\":\"k\"}}]");
            at(errors, "$.volumes[0].azureFile.shareName", "3-63 lowercase letters");
            at(errors, "$.volumes[0].azureFile.storageAccountName", "3-24 lowercase letters and digits");
            at(errors, "$.volumes[0].azureFile.storageAccountKey", "required", "keyVaultSecret");
            at(errors, "$.volumes[0].azureFile.key", "unknown field", "shareName, storageAccountName, storageAccountKey");
        }

        @Test
        void secretFilesArePlainFileNamesWithoutShowingTheirContent() {
            List<FieldError> errors = errors("\"volumes\":[{\"name\":\"s\",\"mountPath\":\"/s\",\"secret\":"
                    + "{\"../etc/passwd\":\"hunter2\",\".hidden\":\"x\",\"big\":\"" + "s".repeat(JobLimits.MAX_SECRET_FILE_CHARS + 1)
                    + "\",\"num\":42}},{\"name\":\"t\",\"mountPath\":\"/t\",\"secret\":{}}]");
            at(errors, "$.volumes[0].secret['../etc/passwd']", "not a valid file name", "without '/'");
            at(errors, "$.volumes[0].secret['.hidden']", "not starting with '.'");
            at(errors, "$.volumes[0].secret.big", "the value is 32769 characters", "at most 32768");
            at(errors, "$.volumes[0].secret.num", "write numbers and booleans in quotes");
            at(errors, "$.volumes[1].secret", "has no files");
            assertTrue(errors.stream().noneMatch(e -> e.message().contains("hunter2")), "secret shown: " + errors);
        }
    }

    @Nested
    class InitContainersAndSidecars {
        @Test
        void bothAreCheckedLikeTheJobContainer() {
            ResolvedJob job = ok("\"initContainers\":[{\"name\":\"setup\",\"image\":\"busybox:1.36\",\"command\":[\"true\"],"
                    + "\"env\":{\"A\":\"1\"},\"secureEnv\":{\"B\":\"2\"}}],\"sidecars\":[{\"name\":\"shipper\","
                    + "\"image\":\"fluent/fluent-bit:3.0\",\"cpu\":0.25,\"memoryGb\":0.5,\"secureEnv\":{\"T\":"
                    + keyVault("shipper-token") + "}}]");
            assertEquals("setup", job.initContainers().get(0).name());
            assertEquals("2", job.initContainers().get(0).secureEnv().get("B").value().orElseThrow());
            assertEquals(0.25, job.sidecars().get(0).cpu());
            assertEquals(1.25, job.totalCpu(), 1e-9);
            assertEquals(2.0, job.totalMemoryGb(), 1e-9);

            List<FieldError> errors = errors("\"initContainers\":[{\"name\":\"job\",\"image\":\"Bad Image\","
                    + "\"command\":\"make all\",\"cpu\":1,\"env\":{\"1X\":\"y\"}}],\"sidecars\":[{\"image\":\"busybox\"},"
                    + "{\"name\":\"dup\",\"image\":\"busybox\",\"cpu\":0.5,\"memoryGb\":0.5},{\"name\":\"dup\",\"image\":\"busybox\","
                    + "\"cpu\":0.125,\"memoryGb\":\"1\"}]");
            at(errors, "$.initContainers[0].name", "already the name of the job container");
            at(errors, "$.initContainers[0].image", "not a valid image reference");
            at(errors, "$.initContainers[0].command", "[\"sh\", \"-c\", \"make all\"]");
            at(errors, "$.initContainers[0].cpu", "no resources of their own", "remove it");
            at(errors, "$.initContainers[0].env['1X']", "not a valid variable name");
            at(errors, "$.sidecars[0].name", "required");
            at(errors, "$.sidecars[0].cpu", "required", "count toward the group's size");
            at(errors, "$.sidecars[0].memoryGb", "required");
            at(errors, "$.sidecars[2].name", "another container in this group");
            at(errors, "$.sidecars[2].cpu", "in steps of 0.01");
            at(errors, "$.sidecars[2].memoryGb", "remove the quotes");
        }

        @Test
        void theGroupsTotalMustFitOneGroupAndSpot() {
            at(errors("\"cpu\":3,\"sidecars\":[{\"name\":\"s\",\"image\":\"busybox\",\"cpu\":1.5,\"memoryGb\":1}]"),
                    "$.sidecars", "4.5 cores in total", "cpu 3 plus 1.5", "at most 4", "DISPATCH_MAX_CPU");
            at(errors("\"sidecars\":[{\"name\":\"s\",\"image\":\"busybox\",\"cpu\":0.5,\"memoryGb\":15}]"),
                    "$.sidecars", "16.5 GB in total", "memoryGb 1.5 by default");
            at(errors("\"priority\":\"Spot\",\"cpu\":3,\"sidecars\":[{\"name\":\"s\",\"image\":\"busybox\",\"cpu\":1.5,"
                    + "\"memoryGb\":1}]"), "$.sidecars", "with priority Spot");
        }
    }

    @Nested
    class OsType {
        @Test
        void linuxByDefaultWindowsOnRequest() {
            assertEquals("Linux", ok("").osType());
            assertEquals("Windows", ok("\"osType\":\"Windows\",\"priority\":\"Spot\"").osType(), "Windows Spot is allowed");
            at(errors("\"osType\":\"MacOs\""), "$.osType", "'MacOs' is not an OS type", "Linux, Windows");
            at(errors("\"osType\":\"windows\""), "$.osType", "did you mean 'Windows'");
        }

        @Test
        void windowsRefusesWhatAciOffersOnlyOnLinux() {
            List<FieldError> errors = errors("\"osType\":\"Windows\",\"cpu\":4.5,\"memoryGb\":4,"
                    + "\"subnetIds\":[\"" + TestJobs.SUBNET + "\"],"
                    + "\"volumes\":[{\"name\":\"v\",\"mountPath\":\"/v\",\"emptyDir\":{}}],"
                    + "\"initContainers\":[{\"name\":\"i\",\"image\":\"busybox\"}],"
                    + "\"sidecars\":[{\"name\":\"s\",\"image\":\"busybox\",\"cpu\":0.5,\"memoryGb\":0.5}]");
            at(errors, "$.subnetIds", "osType Windows", "virtual network");
            at(errors, "$.volumes", "osType Windows", "only in Linux containers");
            at(errors, "$.initContainers", "osType Windows", "single container");
            at(errors, "$.sidecars", "osType Windows", "single container");
            JobValidator big = new JobValidator(new JobDefaults(1, 1, 8, 32, "westeurope", TestJobs.DEFAULT_GROUP,
                    Set.of(TestJobs.DEFAULT_GROUP), Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofDays(7)),
                    TestJobs.TEMPLATES);
            List<FieldError> size = assertThrows(InvalidJobException.class,
                    () -> big.resolve("{\"image\":\"busybox\",\"osType\":\"Windows\",\"cpu\":6,\"memoryGb\":20}")).errors();
            at(size, "$.cpu", "6 cores is too large for a Windows container group", "at most 4");
            at(size, "$.memoryGb", "at most 16");
        }
    }

    @Nested
    class RestartPolicy {
        @Test
        void neverByDefaultOnFailureWithMaxRestarts() {
            ResolvedJob never = ok("");
            assertEquals("Never", never.restartPolicy());
            assertEquals(0, never.maxRestarts());
            ResolvedJob onFailure = ok("\"restartPolicy\":\"OnFailure\"");
            assertEquals(JobLimits.DEFAULT_MAX_RESTARTS, onFailure.maxRestarts());
            assertEquals(5, ok("\"restartPolicy\":\"OnFailure\",\"maxRestarts\":5").maxRestarts());
        }

        @Test
        void alwaysAndStrangeValuesAreRefusedWithTheReason() {
            at(errors("\"restartPolicy\":\"Always\""), "$.restartPolicy", "never end", "OnFailure");
            at(errors("\"restartPolicy\":\"Everyday\""), "$.restartPolicy", "'Everyday' is not a restart policy",
                    "Never, OnFailure");
            at(errors("\"maxRestarts\":2"), "$.maxRestarts", "only with restartPolicy OnFailure");
            at(errors("\"restartPolicy\":\"OnFailure\",\"maxRestarts\":0"), "$.maxRestarts", "from 1 to 100");
            at(errors("\"restartPolicy\":\"OnFailure\",\"maxRestarts\":\"3\""), "$.maxRestarts", "remove the quotes");
        }
    }

    @Nested
    class Networking {
        @Test
        void portsAndAPublicAddressWithALabel() {
            ResolvedJob job = ok("\"ports\":[{\"port\":80},{\"port\":53,\"protocol\":\"UDP\"}],"
                    + "\"ipAddress\":{\"type\":\"Public\",\"dnsNameLabel\":\"etl-report-1\"}");
            assertEquals("TCP", job.ports().get(0).protocolOrDefault());
            assertEquals("etl-report-1", job.ipAddress().orElseThrow().dnsNameLabel());
        }

        @Test
        void addressRulesFollowAci() {
            at(errors("\"ipAddress\":{\"type\":\"Public\"}"), "$.ipAddress", "needs ports", "[{\"port\": 80}]");
            at(errors("\"ports\":[{\"port\":80}],\"ipAddress\":{\"type\":\"Private\"}"), "$.ipAddress.type",
                    "Private needs subnetIds");
            at(errors("\"ports\":[{\"port\":80}],\"ipAddress\":{\"type\":\"Public\"},\"subnetIds\":[\"" + TestJobs.SUBNET
                    + "\"]"), "$.ipAddress.type", "virtual network cannot have a public IP");
            at(errors("\"ports\":[{\"port\":80}],\"ipAddress\":{\"type\":\"Public\"},\"priority\":\"Spot\""),
                    "$.ipAddress.type", "Spot");
            at(errors("\"ports\":[{\"port\":80}],\"ipAddress\":{\"type\":\"Public\",\"dnsNameLabel\":\"1abc\"}"),
                    "$.ipAddress.dnsNameLabel", "starting with a letter", "5 to 63 characters");
            at(errors("\"ports\":[{\"port\":80}],\"ipAddress\":{\"type\":\"Private\",\"dnsNameLabel\":\"my-job\"},"
                    + "\"subnetIds\":[\"" + TestJobs.SUBNET + "\"]"), "$.ipAddress.dnsNameLabel", "only to a Public address");
            at(errors("\"ports\":[{\"port\":80}],\"ipAddress\":{}"), "$.ipAddress.type", "required");
        }

        @Test
        void portsAreNumbersWithinBoundsEachOnce() {
            List<FieldError> errors = errors("\"ports\":[{\"port\":0},{\"port\":\"80\"},{\"port\":443,\"protocol\":\"tcp\"},"
                    + "{\"port\":8080},{\"port\":8080,\"protocol\":\"TCP\"},{\"port\":9}]");
            at(errors, "$.ports", "at most 5");
            at(errors, "$.ports[0].port", "from 1 to 65535");
            at(errors, "$.ports[1].port", "a string is not a port number");
            at(errors, "$.ports[2].protocol", "did you mean 'TCP'");
            at(errors, "$.ports[4]", "8080/TCP is listed twice");
        }

        @Test
        void dnsConfigIsTheLongFormOfDnsServers() {
            ResolvedJob job = ok("\"subnetIds\":[\"" + TestJobs.SUBNET + "\"],\"dnsConfig\":{\"nameServers\":[\"10.0.0.4\"],"
                    + "\"searchDomains\":\"corp.example.com example.com\",\"options\":\"ndots:2 rotate\"}");
            assertEquals("ndots:2 rotate", job.dnsConfig().orElseThrow().options());
            List<FieldError> errors = errors("\"dnsServers\":[\"10.0.0.5\"],\"dnsConfig\":{\"nameServers\":[\"dns\"],"
                    + "\"searchDomains\":\"a..b  c\",\"options\":\"ndots=2\",\"domain\":\"x\"}");
            at(errors, "$.dnsConfig", "dnsServers is given too", "keep one of them");
            at(errors, "$.dnsConfig.nameServers[0]", "not an IP address");
            at(errors, "$.dnsConfig.searchDomains", "single spaces");
            at(errors, "$.dnsConfig.options", "ndots:2 rotate");
            at(errors, "$.dnsConfig.domain", "unknown field");
            at(errors("\"dnsConfig\":{\"nameServers\":[\"10.0.0.4\"]}"), "$.dnsConfig", "needs subnetIds");
            at(errors("\"subnetIds\":[\"" + TestJobs.SUBNET + "\"],\"dnsConfig\":{}"), "$.dnsConfig.nameServers",
                    "required");
        }
    }

    @Nested
    class IdentityAndCleanup {
        @Test
        void systemAssignedIdentityIsABoolean() {
            assertTrue(ok("\"systemAssignedIdentity\":true").systemAssignedIdentity());
            assertFalse(ok("").systemAssignedIdentity());
            at(errors("\"systemAssignedIdentity\":\"yes\""), "$.systemAssignedIdentity", "true or false");
        }

        @Test
        void cleanupAndItsOldSpelling() {
            assertEquals(CleanupPolicy.ALWAYS, ok("").cleanup());
            assertEquals(CleanupPolicy.ON_SUCCESS, ok("\"cleanup\":\"onSuccess\"").cleanup());
            assertEquals(CleanupPolicy.NEVER, ok("\"keepContainerGroup\":true").cleanup());
            assertTrue(ok("\"cleanup\":\"never\"").keepContainerGroup());
            at(errors("\"cleanup\":\"sometimes\""), "$.cleanup", "always, onSuccess, never");
            at(errors("\"cleanup\":\"OnSuccess\""), "$.cleanup", "did you mean 'onSuccess'");
            at(errors("\"cleanup\":\"never\",\"keepContainerGroup\":true"), "$.cleanup", "old spelling",
                    "Keep only cleanup");
        }

        @Test
        void cleanupPolicyDecidesByOutcome() {
            assertFalse(CleanupPolicy.ALWAYS.keepsGroupAfter(JobStatus.FAILED));
            assertTrue(CleanupPolicy.NEVER.keepsGroupAfter(JobStatus.SUCCEEDED));
            assertFalse(CleanupPolicy.ON_SUCCESS.keepsGroupAfter(JobStatus.SUCCEEDED));
            for (JobStatus notSucceeded : List.of(JobStatus.FAILED, JobStatus.TIMED_OUT, JobStatus.CANCELLED)) {
                assertTrue(CleanupPolicy.ON_SUCCESS.keepsGroupAfter(notSucceeded), notSucceeded::toString);
            }
        }
    }

    @Nested
    class KeyVaultReferences {
        @Test
        void everySecretMayBeAReferenceToAnAllowedVault() {
            ResolvedJob job = ok("\"secureEnv\":{\"DB\":" + keyVault("db-password") + "},\"registry\":{\"server\":"
                    + "\"r.azurecr.io\",\"username\":\"u\",\"password\":{\"keyVaultSecret\":{\"vaultId\":\""
                    + VAULT.toLowerCase() + "\",\"name\":\"acr\",\"version\":\"0123456789abcdef0123456789abcdef\"}}}");
            KeyVaultSecretReference db = job.secureEnv().get("DB").keyVaultSecret().orElseThrow();
            assertEquals("db-password", db.name());
            assertTrue(job.secureEnv().get("DB").value().isEmpty(), "the dispatcher never holds the value");
            assertEquals("0123456789abcdef0123456789abcdef",
                    job.registry().orElseThrow().password().keyVaultSecret().orElseThrow().version());
        }

        @Test
        void referencesAreCheckedAndTheAllowListNamed() {
            String other = VAULT.replace("jobs-kv", "other-kv");
            List<FieldError> errors = errors("\"secureEnv\":{\"A\":{\"keyVaultSecret\":{\"vaultId\":\"" + other
                    + "\",\"name\":\"a\"}},\"B\":{\"keyVaultSecret\":{\"vaultId\":\"jobs-kv\",\"name\":\"bad name\","
                    + "\"version\":\"v1\"}},\"C\":{\"vault\":{}},\"D\":{\"keyVaultSecret\":\"x\"}}");
            at(errors, "$.secureEnv.A.keyVaultSecret.vaultId", "not an allowed Key Vault", VAULT,
                    "DISPATCH_ALLOWED_KEY_VAULTS", "enabledForTemplateDeployment");
            at(errors, "$.secureEnv.B.keyVaultSecret.vaultId", "not a Key Vault resource id");
            at(errors, "$.secureEnv.B.keyVaultSecret.name", "1-127 letters, digits and hyphens");
            at(errors, "$.secureEnv.B.keyVaultSecret.version", "32 hex digits");
            at(errors, "$.secureEnv.C.vault", "unknown field", "keyVaultSecret");
            at(errors, "$.secureEnv.C.keyVaultSecret", "required");
            at(errors, "$.secureEnv.D.keyVaultSecret", "must be a JSON object");
            JobValidator noVaults = new JobValidator(new JobDefaults(1, 1, 4, 16, "westeurope", TestJobs.DEFAULT_GROUP,
                    Set.of(TestJobs.DEFAULT_GROUP), Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofDays(7)),
                    TestJobs.TEMPLATES);
            List<FieldError> none = assertThrows(InvalidJobException.class, () -> noVaults.resolve(
                    "{\"image\":\"busybox\",\"secureEnv\":{\"A\":" + keyVault("a") + "}}")).errors();
            at(none, "$.secureEnv.A.keyVaultSecret.vaultId", "none is allowed yet");
        }

        @Test
        void aReferenceSurvivesTheRoundTripThroughTheWireFormat() {
            ResolvedJob job = ok("\"secureEnv\":{\"DB\":" + keyVault("db-password") + "},\"volumes\":[{\"name\":\"s\","
                    + "\"mountPath\":\"/s\",\"secret\":{\"f\":\"inline\",\"g\":" + keyVault("g") + "}}],"
                    + "\"restartPolicy\":\"OnFailure\",\"cleanup\":\"onSuccess\"");
            String wire = JobJson.write(job.toMessage());
            assertTrue(wire.contains("\"DB\":" + keyVault("db-password")), wire);
            ResolvedJob again = validator.resolve(wire);
            assertEquals(job.secureEnv(), again.secureEnv());
            assertEquals(job.volumes(), again.volumes());
            assertEquals(CleanupPolicy.ON_SUCCESS, again.cleanup());
            assertEquals(JobLimits.DEFAULT_MAX_RESTARTS, again.maxRestarts());
            assertFalse(wire.contains("keepContainerGroup"), "the wire form spells the policy once: " + wire);
        }

        @Test
        void toStringNeverShowsASecretValue() {
            ResolvedJob job = ok("\"secureEnv\":{\"A\":\"env-secret\"},\"volumes\":[{\"name\":\"s\",\"mountPath\":\"/s\","
                    + "\"secret\":{\"f\":\"file-secret\"}},{\"name\":\"d\",\"mountPath\":\"/d\",\"azureFile\":{\"shareName\":"
                    + "\"share\",\"storageAccountName\":\"acct1\",\"storageAccountKey\":\"key-secret\"}}],"
                    + "\"initContainers\":[{\"name\":\"i\",\"image\":\"busybox\",\"secureEnv\":{\"I\":\"init-secret\"}}],"
                    + "\"sidecars\":[{\"name\":\"s\",\"image\":\"busybox\",\"cpu\":0.5,\"memoryGb\":0.5,"
                    + "\"secureEnv\":{\"S\":\"sidecar-secret\"}}]");
            for (String text : List.of(job.toString(), job.toMessage().toString())) {
                for (String secret : List.of("env-secret", "file-secret", "key-secret", "init-secret", "sidecar-secret")) {
                    assertFalse(text.contains(secret), secret + " shown in " + text);
                }
            }
        }
    }
}
