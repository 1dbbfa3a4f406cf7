package dev.acidispatch.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acidispatch.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code dispatchctl run --emulator} with init containers, sidecars and volumes, end to end: the real dispatcher and
 * watcher (through the app's Functions classes) against the sandbox, which runs each container's command as a local
 * process. The job is the main container: its exit code is the run's.
 */
class MultiContainerRunTest {
    private static final String SECRET = "not-a-real-token";

    @TempDir
    Path dir;

    private static CliResult run(String... args) {
        return CliResult.run(Map.of(), "", args);
    }

    private Path variant(String name, java.util.function.Consumer<ObjectNode> change) throws Exception {
        ObjectNode job = (ObjectNode) Json.MAPPER.readTree(Files.readString(Path.of("examples/multi-container.json")));
        change.accept(job);
        Path file = dir.resolve(name);
        Files.writeString(file, Json.write(job));
        return file;
    }

    @Test
    void theExampleRunsItsInitContainerSidecarAndVolumesAndExitsWithTheJobsCode() {
        CliResult r = run("run", "--emulator", "--log-interval", "0", "examples/multi-container.json");

        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("  | job: the init container left: prepared"), r.out());
        assertTrue(r.out().contains("  | job: the secret file has " + SECRET.length() + " bytes"), r.out());
        assertTrue(r.out().matches("(?s).*  \\| job: the sidecar's heartbeat: [0-9]+\n.*"), "the sidecar ran alongside: "
                + r.out());
        assertTrue(r.out().contains("  | ----- init container 'prepare' -----\n  | init: prepared"), r.out());
        assertTrue(r.out().contains("  | ----- sidecar 'heartbeat' -----"), r.out());
        assertTrue(r.out().contains("finished SUCCEEDED with exit code 0"), r.out());
        assertFalse((r.out() + r.err()).contains(SECRET), "the secret file's content is printed nowhere");
    }

    @Test
    void theJobsExitCodeDecidesWhileItsSidecarStillRuns() throws Exception {
        Path job = variant("exit5.json", j -> j.putArray("command").add("sh").add("-c")
                .add("cat \"$ACI_SANDBOX_ROOT/mnt/shared/ready\"; exit 5"));

        CliResult r = run("run", "--emulator", "--log-interval", "0", job.toString());

        assertEquals(5, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("finished FAILED with exit code 5"), r.out());
        assertTrue(r.out().contains("  | prepared"), r.out());
    }

    @Test
    void aFailingInitContainerEndsTheJobFailedWithItsExitCodeAndLogs() throws Exception {
        Path job = variant("init-fails.json", j -> ((ObjectNode) j.get("initContainers").get(0)).putArray("command")
                .add("sh").add("-c").add("echo init: cannot reach the database; exit 4"));

        CliResult r = run("run", "--emulator", "--log-interval", "0", job.toString());

        assertEquals(4, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("init container 'prepare' exited with code 4"), r.out());
        assertTrue(r.out().contains("  | init: cannot reach the database"), r.out());
        assertFalse(r.out().contains("job: the init container left"), "the job's container never ran: " + r.out());
    }

    @Test
    void theSandboxSaysPlainlyThatItCannotRunWindowsImages() throws Exception {
        Path job = dir.resolve("windows.json");
        Files.writeString(job, "{\"image\": \"mcr.microsoft.com/windows/nanoserver:ltsc2022\", \"osType\": \"Windows\","
                + " \"command\": [\"cmd\", \"/c\", \"echo hi\"], \"startTimeoutSeconds\": 60}");

        CliResult r = run("run", "--emulator", "--log-interval", "0", job.toString());

        assertEquals(Dispatchctl.PROVISIONING_FAILED, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("SandboxWindowsUnsupported"), r.out());
        assertTrue(r.out().contains("cannot run Windows container images"), r.out());
    }

    @Test
    void renderMasksTheSecretFileUnlessAskedToShowIt() {
        CliResult masked = run("render", "examples/multi-container.json");
        String encoded = Base64.getEncoder().encodeToString(SECRET.getBytes());
        assertEquals(0, masked.exitCode(), masked.err());
        assertFalse(masked.out().contains(SECRET) || masked.out().contains(encoded), masked.out());
        assertTrue(masked.out().contains("[parameters('volume1SecretFile0')]"), masked.out());
        assertTrue(run("render", "--show-secrets", "examples/multi-container.json").out().contains(encoded));
    }
}
