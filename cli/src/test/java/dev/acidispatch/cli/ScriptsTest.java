package dev.acidispatch.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bin/ scripts as a user runs them with their output in a pipe or a log (not a terminal). */
class ScriptsTest {
    private record Ran(int exitCode, String output) {
    }

    private static Ran run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        byte[] bytes = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish");
        }
        return new Ran(process.exitValue(), new String(bytes, StandardCharsets.UTF_8));
    }

    @Test
    void benchHelpPrintsHelpWithoutBuilding() throws Exception {
        Ran help = run(Map.of(), "bash", "bin/bench", "--help");
        assertEquals(0, help.exitCode(), help.output());
        assertTrue(help.output().startsWith("Usage: bin/bench"), help.output());
        for (String option : List.of("--only", "--skip-netty", "--app", "--baseline-app")) {
            assertTrue(help.output().contains(option), option + " in " + help.output());
        }
        assertFalse(help.output().contains("[INFO]") || help.output().contains("mvn"), "nothing built: " + help.output());
    }

    @Test
    void dispatchctlWritesNoColourEscapesIntoAPipeEvenWhenColourIsForced() throws Exception {
        Ran help = run(Map.of("DISPATCHCTL_CLASSPATH", System.getProperty("java.class.path"), "CLICOLOR_FORCE", "1"),
                "bash", "bin/dispatchctl", "run", "--help");
        assertEquals(0, help.exitCode(), help.output());
        assertTrue(help.output().contains("Usage: dispatchctl run"), help.output());
        assertFalse(help.output().contains("\u001b["), "ANSI escapes in: " + help.output());
    }
}
