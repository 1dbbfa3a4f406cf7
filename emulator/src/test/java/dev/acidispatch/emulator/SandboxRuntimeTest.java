package dev.acidispatch.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sandbox groups run as ACI runs them: init containers first, in order, then the containers together; a failed init
 * container stops the group; OnFailure restarts in place; volumes are directories under $ACI_SANDBOX_ROOT. Real local
 * processes ({@code sh}), so each test waits (bounded) for them.
 */
class SandboxRuntimeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.systemUTC();
    private final List<SandboxRuntime> started = new ArrayList<>();

    @AfterEach
    void kill() {
        started.forEach(SandboxRuntime::kill);
    }

    private SandboxRuntime start(GroupSpec spec) {
        SandboxRuntime runtime = SandboxRuntime.start(CLOCK, spec, CLOCK.instant());
        started.add(runtime);
        return runtime;
    }

    private static GroupSpec spec(String properties) throws IOException {
        return GroupSpec.fromResource(JSON.readTree("{\"name\":\"sandbox-test\",\"properties\":" + properties + "}"),
                "westeurope");
    }

    private static String container(String name, String script, String mounts) {
        return "{\"name\":\"" + name + "\",\"properties\":{\"image\":\"busybox\",\"command\":[\"sh\",\"-c\","
                + JSON.valueToTree(script) + "],\"volumeMounts\":" + mounts
                + ",\"resources\":{\"requests\":{\"cpu\":1,\"memoryInGB\":1}}}}";
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

    private static GroupView.Container job(SandboxRuntime runtime, GroupSpec spec) {
        return runtime.container("job", spec, CLOCK.instant(), null);
    }

    @Test
    void initContainersRunFirstInOrderThenTheJobAndItsSidecarTogetherSharingVolumes() throws Exception {
        String mounts = "[{\"name\":\"shared\",\"mountPath\":\"/mnt/shared\"},{\"name\":\"creds\",\"mountPath\":"
                + "\"/mnt/creds\",\"readOnly\":true}]";
        String token = Base64.getEncoder().encodeToString("s3cret\n".getBytes());
        GroupSpec spec = spec("{\"restartPolicy\":\"Never\",\"volumes\":[{\"name\":\"shared\",\"emptyDir\":{}},"
                + "{\"name\":\"creds\",\"secret\":{\"token\":\"" + token + "\"}}],"
                + "\"initContainers\":["
                + container("first", "sleep 0.3; echo one >> \"$ACI_SANDBOX_ROOT/mnt/shared/order\"", mounts) + ","
                + container("second", "echo two >> \"$ACI_SANDBOX_ROOT/mnt/shared/order\"", mounts) + "],"
                + "\"containers\":["
                + container("job", "until [ -f \"$ACI_SANDBOX_ROOT/mnt/shared/sidecar\" ]; do sleep 0.1; done; "
                + "cat \"$ACI_SANDBOX_ROOT/mnt/shared/order\"; cat \"$ACI_SANDBOX_ROOT/mnt/creds/token\"; "
                + "stat -c %A \"$ACI_SANDBOX_ROOT/mnt/creds\" \"$ACI_SANDBOX_ROOT/mnt/creds/token\"; exit 3", mounts) + ","
                + container("sidecar", "touch \"$ACI_SANDBOX_ROOT/mnt/shared/sidecar\"; sleep 60", mounts) + "]}");
        SandboxRuntime runtime = start(spec);

        await(() -> "Terminated".equals(job(runtime, spec).state()), "the job container exits");
        GroupView.Container job = job(runtime, spec);
        assertEquals(3, job.exitCode());
        // A read-only secret volume is a directory without write permission (root could still write: best effort).
        assertEquals("one\ntwo\ns3cret\ndr-x------\n-rw-------\n", job.logs().text());
        assertEquals("Running", runtime.container("sidecar", spec, CLOCK.instant(), null).state(),
                "the sidecar runs on: the watcher stops it with the group");
        GroupView.Container first = runtime.initContainer("first", spec, CLOCK.instant(), null);
        assertEquals(0, first.exitCode());
        assertTrue(first.finishTime().compareTo(job.startTime()) <= 0, "init containers end before the job starts");
        assertFalse(runtime.initContainerFailed());
    }

    @Test
    void aFailedInitContainerEndsTheGroupAndTheJobNeverRuns() throws Exception {
        GroupSpec spec = spec("{\"restartPolicy\":\"Never\",\"initContainers\":["
                + container("setup", "echo cannot set up; exit 7", "[]") + "],\"containers\":["
                + container("job", "echo should not run", "[]") + "]}");
        SandboxRuntime runtime = start(spec);

        await(runtime::initContainerFailed, "the init container fails");
        GroupView.Container setup = runtime.initContainer("setup", spec, CLOCK.instant(), null);
        assertEquals(7, setup.exitCode());
        assertEquals("cannot set up\n", setup.logs().text());
        GroupView.Container job = job(runtime, spec);
        assertEquals("Waiting", job.state());
        assertNull(job.startTime());
        assertEquals("Init container 'setup' failed", job.detailStatus());
        EmulatedGroup group = new EmulatedGroup("s", "rg", spec, "d", runtime);
        assertEquals("Failed", group.view(CLOCK.instant()).instanceState());
    }

    @Test
    void onFailureRestartsAFailedRunInPlaceCountingRestarts() throws Exception {
        GroupSpec spec = spec("{\"restartPolicy\":\"OnFailure\",\"containers\":["
                + container("job", "echo attempt; exit 4", "[]") + "]}");
        SandboxRuntime runtime = start(spec);

        await(() -> job(runtime, spec).restartCount() >= 2, "ACI-style restarts happen");
        GroupView.Container job = job(runtime, spec);
        assertEquals(4, job.previousState().exitCode());
        EmulatedGroup group = new EmulatedGroup("s", "rg", spec, "d", runtime);
        assertEquals("Running", group.view(CLOCK.instant()).instanceState(), "a restarting group is not finished");
        runtime.kill();
        int restarts = job(runtime, spec).restartCount();
        Thread.sleep(SandboxContainer.RESTART_PAUSE.toMillis() + 300);
        assertEquals(restarts, job(runtime, spec).restartCount(), "a killed container is not restarted");
    }

    @Test
    void theSandboxSaysPlainlyThatItCannotRunWindowsImages() throws Exception {
        SandboxRuntime runtime = start(spec("{\"osType\":\"Windows\",\"containers\":["
                + container("job", "echo hi", "[]") + "]}"));
        ContainerScript.ProvisioningFailure failure = runtime.provisioningFailure().orElseThrow();
        assertEquals("SandboxWindowsUnsupported", failure.code());
        assertTrue(failure.message().contains("cannot run Windows container images"), failure.message());
    }

    @Test
    void anAzureFilesVolumeIsAnEmptyDirectoryAndTheJobsLogSaysSo() throws Exception {
        GroupSpec spec = spec("{\"restartPolicy\":\"Never\",\"volumes\":[{\"name\":\"data\",\"azureFile\":"
                + "{\"shareName\":\"input\",\"storageAccountName\":\"acct\",\"storageAccountKey\":\"k\"}}],"
                + "\"containers\":[" + container("job", "ls -A \"$ACI_SANDBOX_ROOT/mnt/data\" | wc -l",
                "[{\"name\":\"data\",\"mountPath\":\"/mnt/data\"}]") + "]}");
        SandboxRuntime runtime = start(spec);

        await(() -> "Terminated".equals(job(runtime, spec).state()), "the job exits");
        String logs = job(runtime, spec).logs().text();
        assertTrue(logs.startsWith("[sandbox] azureFile volume 'data' (share 'input') is an empty local directory"),
                logs);
        assertTrue(logs.trim().endsWith("0"), "the directory is empty: " + logs);
    }
}
