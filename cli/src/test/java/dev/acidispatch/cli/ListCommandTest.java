package dev.acidispatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acidispatch.job.JobRecord;
import dev.acidispatch.job.JobStatus;
import dev.acidispatch.store.JobStore;
import dev.acidispatch.store.StorageClients;
import dev.acidispatch.testing.Azurite;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code dispatchctl list} against a real storage account (Azurite), as a user runs it. Each test lists the runs of a
 * schedule of its own, so jobs of other tests in the shared account never show.
 */
class ListCommandTest {
    private final Map<String, String> env = Map.of("AzureWebJobsStorage", Azurite.shared().connectionString());
    private final JobStore store = StorageClients.fromConnectionString(env.get("AzureWebJobsStorage")).jobStore();
    private final String schedule = "ls" + Long.toString(System.nanoTime(), 36);
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(2, ChronoUnit.HOURS);

    private CliResult run(String... args) {
        return CliResult.run(env, "", args);
    }

    private String id(int i) {
        return schedule + "-" + String.format("%04d", i);
    }

    private void create(int i, Instant at) {
        store.create(JobRecord.queued(id(i), at).withSchedule(schedule));
    }

    @Test
    void printsAlignedColumnsNewestFirstWithoutControlCharacters() {
        create(0, T0);
        store.update(id(0), r -> r.transitionTo(JobStatus.DISPATCHING, "go", T0).withDeployAttempt(T0)
                .transitionTo(JobStatus.RUNNING, "started", T0.plusSeconds(1))
                .finished(JobStatus.FAILED, 137, "killed\u001b[31m by the OOM killer\nline two", T0.plusSeconds(3723)));
        create(1, T0.plusSeconds(60));

        CliResult r = run("list", "--schedule", schedule);

        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(3, lines.size(), r.out());
        assertTrue(lines.get(0).startsWith("JOB ID"), lines.get(0));
        assertTrue(lines.get(1).startsWith(id(1) + "  QUEUED"), "newest first: " + lines.get(1));
        String failed = lines.get(2);
        assertTrue(failed.startsWith(id(0) + "  FAILED"), failed);
        for (String header : List.of("STATE", "STARTED (UTC)", "REASON")) {
            int column = lines.get(0).indexOf(header);
            assertTrue(column > 0);
            assertTrue(failed.charAt(column - 1) == ' ' && failed.charAt(column) != ' ', header + " aligned: " + r.out());
        }
        int exitEnd = lines.get(0).indexOf("EXIT") + "EXIT".length();
        assertEquals("137", failed.substring(exitEnd - 3, exitEnd), "numbers align right under their header");
        assertTrue(failed.contains("1h02m"), "run time: " + failed);
        assertTrue(failed.contains("killed [31m by the OOM killer line two"), "no escape or newline: " + failed);
        assertTrue(!r.out().contains("\u001b"));
    }

    @Test
    void filtersByStatusAndSinceAndSaysWhenNothingMatches() {
        create(0, T0);
        create(1, T0.plusSeconds(3600));
        store.update(id(1), r -> r.transitionTo(JobStatus.DISPATCHING, "go", T0.plusSeconds(3600))
                .transitionTo(JobStatus.RUNNING, "started", T0.plusSeconds(3601)));

        assertEquals(List.of(id(1)), ids(run("list", "--schedule", schedule, "--status", "RUNNING,FAILED", "--json")));
        assertEquals(List.of(id(1)), ids(run("list", "--schedule", schedule, "--since", "90m", "--json")));
        assertEquals(List.of(id(1), id(0)), ids(run("list", "--schedule", schedule, "--since",
                T0.minusSeconds(1).toString(), "--json")));

        CliResult none = run("list", "--schedule", schedule, "--status", "SUCCEEDED");
        assertEquals(0, none.exitCode());
        assertEquals("", none.out());
        assertTrue(none.err().contains("No jobs match."), none.err());
    }

    @Test
    void pagesThroughMoreJobsThanOneApiPageHolds() throws Exception {
        int count = 1100;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                writes.add(pool.submit(() -> create(n, T0.plusSeconds(n))));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        } finally {
            pool.shutdown();
        }

        CliResult all = run("list", "--schedule", schedule, "--all", "--json");
        assertEquals(0, all.exitCode(), all.err());
        List<String> ids = ids(all);
        assertEquals(count, ids.size());
        assertEquals(id(count - 1), ids.get(0));
        assertEquals(id(0), ids.get(count - 1));
        assertTrue(all.json().path("continuationToken").isNull());

        CliResult some = run("list", "--schedule", schedule, "--limit", "1050", "--json");
        assertEquals(1050, ids(some).size());
        assertEquals(id(count - 1050), ids(some).get(1049));
        assertTrue(some.json().path("continuationToken").isTextual(), "more follow");
    }

    @Test
    void badOptionsNameTheOption() {
        CliResult r = run("list", "--status", "RUNING", "--since", "last tuesday");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--status: 'RUNING' is not a job status"), r.err());
        assertTrue(r.err().contains("--since: 'last tuesday' is not a time"), r.err());
        assertEquals(2, run("list", "--limit", "0").exitCode());
    }

    private static List<String> ids(CliResult r) {
        assertEquals(0, r.exitCode(), r.err());
        List<String> ids = new ArrayList<>();
        for (JsonNode job : r.json().path("jobs")) {
            ids.add(job.path("jobId").asText());
        }
        return ids;
    }
}
