package dev.acidispatch.app;

import dev.acidispatch.config.Settings;
import dev.acidispatch.dispatch.DispatchOutcome;
import dev.acidispatch.emulator.ContainerScript;
import dev.acidispatch.emulator.GroupSnapshot;
import dev.acidispatch.job.JobNames;
import dev.acidispatch.job.JobRecord;
import dev.acidispatch.job.JobStatus;
import dev.acidispatch.testing.PipelineHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static dev.acidispatch.testing.PipelineHarness.RESOURCE_GROUP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The job-spec policies through the whole pipeline (Azurite, the real SDK against the emulator, the app's Functions
 * classes, the durable runner on virtual time): cleanup policies and the orphan sweeper, sidecars' cores in admission,
 * Key Vault references ARM cannot resolve, init containers and sidecars in scripted groups.
 */
class JobSpecPipelineTest {
    private static final String VAULT = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/kv-rg"
            + "/providers/Microsoft.KeyVault/vaults/jobs-kv";
    private PipelineHarness h;

    private PipelineHarness harness(Map<String, String> settings) {
        h = new PipelineHarness(settings);
        return h;
    }

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    private static String job(String jobId, String extra) {
        return "{\"jobId\": \"" + jobId + "\", \"image\": \"busybox:1.36\", \"command\": [\"sh\", \"-c\", \"true\"]"
                + (extra.isEmpty() ? "" : ", " + extra) + "}";
    }

    private Optional<GroupSnapshot> group(String jobId) {
        return h.emulator.groups().stream().filter(g -> g.name().equals(JobNames.containerGroupName(jobId))).findFirst();
    }

    private void run(String jobId, String extra, int exitCode) {
        h.script(jobId, ContainerScript.builder().provisioningDelay(Duration.ofSeconds(5))
                .runDuration(Duration.ofMinutes(1)).exitCode(exitCode).build());
        assertEquals(DispatchOutcome.Kind.DISPATCHED, h.stack.dispatch(job(jobId, extra)).kind());
        h.awaitWatcher(jobId);
    }

    @Test
    void cleanupPoliciesDecideFromTheOutcomeAndTheSweeperHonoursThem() {
        harness(Map.of());
        // Airflow's remove_on_error=False: a failed group is kept for inspection; a successful one goes.
        run("on-success-ok", "\"cleanup\": \"onSuccess\"", 0);
        run("on-success-bad", "\"cleanup\": \"onSuccess\"", 2);
        run("never-ok", "\"cleanup\": \"never\"", 0);
        run("always-bad", "\"cleanup\": \"always\"", 2);
        run("old-spelling", "\"keepContainerGroup\": true", 0);

        assertEquals(JobStatus.SUCCEEDED, h.record("on-success-ok").status());
        assertEquals(JobStatus.FAILED, h.record("on-success-bad").status());
        assertTrue(group("on-success-ok").isEmpty(), "a successful job's group is deleted");
        assertTrue(group("always-bad").isEmpty(), "always deletes a failed job's group too");
        // The watcher stops a kept group after its container exited; a stop leaves a finished group's state as it is.
        Map<String, String> keptStates = Map.of("on-success-bad", "Failed", "never-ok", "Succeeded",
                "old-spelling", "Succeeded");
        keptStates.forEach((kept, state) -> assertEquals(Optional.of(state), group(kept)
                .orElseThrow(() -> new AssertionError(kept + " deleted")).instanceState(), kept));
        assertTrue(h.arm.getDeployment(RESOURCE_GROUP, JobNames.deploymentName("on-success-bad")).isPresent(),
                "a kept group keeps its deployment record");

        h.clock.advance(Duration.ofDays(30));
        h.stack.pollWork();
        assertTrue(group("on-success-bad").isPresent(), "the sweeper keeps what the policy keeps");
        assertTrue(group("never-ok").isPresent());
        assertTrue(group("old-spelling").isPresent());
    }

    @Test
    void sidecarsCoresCountTowardAdmission() {
        Map<String, String> settings = new HashMap<>();
        settings.put(Settings.Names.MAX_ACTIVE_CORES, "2");
        harness(settings);
        h.script("with-sidecar", ContainerScript.builder().neverStart().build());
        assertEquals(DispatchOutcome.Kind.DISPATCHED, h.stack.dispatch(job("with-sidecar", "\"cpu\": 1, "
                + "\"sidecars\": [{\"name\": \"shipper\", \"image\": \"busybox:1.36\", \"cpu\": 1, \"memoryGb\": 0.5}]"))
                .kind());
        assertEquals(2.0, h.stack.ledger().snapshot().activeCores(), 1e-9, "the job's core plus its sidecar's");

        DispatchOutcome second = h.stack.dispatch(job("one-more", "\"cpu\": 0.5"));
        assertEquals(DispatchOutcome.Kind.DEFERRED, second.kind(), second.toString());
        assertTrue(h.record("one-more").reason().contains("cores"), h.record("one-more").reason());
    }

    @Test
    void aKeyVaultSecretArmCannotReadFailsTheJobWithArmsCode() {
        harness(Map.of(Settings.Names.ALLOWED_KEY_VAULTS, VAULT));
        h.emulator.keyVaultSecret(VAULT, "present", "value");
        String reference = "{\"keyVaultSecret\": {\"vaultId\": \"" + VAULT + "\", \"name\": \"%s\"}}";

        run("vault-ok", "\"secureEnv\": {\"A\": " + reference.formatted("present") + "}", 0);
        assertEquals(JobStatus.SUCCEEDED, h.record("vault-ok").status());

        DispatchOutcome missing = h.stack.dispatch(job("vault-missing", "\"secureEnv\": {\"A\": "
                + reference.formatted("absent") + "}"));
        assertEquals(DispatchOutcome.Kind.FAILED, missing.kind(), missing.toString());
        JobRecord record = h.record("vault-missing");
        assertEquals(JobStatus.FAILED, record.status());
        assertTrue(record.reason().contains("KeyVaultParameterReferenceSecretRetrieveFailed"), record.reason());
    }

    @Test
    void initContainersAndSidecarsInAScriptedGroupRunAndTheirLogsAreCaptured() {
        harness(Map.of());
        run("multi", "\"initContainers\": [{\"name\": \"setup\", \"image\": \"busybox:1.36\"}], "
                + "\"sidecars\": [{\"name\": \"shipper\", \"image\": \"busybox:1.36\", \"cpu\": 0.5, \"memoryGb\": 0.5}],"
                + " \"volumes\": [{\"name\": \"shared\", \"mountPath\": \"/mnt/shared\", \"emptyDir\": {}}]", 0);
        assertEquals(JobStatus.SUCCEEDED, h.record("multi").status());
        String logs = h.stack.logs().get("multi").orElseThrow();
        assertTrue(logs.contains("----- init container 'setup' -----"), logs);
        assertTrue(logs.contains("----- sidecar 'shipper' -----"), logs);
        assertTrue(group("multi").isEmpty(), "cleaned up");
    }

    @Test
    void armRefusesWhatAciRefusesEvenFromACustomShape() {
        harness(Map.of());
        // A Private address without a subnet is refused by the validator; the emulator refuses the ARM shapes the
        // validator cannot see (GroupSpecRulesTest). Here the validator's refusal is what the user gets.
        DispatchOutcome rejected = h.stack.dispatch(job("private-no-subnet",
                "\"ports\": [{\"port\": 80}], \"ipAddress\": {\"type\": \"Private\"}"));
        assertEquals(DispatchOutcome.Kind.REJECTED, rejected.kind());
        assertTrue(h.record("private-no-subnet").errors().get(0).startsWith("$.ipAddress.type: Private needs subnetIds"),
                h.record("private-no-subnet").errors().toString());
    }
}
