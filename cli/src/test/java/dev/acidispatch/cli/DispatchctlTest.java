package dev.acidispatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acidispatch.json.Json;
import dev.acidispatch.local.host.FunctionsHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** dispatchctl as a user drives it: exit codes, output format, masking. */
class DispatchctlTest {
    private static CliResult run(String stdin, String... args) {
        return CliResult.run(System.getenv(), stdin, args);
    }

    @TempDir
    Path dir;


    private Path file(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    void validatePrintsValidForTheExamples() {
        CliResult r = run("", "validate", "examples/hello.json");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("valid", r.out().strip());
    }

    @Test
    void validatePrintsOnePathMessageLinePerErrorAndExitsTwo() {
        CliResult r = run("{\"image\": \"busybox\", \"cpu\": 99, \"colour\": \"red\"}", "validate", "-");
        assertEquals(2, r.exitCode());
        String[] lines = r.out().strip().split("\n");
        assertEquals(2, lines.length, r.out());
        assertTrue(r.out().contains("$.cpu: "), r.out());
        assertTrue(r.out().contains("$.colour: "), r.out());
    }

    @Test
    void malformedJsonNamesLineAndColumn() throws Exception {
        CliResult r = run("", "validate", file("broken.json", "{\n  \"image\": \"busybox\",\n  oops\n}").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.out().startsWith("$: "), r.out());
        assertTrue(r.out().contains("line 3"), r.out());
    }

    @Test
    void unreadableFileIsInvalidInputWithAClearMessage() {
        CliResult r = run("", "validate", dir.resolve("missing.json").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("missing.json: no such file"), r.err());
    }

    @Test
    void renderPrintsTheDeploymentBodyWithSecretsMasked() throws Exception {
        Path job = file("job.json", "{\"jobId\": \"render-1\", \"image\": \"busybox\", "
                + "\"secureEnv\": {\"DB_PASSWORD\": \"hunter2-secret\"}, \"env\": {\"MODE\": \"[literal]\"}}");
        CliResult masked = run("", "render", job.toString());
        assertEquals(0, masked.exitCode(), masked.err());
        JsonNode body = Json.read(masked.out(), JsonNode.class);
        assertEquals("Incremental", body.at("/properties/mode").asText());
        assertEquals("acid-render-1", body.at("/properties/template/resources/0/name").asText());
        assertFalse(masked.out().contains("hunter2-secret"), masked.out());
        assertTrue(masked.out().contains("***"));
        assertTrue(masked.out().contains("[[literal]"), "ARM expression neutralised: " + masked.out());

        CliResult shown = run("", "render", "--show-secrets", job.toString());
        assertEquals(0, shown.exitCode());
        assertTrue(shown.out().contains("hunter2-secret"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"validate", "render", "run", "up", "emulator", "submit", "status", "logs", "cancel",
            "schedule"})
    void everyCommandHasHelp(String command) {
        CliResult r = run("", command, "--help");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("Usage: dispatchctl " + command), r.out());
    }

    @Test
    void runWithTheEmulatorRunsTheCommandAndExitsWithItsCode() throws Exception {
        Path job = file("exit3.json", "{\"image\": \"busybox\", \"command\": [\"sh\", \"-c\", "
                + "\"echo about to fail; exit 3\"], \"startTimeoutSeconds\": 60, \"timeoutSeconds\": 60}");
        List<String> executed = new CopyOnWriteArrayList<>();
        Logger hostLog = Logger.getLogger(FunctionsHost.class.getName());
        Handler recorder = new Handler() {
            @Override
            public void publish(LogRecord record) {
                executed.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Level previous = hostLog.getLevel();
        hostLog.setLevel(Level.FINE);
        hostLog.addHandler(recorder);
        CliResult r;
        try {
            r = run("", "run", "--emulator", "--log-interval", "0", job.toString());
        } finally {
            hostLog.removeHandler(recorder);
            hostLog.setLevel(previous);
        }
        assertEquals(3, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("  | about to fail"), r.out());
        assertTrue(r.out().contains("finished FAILED with exit code 3"), r.out());
        // The run went through the app's Functions classes, as the host calls them.
        for (String function : List.of("DispatchJob", "WatchJob", "CheckGroup", "CaptureLogs", "Cleanup",
                "RecordResult")) {
            assertTrue(executed.stream().anyMatch(m -> m.startsWith("Executed 'Functions." + function
                    + "' (Succeeded")), function + " in " + executed);
        }
    }

    @Test
    void runRejectsAnInvalidMessageWithExitTwo() {
        CliResult r = run("{\"image\": \"\"}", "run", "--emulator", "-");
        assertEquals(2, r.exitCode(), r.out());
        assertTrue(r.err().contains("$.image"), r.err());
    }

    @Test
    void runValidatesBeforeStartingAnythingAndPrintsEachErrorOnce() {
        CliResult r = run("{\"image\": \"busybox\", \"cpu\": 99, \"colour\": \"red\"}", "run", "--emulator", "-");
        assertEquals(Dispatchctl.INVALID_INPUT, r.exitCode(), r.out() + r.err());
        List<String> lines = r.err().lines().toList();
        assertEquals(2, lines.size(), r.err());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("$.cpu: ")), r.err());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("$.colour: ")), r.err());
        assertFalse(r.out().contains("emulator:"), "nothing started for an invalid message: " + r.out());
        assertFalse((r.out() + r.err()).contains("rejected-"), "no internal id: " + r.out() + r.err());
    }

    @Test
    void runExitCodesTellHowTheJobEnded() throws Exception {
        java.time.Instant t = java.time.Instant.parse("2026-11-23T08:00:00Z");
        dev.acidispatch.job.JobRecord dispatched = dev.acidispatch.job.JobRecord.queued("codes", t)
                .transitionTo(dev.acidispatch.job.JobStatus.DISPATCHING, "deploying", t)
                .transitionTo(dev.acidispatch.job.JobStatus.PROVISIONING, "accepted", t);
        dev.acidispatch.job.JobRecord running = dispatched.transitionTo(dev.acidispatch.job.JobStatus.RUNNING, "up", t);
        assertEquals(0, RunCommand.exitCode(running.finished(dev.acidispatch.job.JobStatus.SUCCEEDED, 0, "ok", t)));
        assertEquals(3, RunCommand.exitCode(running.finished(dev.acidispatch.job.JobStatus.FAILED, 3, "exit 3", t)));
        assertEquals(Dispatchctl.TIMED_OUT,
                RunCommand.exitCode(running.finished(dev.acidispatch.job.JobStatus.TIMED_OUT, null, "run timeout", t)));
        assertEquals(Dispatchctl.CANCELLED,
                RunCommand.exitCode(running.finished(dev.acidispatch.job.JobStatus.CANCELLED, null, "cancelled", t)));
        assertEquals(Dispatchctl.PROVISIONING_FAILED, RunCommand.exitCode(
                dispatched.finished(dev.acidispatch.job.JobStatus.FAILED, null, "provisioning failed", t)));
        assertEquals(Dispatchctl.FAILURE, RunCommand.exitCode(
                running.finished(dev.acidispatch.job.JobStatus.FAILED, null, "group vanished", t)));
        java.util.Set<Integer> codes = java.util.Set.of(Dispatchctl.OK, Dispatchctl.FAILURE, Dispatchctl.INVALID_INPUT,
                Dispatchctl.UNAVAILABLE, Dispatchctl.TIMED_OUT, Dispatchctl.PROVISIONING_FAILED, Dispatchctl.CANCELLED);
        assertEquals(7, codes.size(), "every way to end has its own exit code");
    }

    @Test
    void runOfAJobThatCannotBeProvisionedExitsWith125() throws Exception {
        // The sandbox runs a container's command; without one, provisioning fails, as a missing image would on ACI.
        Path job = file("nocommand.json", "{\"image\": \"busybox\", \"startTimeoutSeconds\": 60}");
        CliResult r = run("", "run", "--emulator", "--log-interval", "0", job.toString());
        assertEquals(Dispatchctl.PROVISIONING_FAILED, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("finished FAILED"), r.out());
    }

    @Test
    void noCommandPrintsUsageAndExitsTwo() {
        CliResult r = run("");
        assertEquals(Dispatchctl.INVALID_INPUT, r.exitCode());
        assertTrue(r.err().contains("a command is required") && r.err().contains("Usage: dispatchctl"), r.err());
    }

    @Test
    void versionIsTheBuildsVersion() throws Exception {
        String pom = Files.readString(Path.of("cli", "pom.xml"));
        String parent = pom.substring(pom.indexOf("<parent>"), pom.indexOf("</parent>"));
        String version = parent.replaceAll("(?s).*<version>([^<]+)</version>.*", "$1");
        CliResult r = run("", "--version");
        assertEquals(0, r.exitCode());
        assertEquals("dispatchctl " + version, r.out().strip());
    }

    @Test
    void unreachableStorageIsOneLineNamingTheEndpointAndTheFix() {
        int port = DispatchctlProcess.freePort();
        String connection = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + "a".repeat(86)
                + "==;BlobEndpoint=http://127.0.0.1:" + port + "/devstoreaccount1;QueueEndpoint=http://127.0.0.1:"
                + port + "/devstoreaccount1;TableEndpoint=http://127.0.0.1:" + port + "/devstoreaccount1;";
        CliResult r = CliResult.run(java.util.Map.of("AzureWebJobsStorage", connection), "", "status", "some-job");
        assertEquals(Dispatchctl.UNAVAILABLE, r.exitCode(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("cannot reach storage at http://127.0.0.1:" + port), r.err());
        assertTrue(r.err().contains("is Azurite running?") && r.err().contains("bin/dispatchctl up"), r.err());
    }

    @Test
    void localSettingsValuesApplyUnlessTheEnvironmentSetsThem() throws Exception {
        file("local.settings.json", "{\"IsEncrypted\": false, \"Values\": {\"DISPATCH_DEFAULT_CPU\": \"0.5\", "
                + "\"DISPATCH_DEFAULT_LOCATION\": \"northeurope\", \"FUNCTIONS_WORKER_RUNTIME\": \"java\"}}");
        String message = "{\"jobId\": \"settings-1\", \"image\": \"busybox\"}";
        JsonNode fromFile = Json.read(CliResult.run(new Dispatchctl(java.util.Map.of(), dir), message, "render", "-")
                .out(), JsonNode.class);
        assertEquals(0.5, fromFile.at("/properties/template/resources/0/properties/containers/0/properties/resources"
                + "/requests/cpu").asDouble(), fromFile.toString());
        assertEquals("northeurope", fromFile.at("/properties/template/resources/0/location").asText());
        JsonNode envFirst = Json.read(CliResult.run(new Dispatchctl(java.util.Map.of("DISPATCH_DEFAULT_CPU", "2"), dir),
                message, "render", "-").out(), JsonNode.class);
        assertEquals(2.0, envFirst.at("/properties/template/resources/0/properties/containers/0/properties/resources"
                + "/requests/cpu").asDouble(), envFirst.toString());
        assertEquals("northeurope", envFirst.at("/properties/template/resources/0/location").asText());
    }

    @Test
    void anEncryptedLocalSettingsFileIsRefusedWithTheFix() throws Exception {
        file("local.settings.json", "{\"IsEncrypted\": true, \"Values\": {\"DISPATCH_DEFAULT_CPU\": \"xyz==\"}}");
        CliResult r = CliResult.run(new Dispatchctl(java.util.Map.of(), dir), "{\"image\": \"busybox\"}", "validate", "-");
        assertEquals(Dispatchctl.INVALID_INPUT, r.exitCode());
        assertTrue(r.err().contains("IsEncrypted") && r.err().contains("func settings decrypt"), r.err());
    }

    @Test
    void theSampleSettingsCopiedAsIsPointAtWhatUpAndTheEmulatorCommandStart() throws Exception {
        Path copy = dir.resolve("local.settings.json");
        Files.copy(Path.of("local.settings.sample.json"), copy);
        java.util.Map<String, String> values = LocalSettingsFile.read(copy);
        dev.acidispatch.config.Settings settings = dev.acidispatch.config.Settings.from(values);
        assertEquals(java.net.URI.create("http://127.0.0.1:" + EmulatorCommand.DEFAULT_PORT),
                settings.armEndpoint().orElseThrow(), "the emulator `dispatchctl emulator` and `up` start by default");
        assertEquals(dev.acidispatch.emulator.ArmEmulator.DEFAULT_SUBSCRIPTION_ID, settings.requireSubscriptionId());
        dev.acidispatch.store.StorageClients storage = dev.acidispatch.store.StorageClients.from(settings);
        assertEquals("http://127.0.0.1:" + dev.acidispatch.local.up.AzuriteProcess.DEFAULT_PORT + "/devstoreaccount1",
                storage.blobs().getAccountUrl(), "the Azurite `up` starts by default");
        assertEquals("http://127.0.0.1:" + (dev.acidispatch.local.up.AzuriteProcess.DEFAULT_PORT + 2)
                + "/devstoreaccount1", storage.tables().getServiceEndpoint());
    }
}
