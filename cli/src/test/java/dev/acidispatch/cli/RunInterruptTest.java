package dev.acidispatch.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code dispatchctl run --emulator} in its own JVM, stopped with SIGTERM while the job runs (an IDE's stop button, a
 * CI cancel, {@code kill}): the job is cancelled through its watcher, the final state is printed, the exit code says
 * cancelled, and no process of the job's tree is left. On the way it checks what the job's process sees: only its own
 * environment (not the host's), a private HOME that is removed afterwards, and UTF-8 output whatever the locale.
 */
class RunInterruptTest {
    @TempDir
    Path dir;

    @Test
    void sigtermCancelsTheJobKillsItsProcessTreeAndPrintsTheFinalState() throws Exception {
        // A unique, fractional sleep duration marks every process of the job's tree.
        String marker = "600." + ThreadLocalRandom.current().nextInt(100_000, 999_999);
        Path job = dir.resolve("job.json");
        Files.writeString(job, """
                {"jobId": "interrupt-me", "image": "busybox",
                 "command": ["sh", "-c", "echo \\"secret=[$MY_HOST_SECRET] home=$HOME greeting=$GREETING\\"; sleep %s & sleep %s; echo not-reached"],
                 "env": {"GREETING": "h\u00e9llo \u2713"}}
                """.formatted(marker, marker));
        try (DispatchctlProcess run = DispatchctlProcess.start(Map.of("MY_HOST_SECRET", "leaked-host-secret",
                "LANG", "C", "LC_ALL", "C"), "run", job.toString(), "--emulator", "--log-interval", "200ms")) {
            String seen = run.awaitLine(l -> l.contains("secret=["), Duration.ofSeconds(90), "the job's first line");
            assertTrue(seen.contains("secret=[]"), "the host's environment leaked into the job: " + seen);
            assertTrue(seen.contains("greeting=h\u00e9llo \u2713"), "UTF-8 under LANG=C: " + seen);
            Path home = Path.of(seen.substring(seen.indexOf("home=") + 5, seen.indexOf(" greeting=")));
            assertTrue(Files.isDirectory(home), "a private HOME while the job runs: " + home);
            assertTrue(home.getFileName().toString().startsWith("aci-sandbox-"), home.toString());
            awaitProcesses(marker, 3);

            run.terminate();
            int code = run.awaitExit(Duration.ofSeconds(40));

            assertEquals(Dispatchctl.CANCELLED, code, run.output());
            String output = run.output();
            assertTrue(output.contains("interrupt-me: interrupted: cancelling"), output);
            assertTrue(output.contains("interrupt-me: finished CANCELLED"), output);
            assertTrue(DispatchctlProcess.processesWith(marker).isEmpty(),
                    "left running: " + DispatchctlProcess.processesWith(marker).stream()
                            .map(p -> p.pid() + " " + p.info().commandLine().orElse("")).toList());
            assertFalse(Files.exists(home), "the job's directory is removed: " + home);
            assertFalse(output.contains("not-reached"), output);
        }
    }

    /** The job's shell and its two sleeps are running. */
    private static void awaitProcesses(String marker, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<ProcessHandle> found = DispatchctlProcess.processesWith(marker);
        while (found.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
            found = DispatchctlProcess.processesWith(marker);
        }
        assertEquals(count, found.size(), "the job's process tree: " + found.stream()
                .map(p -> p.info().commandLine().orElse("")).toList());
    }
}
