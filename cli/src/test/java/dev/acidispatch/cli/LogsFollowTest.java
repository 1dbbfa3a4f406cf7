package dev.acidispatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acidispatch.arm.AzureContainerGroups;
import dev.acidispatch.config.Settings;
import dev.acidispatch.dispatch.DispatchOutcome;
import dev.acidispatch.emulator.ArmEmulator;
import dev.acidispatch.json.Json;
import dev.acidispatch.local.LocalStack;
import dev.acidispatch.local.host.HostPayloadRules;
import dev.acidispatch.local.host.LocalHttpResponse;
import dev.acidispatch.containerlogs.LogCursor;
import dev.acidispatch.store.BlobLogStore;
import dev.acidispatch.store.StorageClients;
import dev.acidispatch.store.StorageQueue;
import dev.acidispatch.store.TableJobStore;
import dev.acidispatch.testing.Azurite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The issue's job, {@code seq 1 800; sleep 5; seq 801 1500}, streamed while it runs: every line exactly once, in order,
 * through {@code dispatchctl run --emulator}, {@code dispatchctl logs --follow} and {@code GET
 * /api/jobs/{id}/logs?since=}. The sandbox runs the command as a local process in real time; ACI's windows apply (the
 * emulator serves the newest 4 MB while it runs and keeps 1,000 lines once it exited), so the 700 lines after the
 * sleep arrive in a window that no longer starts where the first read did. Prefect's worker test
 * {@code test_output_streaming} (prefect-azure) is the model: overlapping batches must not be printed twice.
 */
class LogsFollowTest {
    private static final String SEQ_JOB = "{\"jobId\": \"%s\", \"image\": \"busybox\", %s\"command\": [\"sh\", \"-c\", "
            + "\"seq 1 800; sleep 5; seq 801 1500\"]}";
    private static final List<String> ONE_TO_1500 = IntStream.rangeClosed(1, 1500).mapToObj(String::valueOf).toList();

    @TempDir
    Path dir;

    @Test
    void runPrintsEachLineOfTheIssuesJobOnceInOrder() throws Exception {
        Path job = dir.resolve("seq.json");
        Files.writeString(job, SEQ_JOB.formatted("seq-run-" + Long.toString(System.nanoTime(), 36), ""));
        CliResult r = CliResult.run(Map.of(), "", "run", "--emulator", "--log-interval", "300ms", job.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertEquals(ONE_TO_1500, printed(r.out(), "  | "));
    }

    @Test
    void runStreamsACustomTemplatesContainerNamedWorker() throws Exception {
        Path templates = Files.createDirectories(dir.resolve("templates"));
        String template = new String(getClass().getResourceAsStream("/templates/default.json.mustache").readAllBytes(),
                StandardCharsets.UTF_8).replace("\"name\": \"job\"", "\"name\": \"worker\"");
        assertTrue(template.contains("\"name\": \"worker\""), "the default template names its container \"job\"");
        Files.writeString(templates.resolve("worker.json.mustache"), template);
        Path job = dir.resolve("worker.json");
        Files.writeString(job, SEQ_JOB.formatted("seq-worker-" + Long.toString(System.nanoTime(), 36),
                "\"template\": \"worker\", "));
        CliResult r = CliResult.run(Map.of(Settings.Names.TEMPLATES_DIR, templates.toString()), "", "run", "--emulator",
                "--log-interval", "300ms", job.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertEquals(ONE_TO_1500, printed(r.out(), "  | "));
    }

    /**
     * The job runs on a stack whose stores are the storage account's (as {@code dispatchctl up} and Azure have them);
     * while it runs, {@code dispatchctl logs --follow} and an HTTP follower read it, each with its own cursor.
     */
    @ParameterizedTest
    @EnumSource(HostPayloadRules.ActivityInputDelivery.class)
    void logsFollowAndTheHttpRouteWithACursorPrintEachLineOnceInOrder(HostPayloadRules.ActivityInputDelivery delivery)
            throws Exception {
        String suffix = Long.toString(System.nanoTime(), 36);
        String jobId = "seq-follow-" + suffix;
        try (ArmEmulator arm = ArmEmulator.builder().sandbox(true).build()) {
            arm.start();
            Map<String, String> env = new HashMap<>();
            env.put("AzureWebJobsStorage", Azurite.shared().connectionString());
            env.put(Settings.Names.ARM_ENDPOINT, arm.endpoint().toString());
            env.put(Settings.Names.SUBSCRIPTION_ID, arm.subscriptionId());
            env.put(Settings.Names.POLL_MIN_SECONDS, "1");
            env.put(Settings.Names.POLL_MAX_SECONDS, "2");
            // Captured every second while it runs (the setting for chatty jobs), so the stored log is complete too.
            env.put(Settings.Names.LOG_CAPTURE_SECONDS, "1");
            Settings settings = Settings.from(env);
            StorageClients storage = StorageClients.fromConnectionString(Azurite.shared().connectionString());
            try (LocalStack stack = LocalStack.builder(settings).groups(AzureContainerGroups.fromSettings(settings))
                    .jobs(storage.jobStore()).logs(storage.logStore())
                    .jobQueue(new StorageQueue(storage.queues(), "jobs-" + suffix))
                    .resultQueue(new StorageQueue(storage.queues(), "job-results-" + suffix))
                    .activityInputDelivery(delivery).build()) {
                DispatchOutcome outcome = stack.dispatch(SEQ_JOB.formatted(jobId, ""));
                assertEquals(DispatchOutcome.Kind.DISPATCHED, outcome.kind(), outcome.detail());
                CompletableFuture<List<String>> viaHttp = CompletableFuture.supplyAsync(() -> followHttp(stack, jobId));

                CliResult followed = CliResult.run(env, "", "logs", "--follow", "--interval", "300ms", jobId);

                assertEquals(0, followed.exitCode(), followed.out() + followed.err());
                assertEquals(ONE_TO_1500, printed(followed.out(), ""));
                assertEquals(ONE_TO_1500, viaHttp.get(60, TimeUnit.SECONDS));
                // Without a cursor the route still answers the captured log as plain text: all of it, since it was
                // captured while the container ran (ACI kept only the last 1,000 lines after it exited).
                LocalHttpResponse plain = stack.http("GET", "/api/jobs/" + jobId + "/logs", null);
                assertEquals(200, plain.getStatusCode());
                assertEquals(String.join("\n", ONE_TO_1500) + "\n", plain.bodyText());
            }
        }
    }

    /** Polls the route with a cursor until the answer says complete; returns the lines in the order received. */
    private static List<String> followHttp(LocalStack stack, String jobId) {
        List<String> lines = new ArrayList<>();
        String cursor = LogCursor.START_TOKEN;
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            LocalHttpResponse response = stack.http("GET", "/api/jobs/" + jobId + "/logs?since="
                    + URLEncoder.encode(cursor, StandardCharsets.UTF_8), null);
            if (response.getStatusCode() == 200) {
                JsonNode answer = Json.read(response.bodyText(), JsonNode.class);
                answer.path("lines").forEach(line -> lines.add(line.asText()));
                cursor = answer.path("next").asText();
                if (answer.path("complete").asBoolean()) {
                    return lines;
                }
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return lines;
            }
        }
        throw new AssertionError("the HTTP follower never saw complete; it had " + lines.size() + " lines");
    }

    private static List<String> printed(String out, String prefix) {
        return out.lines().filter(line -> prefix.isEmpty() || line.startsWith(prefix))
                .map(line -> line.substring(prefix.length())).toList();
    }
}
