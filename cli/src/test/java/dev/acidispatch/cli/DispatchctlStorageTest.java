package dev.acidispatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acidispatch.json.Json;
import dev.acidispatch.store.QueueNames;
import dev.acidispatch.store.StorageClients;
import dev.acidispatch.testing.Azurite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** submit, status, logs and cancel against a real storage account (Azurite), as a user runs them. */
class DispatchctlStorageTest {
    private final Map<String, String> env = Map.of("AzureWebJobsStorage", Azurite.shared().connectionString());

    private CliResult run(String... args) {
        return CliResult.run(env, "", args);
    }

    @TempDir
    Path dir;



    @Test
    void submitRecordsAndEnqueuesPlainJsonThenStatusAndCancelFollowIt() throws Exception {
        String jobId = "cli-" + Long.toString(System.nanoTime(), 36);
        Path job = dir.resolve("job.json");
        Files.writeString(job, "{\"jobId\": \"" + jobId + "\", \"image\": \"busybox\", "
                + "\"secureEnv\": {\"TOKEN\": \"never-shown-token\"}}");

        CliResult submitted = run("submit", job.toString());
        assertEquals(0, submitted.exitCode(), submitted.err());
        assertEquals(jobId, submitted.json().get("jobId").asText());
        assertEquals("QUEUED", submitted.json().get("status").asText());

        // The message is plain UTF-8 JSON on the "jobs" queue (host.json: messageEncoding none).
        Optional<JsonNode> queued = StorageClients.fromConnectionString(env.get("AzureWebJobsStorage"))
                .queue(QueueNames.JOBS).peek(32).stream()
                .map(text -> Json.read(text, JsonNode.class))
                .filter(m -> jobId.equals(m.path("jobId").asText()))
                .findFirst();
        assertTrue(queued.isPresent(), "message for " + jobId + " on the jobs queue");
        assertEquals("busybox", queued.get().get("image").asText());

        CliResult status = run("status", jobId);
        assertEquals(0, status.exitCode(), status.err());
        assertEquals("QUEUED", status.json().get("status").asText());
        assertTrue(!status.out().contains("never-shown-token"), status.out());

        CliResult again = run("submit", job.toString());
        assertEquals(0, again.exitCode(), "submitting the same jobId again is idempotent");
        assertEquals("QUEUED", again.json().get("status").asText());

        CliResult logs = run("logs", jobId);
        assertEquals(2, logs.exitCode());
        assertTrue(logs.err().contains("no logs"), logs.err());

        CliResult cancelled = run("cancel", jobId);
        assertEquals(0, cancelled.exitCode(), cancelled.err());
        assertEquals("CANCELLED", run("status", jobId).json().get("status").asText());

        CliResult twice = run("cancel", jobId);
        assertEquals(2, twice.exitCode());
        assertTrue(twice.err().contains("already finished as CANCELLED"), twice.err());

        CliResult finished = run("submit", job.toString());
        assertEquals(2, finished.exitCode(), "a finished jobId does not run again");
        assertTrue(finished.err().contains("already finished as CANCELLED") && finished.err().contains("new jobId"),
                finished.err());
    }

    @Test
    void submitEnqueuesTheMessageAsWrittenNotWithThisMachinesDefaults() throws Exception {
        String written = "{\n  \"image\": \"busybox\",\n  \"command\": [\"sh\", \"-c\", \"echo as written\"],\n"
                + "  \"env\": {\"N\": \"1.50\"}\n}\n";
        Path job = dir.resolve("as-written.json");
        Files.writeString(job, written);
        Map<String, String> laptop = new java.util.HashMap<>(env);
        laptop.put("DISPATCH_DEFAULT_CPU", "2");
        laptop.put("DISPATCH_DEFAULT_LOCATION", "eastus");
        laptop.put("DISPATCH_DEFAULT_RESOURCE_GROUP", "laptop-rg");
        CliResult submitted = CliResult.run(laptop, "", "submit", job.toString());
        assertEquals(0, submitted.exitCode(), submitted.err());
        String jobId = submitted.json().get("jobId").asText();

        Optional<String> queued = StorageClients.fromConnectionString(env.get("AzureWebJobsStorage"))
                .queue(QueueNames.JOBS).peek(32).stream().filter(text -> text.contains(jobId)).findFirst();
        assertTrue(queued.isPresent(), "message for " + jobId + " on the jobs queue");
        assertEquals("{\"jobId\":\"" + jobId + "\"," + written.substring(1), queued.get(),
                "the text as written, with only the generated jobId added");
        JsonNode status = run("status", jobId).json();
        assertTrue(status.path("resourceGroup").isNull(), "placement is the dispatcher's to resolve: " + status);
    }

    @Test
    void unknownAndMalformedIdsAreInvalidInput() {
        CliResult unknown = run("status", "no-such-job-here");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("no job no-such-job-here"), unknown.err());
        CliResult malformed = run("status", "Robert'); DROP TABLE jobs;--");
        assertEquals(2, malformed.exitCode());
        assertTrue(malformed.err().contains("invalid job id"), malformed.err());
    }

    @Test
    void submittingAnInvalidMessageEnqueuesNothingAndNamesTheField() throws Exception {
        Path job = dir.resolve("bad.json");
        Files.writeString(job, "{\"jobId\": \"cli-bad\", \"image\": \"busybox\", \"memoryGb\": \"lots\"}");
        CliResult r = run("submit", job.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("$.memoryGb"), r.err());
    }

    @Test
    void missingStorageSettingNamesBothVariables() {
        CliResult r = CliResult.run(Map.of(), "", "status", "some-job");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("AzureWebJobsStorage"), r.err());
    }
}
