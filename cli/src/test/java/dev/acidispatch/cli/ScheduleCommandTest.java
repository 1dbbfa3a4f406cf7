package dev.acidispatch.cli;

import dev.acidispatch.testing.Azurite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dispatchctl schedule add|list|remove} against Azurite, as a user runs them. */
class ScheduleCommandTest {
    private final Map<String, String> env = Map.of("AzureWebJobsStorage", Azurite.shared().connectionString());

    private CliResult run(String... args) {
        return CliResult.run(env, "", args);
    }

    @TempDir
    Path dir;


    @Test
    void addListRemove() throws Exception {
        String name = "cli-" + Long.toString(System.nanoTime(), 36);
        Path job = dir.resolve("job.json");
        Files.writeString(job, "{\"image\": \"busybox\", \"secureEnv\": {\"TOKEN\": \"never-shown-token\"}}");

        CliResult added = run("schedule", "add", name, "--cron", "0 2 * * *", "--job", job.toString(), "--jitter", "5m",
                "--catch-up", "all");
        assertEquals(0, added.exitCode(), added.err());
        assertTrue(added.out().contains("schedule " + name + " added: cron '0 2 * * *' (UTC), catch-up all, next run"),
                added.out());
        assertTrue(added.out().contains("as job " + name + "-"), added.out());
        assertTrue(added.out().contains("; overlap skip"), added.out());

        CliResult badOverlap = run("schedule", "add", name + "-x", "--cron", "0 2 * * *", "--job", job.toString(),
                "--overlap", "sometimes");
        assertEquals(2, badOverlap.exitCode());
        assertTrue(badOverlap.err().contains("'sometimes' is not an overlap policy; use one of allow, skip, "
                + "cancel-previous"), badOverlap.err());

        CliResult again = run("schedule", "add", name, "--cron", "0 3 * * *", "--job", job.toString());
        assertEquals(2, again.exitCode());
        assertTrue(again.err().contains("a schedule named '" + name + "' exists"), again.err());

        CliResult list = run("schedule", "list");
        assertEquals(0, list.exitCode(), list.err());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith(name) && l.contains("0 2 * * *") && l.contains("all")
                && l.contains("300s") && l.contains("skip")), list.out());
        assertTrue(list.out().lines().findFirst().orElse("").contains("LAST SKIP"), list.out());
        assertFalse(list.out().contains("never-shown-token"));

        assertEquals(0, run("schedule", "remove", name).exitCode());
        CliResult gone = run("schedule", "remove", name);
        assertEquals(2, gone.exitCode());
        assertTrue(gone.err().contains("no schedule named"), gone.err());
    }

    @Test
    void badInputNamesTheProblem() throws Exception {
        Path job = dir.resolve("job.json");
        Files.writeString(job, "{\"image\": \"busybox\"}");
        CliResult cron = run("schedule", "add", "bad-cron", "--cron", "0 24 * * *", "--job", job.toString());
        assertEquals(2, cron.exitCode());
        assertTrue(cron.err().contains("cron: the hour field '24'"), cron.err());

        CliResult jitter = run("schedule", "add", "bad-jitter", "--cron", "0 2 * * *", "--job", job.toString(),
                "--jitter", "soon");
        assertEquals(2, jitter.exitCode());
        assertTrue(jitter.err().contains("--jitter: 'soon'"), jitter.err());

        Path invalid = dir.resolve("invalid.json");
        Files.writeString(invalid, "{\"image\": \"busybox\", \"cpu\": -1}");
        CliResult job2 = run("schedule", "add", "bad-job", "--cron", "0 2 * * *", "--job", invalid.toString());
        assertEquals(2, job2.exitCode());
        assertTrue(job2.err().contains("$.cpu"), job2.err());

        Path withId = dir.resolve("with-id.json");
        Files.writeString(withId, "{\"jobId\": \"x\", \"image\": \"busybox\"}");
        CliResult id = run("schedule", "add", "bad-id", "--cron", "0 2 * * *", "--job", withId.toString());
        assertEquals(2, id.exitCode());
        assertTrue(id.err().contains("jobTemplate.jobId: must be absent"), id.err());
    }
}
