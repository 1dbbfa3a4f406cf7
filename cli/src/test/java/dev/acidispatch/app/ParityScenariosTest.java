package dev.acidispatch.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acidispatch.config.Settings;
import dev.acidispatch.dispatch.DispatchOutcome;
import dev.acidispatch.emulator.ArmEmulator;
import dev.acidispatch.emulator.Authorization;
import dev.acidispatch.emulator.ContainerScript;
import dev.acidispatch.emulator.GroupSnapshot;
import dev.acidispatch.emulator.RoleAssignment;
import dev.acidispatch.emulator.RoleDefinition;
import dev.acidispatch.emulator.Route;
import dev.acidispatch.infra.InfraRole;
import dev.acidispatch.job.JobNames;
import dev.acidispatch.job.JobRecord;
import dev.acidispatch.job.JobStatus;
import dev.acidispatch.json.Json;
import dev.acidispatch.local.host.HostPayloadRules;
import dev.acidispatch.testing.PipelineHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.acidispatch.testing.PipelineHarness.RESOURCE_GROUP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scenarios of Airflow's AzureContainerInstancesOperator tests (apache/airflow,
 * providers/microsoft/azure/tests/unit/microsoft/azure/operators/test_container_instances.py) and Prefect's ACI worker
 * tests (PrefectHQ/prefect, src/integrations/prefect-azure/tests/test_aci_worker.py) that map to a job-spec feature,
 * each expressed as a job message and run end to end (the app's Functions classes, Azurite, the real SDK against the
 * emulator, virtual time). The ARM shape is read from the deployment the dispatcher renders for the same message. Each
 * test names the upstream test it mirrors.
 */
class ParityScenariosTest {
    private static final String VAULT = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/kv-rg"
            + "/providers/Microsoft.KeyVault/vaults/jobs-kv";
    private static final String SUBNET = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/net-rg"
            + "/providers/Microsoft.Network/virtualNetworks/vnet/subnets/jobs";
    private static final String IDENTITY = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/id-rg"
            + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/job";
    private static PipelineHarness h;
    private static App app;

    @BeforeAll
    static void start() {
        // As infra/README.md asks of a user whose jobs name a subnet or identity elsewhere: the app's identity gets
        // subnets/join/action on the network's resource group and userAssignedIdentities/assign/action on the
        // identity's, besides the job operator role on the jobs resource group. Those resource groups exist.
        String subscription = "/subscriptions/" + ArmEmulator.DEFAULT_SUBSCRIPTION_ID + "/resourceGroups/";
        h = new PipelineHarness(Map.of(Settings.Names.ALLOWED_KEY_VAULTS, VAULT),
                HostPayloadRules.ActivityInputDelivery.AS_SCHEDULED,
                b -> b.authorization(Authorization.of(InfraRole.APP_PRINCIPAL_ID, List.of(
                        new RoleAssignment(InfraRole.jobOperator(), subscription + RESOURCE_GROUP),
                        new RoleAssignment(new RoleDefinition("subnet join", List.of(
                                "Microsoft.Network/virtualNetworks/subnets/join/action"), List.of()),
                                subscription + "net-rg"),
                        new RoleAssignment(new RoleDefinition("Managed Identity Operator", List.of(
                                "Microsoft.ManagedIdentity/userAssignedIdentities/read",
                                "Microsoft.ManagedIdentity/userAssignedIdentities/assign/action"), List.of()),
                                subscription + "id-rg"))))
                        .resourceGroups(RESOURCE_GROUP, "net-rg", "id-rg", "kv-rg"));
        h.emulator.keyVaultSecret(VAULT, "share-key", "c2hhcmUta2V5");
        app = App.from(h.stack.settings());
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    /** Runs the message through the pipeline with the container exiting {@code exitCode}; returns its record. */
    private static JobRecord run(String jobId, String fields, int exitCode) {
        h.script(jobId, ContainerScript.builder().provisioningDelay(Duration.ofSeconds(5))
                .runDuration(Duration.ofSeconds(30)).exitCode(exitCode).logLines("test", "logs").build());
        DispatchOutcome outcome = h.stack.dispatch(message(jobId, fields));
        assertEquals(DispatchOutcome.Kind.DISPATCHED, outcome.kind(), outcome.toString());
        h.awaitWatcher(jobId);
        return h.record(jobId);
    }

    private static void assertSucceeded(JobRecord record) {
        assertEquals(JobStatus.SUCCEEDED, record.status(), record.jobId() + ": " + record.reason());
    }

    /** Stop requests the emulator answered for this job's group. */
    private static long stops(String jobId) {
        String group = "/" + JobNames.containerGroupName(jobId) + "/stop";
        return h.emulator.requestLog().of(Route.GROUP_STOP).stream()
                .filter(r -> r.path().endsWith(group) && r.status() == 204).count();
    }

    private static String message(String jobId, String fields) {
        return "{\"jobId\": \"" + jobId + "\", \"image\": \"container-image\", \"location\": \"westus\""
                + (fields.isEmpty() ? "" : ", " + fields) + "}";
    }

    /** The container group the dispatcher deploys for this message. */
    private static JsonNode group(String jobId, String fields) {
        String body = app.renderer().render(app.validator().resolve(message(jobId, fields))).body();
        return Json.read(body, JsonNode.class).at("/properties/template/resources/0");
    }

    private static Optional<GroupSnapshot> left(String jobId) {
        return h.emulator.groups().stream().filter(g -> g.name().equals(JobNames.containerGroupName(jobId))).findFirst();
    }

    private static List<String> rejected(String jobId, String fields) {
        assertEquals(DispatchOutcome.Kind.REJECTED, h.stack.dispatch(message(jobId, fields)).kind());
        return h.record(jobId).errors();
    }

    // ------------------------------------------------------------------------------------------ Airflow

    /** Airflow test_execute: Never, Linux, no registry credentials, the group deleted afterwards. */
    @Test
    void airflowTestExecute() {
        JsonNode group = group("container-name", "");
        assertEquals("westus", group.get("location").asText());
        assertEquals("Never", group.at("/properties/restartPolicy").asText());
        assertEquals("Linux", group.at("/properties/osType").asText());
        assertFalse(group.get("properties").has("imageRegistryCredentials"));
        assertEquals("container-image", group.at("/properties/containers/0/properties/image").asText());

        assertSucceeded(run("container-name", "", 0));
        assertTrue(left("container-name").isEmpty(), "deleted once");
    }

    /** Airflow test_execute_with_failures: a non-zero exit fails the job and the group is still deleted. */
    @Test
    void airflowTestExecuteWithFailures() {
        JobRecord record = run("with-failures", "", 1);
        assertEquals(JobStatus.FAILED, record.status());
        assertEquals(1, record.exitCode());
        assertTrue(left("with-failures").isEmpty());
    }

    /** Airflow test_execute_with_failures_without_removal (remove_on_error=False): cleanup onSuccess keeps it. */
    @Test
    void airflowTestExecuteWithFailuresWithoutRemoval() {
        assertEquals(JobStatus.FAILED, run("without-removal", "\"cleanup\": \"onSuccess\"", 1).status());
        // Kept for inspection; stopped after the container exited, so it keeps its Failed state (as in Azure).
        assertEquals(Optional.of("Failed"), left("without-removal").orElseThrow().instanceState());
        assertEquals(1, stops("without-removal"), "the watcher stopped the kept group");
    }

    /** Airflow test_execute_with_tags. */
    @Test
    void airflowTestExecuteWithTags() {
        assertEquals("testValue", group("with-tags", "\"tags\": {\"testKey\": \"testValue\"}").at("/tags/testKey")
                .asText());
        assertSucceeded(run("with-tags", "\"tags\": {\"testKey\": \"testValue\"}", 0));
    }

    /** Airflow test_execute_with_ipaddress (the operator defaults the port to 80; here it is stated). */
    @Test
    void airflowTestExecuteWithIpaddress() {
        String fields = "\"ports\": [{\"port\": 80}], \"ipAddress\": {\"type\": \"Public\", \"dnsNameLabel\": "
                + "\"container-name\"}";
        JsonNode ip = group("with-ipaddress", fields).at("/properties/ipAddress");
        assertEquals("{\"type\":\"Public\",\"ports\":[{\"port\":80,\"protocol\":\"TCP\"}],\"dnsNameLabel\":"
                + "\"container-name\"}", ip.toString());
        assertSucceeded(run("with-ipaddress", fields, 0));
    }

    /**
     * Airflow test_execute_with_windows_os_and_diff_restart_policy: Windows with a restart policy other than Never.
     * Always is not offered (a job would never end); OnFailure is.
     */
    @Test
    void airflowTestExecuteWithWindowsOsAndDiffRestartPolicy() {
        String fields = "\"osType\": \"Windows\", \"restartPolicy\": \"OnFailure\"";
        JsonNode properties = group("windows-os", fields).get("properties");
        assertEquals("Windows", properties.get("osType").asText());
        assertEquals("OnFailure", properties.get("restartPolicy").asText());
        assertSucceeded(run("windows-os", fields, 0));
        assertTrue(rejected("always-policy", "\"restartPolicy\": \"Always\"").get(0).startsWith("$.restartPolicy: "));
    }

    /** Airflow test_execute_fails_with_incorrect_os_type: 'MacOs' is refused, naming the field and the choices. */
    @Test
    void airflowTestExecuteFailsWithIncorrectOsType() {
        assertEquals(List.of("$.osType: 'MacOs' is not an OS type; expected one of Linux, Windows"),
                rejected("incorrect-os", "\"osType\": \"MacOs\""));
    }

    /** Airflow test_execute_fails_with_incorrect_restart_policy: 'Everyday' is refused. */
    @Test
    void airflowTestExecuteFailsWithIncorrectRestartPolicy() {
        assertEquals(List.of("$.restartPolicy: 'Everyday' is not a restart policy; expected one of Never, OnFailure"),
                rejected("incorrect-policy", "\"restartPolicy\": \"Everyday\""));
    }

    /** Airflow test_execute_with_dnsconfig (custom DNS applies to groups in a subnet). */
    @Test
    void airflowTestExecuteWithDnsconfig() {
        String fields = "\"subnetIds\": [\"" + SUBNET + "\"], \"dnsConfig\": {\"nameServers\": [\"10.0.0.10\", "
                + "\"10.0.0.11\"]}";
        assertEquals("{\"nameServers\":[\"10.0.0.10\",\"10.0.0.11\"]}",
                group("with-dnsconfig", fields).at("/properties/dnsConfig").toString());
        assertSucceeded(run("with-dnsconfig", fields, 0));
    }

    /** Airflow test_execute_with_spot_discount. */
    @Test
    void airflowTestExecuteWithSpotDiscount() {
        assertEquals("Spot", group("spot-discount", "\"priority\": \"Spot\"").at("/properties/priority").asText());
        assertSucceeded(run("spot-discount", "\"priority\": \"Spot\"", 0));
    }

    /** Airflow test_execute_with_identity ({"type": "SystemAssigned, UserAssigned", "resource_ids": [...]}). */
    @Test
    void airflowTestExecuteWithIdentity() {
        String fields = "\"systemAssignedIdentity\": true, \"identities\": [\"" + IDENTITY + "\"]";
        JsonNode identity = group("with-identity", fields).get("identity");
        assertEquals("SystemAssigned, UserAssigned", identity.get("type").asText());
        assertTrue(identity.at("/userAssignedIdentities").has(IDENTITY));
        assertSucceeded(run("with-identity", fields, 0));
    }

    /**
     * Airflow's volumes parameter (an Azure Files share, read-only, its key from a connection): here the key is a Key
     * Vault reference ARM resolves, never in the definition in clear.
     */
    @Test
    void airflowVolumesAzureFileShare() {
        String fields = "\"volumes\": [{\"name\": \"mount-0\", \"mountPath\": \"/input-data\", \"readOnly\": true, "
                + "\"azureFile\": {\"shareName\": \"my-fileshare\", \"storageAccountName\": \"mystorage\", "
                + "\"storageAccountKey\": {\"keyVaultSecret\": {\"vaultId\": \"" + VAULT + "\", \"name\": \"share-key\"}}}}]";
        JsonNode properties = group("with-volume", fields).get("properties");
        assertEquals("{\"name\":\"mount-0\",\"azureFile\":{\"shareName\":\"my-fileshare\",\"readOnly\":true,"
                + "\"storageAccountName\":\"mystorage\",\"storageAccountKey\":\"[parameters('volume0StorageAccountKey')]\"}}",
                properties.at("/volumes/0").toString());
        assertEquals("{\"name\":\"mount-0\",\"mountPath\":\"/input-data\",\"readOnly\":true}",
                properties.at("/containers/0/properties/volumeMounts/0").toString());
        assertSucceeded(run("with-volume", fields, 0));
    }

    /** Airflow test_name_checker: names ACI accepts pass, others are refused with the rule. */
    @Test
    void airflowTestNameChecker() {
        assertEquals("acid-test-dash", group("test-dash", "").get("name").asText());
        for (String invalid : List.of("test_underscore", "name-ending-with-dash-", "-name-starting-with-dash",
                "name-with-length---84".repeat(4))) {
            List<dev.acidispatch.job.FieldError> errors = org.junit.jupiter.api.Assertions.assertThrows(
                    dev.acidispatch.job.InvalidJobException.class,
                    () -> app.validator().resolve(message(invalid, ""))).errors();
            assertEquals("$.jobId", errors.get(0).path(), invalid);
        }
    }

    // ------------------------------------------------------------------------------------------ Prefect

    /**
     * Prefect test_worker_valid_command_validation / test_worker_invalid_command_validation: Prefect takes a command
     * line and splits it on spaces; here a string is refused with the exec-form fix, and the array form runs.
     */
    @Test
    void prefectCommandValidation() {
        assertEquals(List.of("$.command: must be an array of strings, got a string; aci-dispatch does not split a "
                + "command line (quoting rules differ between shells), so give the program and its arguments as "
                + "items, or run it through a shell: [\"sh\", \"-c\", \"command arg1 arg2\"]"),
                rejected("string-command", "\"command\": \"command arg1 arg2\""));
        assertEquals(JobStatus.SUCCEEDED, run("array-command", "\"command\": [\"command\", \"arg1\", \"arg2\"]", 0)
                .status());
    }

    /** Prefect test_worker_uses_entrypoint_correctly_in_template: entrypoint and command become one exec array. */
    @Test
    void prefectWorkerUsesEntrypointCorrectlyInTemplate() {
        assertEquals("[\"/test/entrypoint.sh\",\"command\",\"arg1\",\"arg2\"]", group("entrypoint",
                "\"command\": [\"/test/entrypoint.sh\", \"command\", \"arg1\", \"arg2\"]")
                .at("/properties/containers/0/properties/command").toString());
    }

    /** Prefect test_delete_after_group_creation_success and _failure: the group goes either way. */
    @Test
    void prefectDeleteAfterGroupCreation() {
        assertSucceeded(run("delete-success", "", 0));
        h.script("delete-failure", ContainerScript.builder().provisioningDelay(Duration.ofSeconds(5))
                .failProvisioning("InaccessibleImage", "The image 'container-image' is not accessible").build());
        h.stack.dispatch(message("delete-failure", ""));
        h.awaitWatcher("delete-failure");
        assertEquals(JobStatus.FAILED, h.record("delete-failure").status());
        assertTrue(left("delete-success").isEmpty() && left("delete-failure").isEmpty());
        assertTrue(h.arm.getDeployment(RESOURCE_GROUP, JobNames.deploymentName("delete-failure")).isEmpty());
    }

    /**
     * Prefect test_stop_after_group_creation_success (keep_container_group): kept, not deleted. The watcher's stop
     * comes after the container has exited, and a stop does not change a finished group's state (container-state:
     * Stopped is for a group that stopped running), so the kept group reads Succeeded, as in Azure.
     */
    @Test
    void prefectStopAfterGroupCreationSuccess() {
        assertSucceeded(run("stop-success", "\"keepContainerGroup\": true", 0));
        assertEquals(Optional.of("Succeeded"), left("stop-success").orElseThrow().instanceState());
        assertEquals(1, stops("stop-success"), "the watcher stopped the kept group");
    }

    /** Prefect test_secure_environment_variables: a secret becomes a secureValue (from its own parameter here). */
    @Test
    void prefectSecureEnvironmentVariables() {
        JsonNode env = group("secure-env", "\"secureEnv\": {\"PREFECT_API_KEY\": \"my-api-key\"}")
                .at("/properties/containers/0/properties/environmentVariables/0");
        assertEquals("{\"name\":\"PREFECT_API_KEY\",\"secureValue\":\"[parameters('secureEnv0')]\"}", env.toString());
    }

    /** Prefect test_add_acr_registry_identity and test_add_docker_registry_credentials. */
    @Test
    void prefectRegistryCredentials() {
        JsonNode identity = group("acr-identity", "\"registry\": {\"server\": \"myregistry.azurecr.io\", \"identity\": \""
                + IDENTITY + "\"}").at("/properties/imageRegistryCredentials/0");
        assertEquals("{\"server\":\"myregistry.azurecr.io\",\"identity\":\"" + IDENTITY + "\"}", identity.toString());
        JsonNode password = group("docker-credentials", "\"registry\": {\"server\": \"myregistry.azurecr.io\", "
                + "\"username\": \"my-username\", \"password\": \"my-password\"}").at("/properties/imageRegistryCredentials/0");
        assertEquals("{\"server\":\"myregistry.azurecr.io\",\"username\":\"my-username\",\"password\":"
                + "\"[parameters('registryPassword')]\"}", password.toString());
    }

    /** Prefect test_add_identities, test_add_subnet_ids, test_add_dns_servers (ACI takes one subnet per group). */
    @Test
    void prefectIdentitiesSubnetsAndDnsServers() {
        JsonNode group = group("networked", "\"identities\": [\"" + IDENTITY + "\"], \"subnetIds\": [\"" + SUBNET
                + "\"], \"dnsServers\": [\"10.0.0.4\", \"10.0.0.5\", \"10.0.0.6\"]");
        assertEquals("{}", group.at("/identity/userAssignedIdentities").get(IDENTITY).toString());
        assertEquals("[{\"id\":\"" + SUBNET + "\"}]", group.at("/properties/subnetIds").toString());
        assertEquals("[\"10.0.0.4\",\"10.0.0.5\",\"10.0.0.6\"]", group.at("/properties/dnsConfig/nameServers").toString());
        assertSucceeded(run("networked", "\"subnetIds\": [\"" + SUBNET + "\"]", 0));
    }

    /** Prefect test_provisioning_timeout_throws_exception: a group that never starts times out and is cleaned up. */
    @Test
    void prefectProvisioningTimeout() {
        h.script("never-starts", ContainerScript.builder().neverStart().build());
        h.stack.dispatch(message("never-starts", "\"startTimeoutSeconds\": 60"));
        h.awaitWatcher("never-starts");
        JobRecord record = h.record("never-starts");
        assertEquals(JobStatus.TIMED_OUT, record.status());
        assertTrue(record.reason().contains("start timeout"), record.reason());
        assertTrue(left("never-starts").isEmpty());
    }
}
