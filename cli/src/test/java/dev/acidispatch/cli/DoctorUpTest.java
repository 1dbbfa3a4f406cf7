package dev.acidispatch.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code dispatchctl doctor --emulator} on the setup the README describes: {@code dispatchctl up} in a JVM of its own,
 * and doctor run with the export lines it printed, as a user pastes them into a second terminal.
 */
class DoctorUpTest {
    @TempDir
    Path data;

    @Test
    void doctorPassesOnWhatUpStartedAndNamesAWrongKey() throws Exception {
        try (DispatchctlProcess up = DispatchctlProcess.start(Map.of(), "up", "--port",
                String.valueOf(DispatchctlProcess.freePort()), "--arm-port", String.valueOf(DispatchctlProcess.freePort()),
                "--storage-port", String.valueOf(DispatchctlProcess.freePortRun()), "--data", data.toString())) {
            up.awaitLine(l -> l.startsWith("Data: "), Duration.ofSeconds(120), "up's ready message");
            Map<String, String> exports = new HashMap<>();
            for (String line : up.out()) {
                if (line.startsWith("export ")) {
                    String assignment = line.substring("export ".length());
                    String value = assignment.substring(assignment.indexOf('=') + 1);
                    exports.put(assignment.substring(0, assignment.indexOf('=')),
                            value.startsWith("'") ? value.substring(1, value.length() - 1) : value);
                }
            }

            CliResult r = CliResult.run(exports, "", "doctor", "--emulator");

            assertEquals(0, r.exitCode(), r.out() + r.err());
            List<String> lines = r.out().lines().filter(l -> l.startsWith("✔ ") || l.startsWith("✘ ")).toList();
            assertEquals(7, lines.size(), r.out());
            assertTrue(lines.stream().allMatch(l -> l.startsWith("✔ ")), r.out());
            assertTrue(r.out().contains("✔ The Functions app has function keys: " + exports.get("ACI_DISPATCH_API")
                    + " refuses requests without a key and accepts ACI_DISPATCH_KEY"), r.out());

            Map<String, String> wrongKey = new HashMap<>(exports);
            wrongKey.put("ACI_DISPATCH_KEY", "not-the-key");
            CliResult refused = CliResult.run(wrongKey, "", "doctor", "--emulator");
            assertEquals(1, refused.exitCode());
            assertTrue(refused.out().contains("✘ The Functions app has function keys: " + exports.get("ACI_DISPATCH_API")
                    + "/openapi.json refused ACI_DISPATCH_KEY (HTTP 401)"), refused.out());

            up.terminate();
            assertEquals(0, up.awaitExit(Duration.ofSeconds(60)), up.output());
        }
    }
}
