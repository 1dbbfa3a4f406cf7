package dev.acidispatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acidispatch.emulator.ArmEmulator;
import dev.acidispatch.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code dispatchctl up} driven as a user drives it, in a JVM of its own: start it, submit over HTTP, follow the
 * status until done, read the logs, cancel a running job, use the other-terminal commands with the printed export
 * lines, stop it with SIGTERM, and start it again on the same data. Every wait is bounded.
 */
class UpProcessTest {
    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration JOB = Duration.ofSeconds(60);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path data;

    /** What `up` printed for other terminals. */
    private record Exports(Map<String, String> variables) {
        String api() {
            return variables.get("ACI_DISPATCH_API");
        }

        String key() {
            return variables.get("ACI_DISPATCH_KEY");
        }
    }

    private static Exports awaitReady(DispatchctlProcess up) throws InterruptedException {
        up.awaitLine(l -> l.startsWith("Data: "), START, "the ready message");
        Map<String, String> variables = new HashMap<>();
        for (String line : up.out()) {
            if (line.startsWith("export ")) {
                String assignment = line.substring("export ".length());
                String name = assignment.substring(0, assignment.indexOf('='));
                String value = assignment.substring(assignment.indexOf('=') + 1);
                variables.put(name, value.startsWith("'") ? value.substring(1, value.length() - 1) : value);
            }
        }
        return new Exports(variables);
    }

    private HttpResponse<String> send(String method, String url, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("x-functions-key", key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode status(Exports e, String jobId) throws Exception {
        HttpResponse<String> response = send("GET", e.api() + "/jobs/" + jobId, e.key(), null);
        assertEquals(200, response.statusCode(), response.body());
        return Json.read(response.body(), JsonNode.class);
    }

    private JsonNode awaitStatus(Exports e, String jobId, List<String> wanted) throws Exception {
        long deadline = System.nanoTime() + JOB.toNanos();
        JsonNode last = status(e, jobId);
        while (!wanted.contains(last.path("status").asText())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(jobId + " did not reach " + wanted + " within " + JOB.toSeconds() + " s: " + last);
            }
            Thread.sleep(250);
            last = status(e, jobId);
        }
        return last;
    }

    private String[] upArgs(int port, int armPort, int storagePort, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("up", "--port", String.valueOf(port), "--arm-port",
                String.valueOf(armPort), "--storage-port", String.valueOf(storagePort), "--data", data.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void theWholeAppOnOneMachineSurvivesRestartsAndLeavesNothingRunning() throws Exception {
        int port = DispatchctlProcess.freePort();
        int armPort = DispatchctlProcess.freePort();
        int storagePort = DispatchctlProcess.freePortRun();
        String marker = "700." + ThreadLocalRandom.current().nextInt(100_000, 999_999);
        String hello = "{\"jobId\": \"up-hello\", \"image\": \"busybox\", \"command\": [\"sh\", \"-c\", "
                + "\"echo hello from up; echo GREETING=$GREETING\"], \"env\": {\"GREETING\": \"hi\"}}";
        String longJob = "{\"jobId\": \"%s\", \"image\": \"busybox\", \"command\": [\"sh\", \"-c\", "
                + "\"echo started; sleep " + marker + "\"]}";
        String key;
        long azuritePid;

        // 1. First start, with the emulator inside `up`.
        // PollWork every 2 s instead of every minute, to see the timer fire within the test.
        try (DispatchctlProcess up = DispatchctlProcess.start(Map.of("DISPATCH_POLL_SCHEDULE", "*/2 * * * * *"),
                upArgs(port, armPort, storagePort))) {
            Exports e = awaitReady(up);
            // up prints each invocation's lines joined after the function's name; the first PollWork also creates
            // the ARM clients, whose line comes first.
            up.awaitLine(l -> l.contains(" PollWork: jobId=") && l.contains("jobId=- step=poll-work schedules fired"),
                    Duration.ofSeconds(30), "PollWork on its schedule");
            key = e.key();
            assertEquals("http://localhost:" + port + "/api", e.api());
            assertEquals("http://127.0.0.1:" + armPort, e.variables().get("DISPATCH_ARM_ENDPOINT"));
            azuritePid = Long.parseLong(up.awaitLine(l -> l.contains("storage: Azurite (pid "), START, "Azurite")
                    .replaceAll(".*\\(pid (\\d+)\\).*", "$1"));

            assertEquals(401, send("POST", e.api() + "/jobs", null, hello).statusCode(), "a route needs the key");
            HttpResponse<String> submitted = send("POST", e.api() + "/jobs", key, hello);
            assertEquals(202, submitted.statusCode(), submitted.body());
            assertEquals("http://localhost:" + port + "/api/jobs/up-hello",
                    Json.read(submitted.body(), JsonNode.class).path("statusUrl").asText());
            JsonNode done = awaitStatus(e, "up-hello", List.of("SUCCEEDED", "FAILED", "TIMED_OUT", "CANCELLED"));
            assertEquals("SUCCEEDED", done.path("status").asText(), done.toString());
            HttpResponse<String> logs = send("GET", e.api() + "/jobs/up-hello/logs", key, null);
            assertTrue(logs.body().contains("hello from up") && logs.body().contains("GREETING=hi"), logs.body());
            HttpResponse<String> again = send("POST", e.api() + "/jobs", key, hello);
            assertEquals(409, again.statusCode(), "a finished jobId is not run again: " + again.body());
            assertTrue(again.body().contains("new jobId"), again.body());

            // The other-terminal commands, with the printed export lines as their environment.
            CliResult cliStatus = CliResult.run(e.variables(), "", "status", "up-hello");
            assertEquals(0, cliStatus.exitCode(), cliStatus.err());
            assertEquals("SUCCEEDED", cliStatus.json().path("status").asText());
            CliResult cliLogs = CliResult.run(e.variables(), "", "logs", "up-hello");
            assertTrue(cliLogs.out().contains("hello from up"), cliLogs.out());

            // Cancel a running job; its process tree ends.
            CliResult submittedByCli = CliResult.run(e.variables(), longJob.formatted("up-cancel"), "submit", "-");
            assertEquals(0, submittedByCli.exitCode(), submittedByCli.err());
            awaitStatus(e, "up-cancel", List.of("RUNNING"));
            assertFalse(DispatchctlProcess.processesWith(marker).isEmpty(), "the job's process runs");
            HttpResponse<String> cancel = send("POST", e.api() + "/jobs/up-cancel/cancel", key, null);
            assertEquals(202, cancel.statusCode(), cancel.body());
            assertEquals("CANCELLED", awaitStatus(e, "up-cancel", List.of("CANCELLED", "FAILED", "SUCCEEDED"))
                    .path("status").asText());
            awaitNoProcess(marker);

            // Stopped while a job runs: the job's process ends with `up`, so the job is cancelled, logs captured.
            assertEquals(202, send("POST", e.api() + "/jobs", key, longJob.formatted("up-stopped")).statusCode());
            awaitStatus(e, "up-stopped", List.of("RUNNING"));
            up.terminate();
            assertEquals(0, up.awaitExit(Duration.ofSeconds(60)), up.output());
            assertTrue(up.output().contains("job up-stopped: CANCELLED"), up.output());
            awaitNoProcess(marker);
            assertFalse(ProcessHandle.of(azuritePid).map(ProcessHandle::isAlive).orElse(false), "Azurite stopped");
        }

        // 2. Restarted on the same data, against an emulator that outlives `up` (as `dispatchctl emulator` does).
        try (ArmEmulator external = ArmEmulator.builder().sandbox(true).start()) {
            String slow = "{\"jobId\": \"up-survivor\", \"image\": \"busybox\", \"command\": [\"sh\", \"-c\", "
                    + "\"echo first half; sleep 8; echo second half\"]}";
            String external1 = external.endpoint().toString();
            try (DispatchctlProcess up = DispatchctlProcess.start(Map.of(),
                    upArgs(port, armPort, storagePort, "--arm-endpoint", external1))) {
                Exports e = awaitReady(up);
                assertEquals(key, e.key(), "the function key is kept with the data");
                assertEquals("SUCCEEDED", status(e, "up-hello").path("status").asText(), "records survive");
                assertEquals("CANCELLED", status(e, "up-stopped").path("status").asText());
                HttpResponse<String> oldLogs = send("GET", e.api() + "/jobs/up-hello/logs", key, null);
                assertTrue(oldLogs.body().contains("hello from up"), "logs survive: " + oldLogs.body());

                assertEquals(202, send("POST", e.api() + "/jobs", key, slow).statusCode());
                awaitStatus(e, "up-survivor", List.of("RUNNING"));
                up.terminate();
                assertEquals(0, up.awaitExit(Duration.ofSeconds(60)), up.output());
                assertFalse(up.output().contains("cancelling them"), "a job on an outside emulator keeps running");
            }
            // 3. Started again: the watcher is re-attached and sees the job through.
            try (DispatchctlProcess up = DispatchctlProcess.start(Map.of(),
                    upArgs(port, armPort, storagePort, "--arm-endpoint", external1))) {
                Exports e = awaitReady(up);
                assertTrue(up.output().contains("job up-survivor was RUNNING"), up.output());
                JsonNode survivor = awaitStatus(e, "up-survivor", List.of("SUCCEEDED", "FAILED", "CANCELLED"));
                assertEquals("SUCCEEDED", survivor.path("status").asText(), survivor.toString());
                String logs = send("GET", e.api() + "/jobs/up-survivor/logs", key, null).body();
                assertTrue(logs.contains("first half") && logs.contains("second half"), logs);
                up.terminate();
                assertEquals(0, up.awaitExit(Duration.ofSeconds(60)), up.output());
            }
        }
        assertTrue(Files.isDirectory(data.resolve("azurite")), "data kept in the folder `up` names");
    }

    private static void awaitNoProcess(String marker) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!DispatchctlProcess.processesWith(marker).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("left running: " + DispatchctlProcess.processesWith(marker).stream()
                        .map(p -> p.pid() + " " + p.info().commandLine().orElse("")).toList());
            }
            Thread.sleep(100);
        }
    }
}
