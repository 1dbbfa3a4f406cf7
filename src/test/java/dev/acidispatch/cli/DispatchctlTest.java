package dev.acidispatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acidispatch.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** dispatchctl as a user drives it: exit codes, output format, masking. */
class DispatchctlTest {
    @TempDir
    Path dir;

    record Result(int exitCode, String out, String err) {
    }

    private static Result run(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Dispatchctl.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        InputStream previous = System.in;
        try {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            int code = cli.execute(args);
            return new Result(code, out.toString(), err.toString());
        } finally {
            System.setIn(previous);
        }
    }

    private Path file(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    void validatePrintsValidForTheExamples() {
        Result r = run("", "validate", "examples/hello.json");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("valid", r.out().strip());
    }

    @Test
    void validatePrintsOnePathMessageLinePerErrorAndExitsTwo() {
        Result r = run("{\"image\": \"busybox\", \"cpu\": 99, \"colour\": \"red\"}", "validate", "-");
        assertEquals(2, r.exitCode());
        String[] lines = r.out().strip().split("\n");
        assertEquals(2, lines.length, r.out());
        assertTrue(r.out().contains("$.cpu: "), r.out());
        assertTrue(r.out().contains("$.colour: "), r.out());
    }

    @Test
    void malformedJsonNamesLineAndColumn() throws Exception {
        Result r = run("", "validate", file("broken.json", "{\n  \"image\": \"busybox\",\n  oops\n}").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.out().startsWith("$: "), r.out());
        assertTrue(r.out().contains("line 3"), r.out());
    }

    @Test
    void unreadableFileIsInvalidInputWithAClearMessage() {
        Result r = run("", "validate", dir.resolve("missing.json").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("missing.json: no such file"), r.err());
    }

    @Test
    void renderPrintsTheDeploymentBodyWithSecretsMasked() throws Exception {
        Path job = file("job.json", "{\"jobId\": \"render-1\", \"image\": \"busybox\", "
                + "\"secureEnv\": {\"DB_PASSWORD\": \"hunter2-secret\"}, \"env\": {\"MODE\": \"[literal]\"}}");
        Result masked = run("", "render", job.toString());
        assertEquals(0, masked.exitCode(), masked.err());
        JsonNode body = Json.read(masked.out(), JsonNode.class);
        assertEquals("Incremental", body.at("/properties/mode").asText());
        assertEquals("acid-render-1", body.at("/properties/template/resources/0/name").asText());
        assertFalse(masked.out().contains("hunter2-secret"), masked.out());
        assertTrue(masked.out().contains("***"));
        assertTrue(masked.out().contains("[[literal]"), "ARM expression neutralised: " + masked.out());

        Result shown = run("", "render", "--show-secrets", job.toString());
        assertEquals(0, shown.exitCode());
        assertTrue(shown.out().contains("hunter2-secret"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"validate", "render", "run", "submit", "status", "logs", "cancel"})
    void everyCommandHasHelp(String command) {
        Result r = run("", command, "--help");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("Usage: dispatchctl " + command), r.out());
    }

    @Test
    void runWithTheEmulatorRunsTheCommandAndExitsWithItsCode() throws Exception {
        Path job = file("exit3.json", "{\"image\": \"busybox\", \"command\": [\"sh\", \"-c\", "
                + "\"echo about to fail; exit 3\"], \"startTimeoutSeconds\": 60, \"timeoutSeconds\": 60}");
        Result r = run("", "run", "--emulator", "--log-interval", "0", job.toString());
        assertEquals(3, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("  | about to fail"), r.out());
        assertTrue(r.out().contains("finished FAILED with exit code 3"), r.out());
    }

    @Test
    void runRejectsAnInvalidMessageWithExitTwo() {
        Result r = run("{\"image\": \"\"}", "run", "--emulator", "-");
        assertEquals(2, r.exitCode(), r.out());
        assertTrue(r.err().contains("$.image"), r.err());
    }
}
