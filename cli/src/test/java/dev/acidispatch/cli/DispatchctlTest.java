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
    @ValueSource(strings = {"validate", "render", "run", "submit", "status", "logs", "cancel"})
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
}
