package dev.acidispatch.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two retry examples under {@code dispatchctl run --emulator}: their commands really run (sandbox), each attempt
 * in a fresh container group, and run prints every attempt and exits with the last one's code.
 */
class RetryExamplesTest {
    /** The marker file examples/retry-until-success.json counts its runs in. */
    private static final Path MARKER = Path.of("/tmp/aci-dispatch-retry-example.count");

    @Test
    void aJobThatFailsTwiceThenSucceedsShowsThreeAttemptsAndExits0() throws IOException {
        Files.deleteIfExists(MARKER); // a run interrupted earlier must not shorten this one
        CliResult run = CliResult.run(System.getenv(), "", "run", "examples/retry-until-success.json", "--emulator",
                "--log-interval", "0");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("attempt 1 (Regular): FAILED, exit 1"), run.out());
        assertTrue(run.out().contains("attempt 2 (Regular): FAILED, exit 1"), run.out());
        assertTrue(run.out().contains("attempt 3 (Regular): SUCCEEDED, exit 0"), run.out());
        assertTrue(run.out().contains("finished SUCCEEDED with exit code 0 after 3 attempts"), run.out());
        assertTrue(run.out().contains("succeeded on run 3"), run.out());
        assertEquals(3, count(run.out(), "RUNNING \\[attempt [123] of 3\\]"), run.out());
    }

    @Test
    void aJobThatAlwaysExits3ShowsThreeAttemptsAndExits3() {
        CliResult run = CliResult.run(System.getenv(), "", "run", "examples/retry-exit-3.json", "--emulator",
                "--log-interval", "0");
        assertEquals(3, run.exitCode(), run.out() + run.err());
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertTrue(run.out().contains("attempt " + attempt + " (Regular): FAILED, exit 3"), run.out());
        }
        assertTrue(run.out().contains("finished FAILED with exit code 3 after 3 attempts"), run.out());
        assertEquals(3, count(run.out(), "this job always fails"), run.out());
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
