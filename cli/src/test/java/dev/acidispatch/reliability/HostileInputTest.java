package dev.acidispatch.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acidispatch.api.ApiResponse;
import dev.acidispatch.app.App;
import dev.acidispatch.dispatch.DispatchOutcome;
import dev.acidispatch.job.FieldError;
import dev.acidispatch.job.InvalidJobException;
import dev.acidispatch.job.JobRecord;
import dev.acidispatch.job.JobStatus;
import dev.acidispatch.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hostile corpus under {@code src/test/resources/hostile/} ({@code INDEX.tsv} lists each file with the JSON path its
 * rejection must name). Every message is dispatched through the real pipeline: it is rejected (not thrown, so the queue
 * does not retry it), recorded as REJECTED with an error naming the field, visible through the status endpoint,
 * rejected the same way when redelivered, never echoes the secret it carries, and never reaches ARM.
 */
@ExtendWith(Tally.class)
class HostileInputTest {
    private static final String SECRET = "hostile-secret-value";
    private static ReliabilityHarness h;

    @BeforeAll
    static void start() {
        h = ReliabilityHarness.create();
    }

    @AfterAll
    static void stop() {
        try {
            assertTrue(h.emulator.requestLog().entries().isEmpty(),
                    "no hostile message reached ARM: " + h.emulator.requestLog().entries());
            assertEquals(0, h.emulator.groupsCreated());
        } finally {
            h.close();
        }
    }

    static Stream<Arguments> corpus() {
        return index().stream().map(line -> line.split("\t")).map(parts -> Arguments.of(parts[0], parts[1]));
    }

    static List<String> index() {
        return new String(resource("INDEX.tsv"), StandardCharsets.UTF_8).lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }

    static byte[] resource(String name) {
        try (InputStream in = HostileInputTest.class.getResourceAsStream("/hostile/" + name)) {
            return Objects.requireNonNull(in, "missing hostile/" + name).readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theCorpusHasAtLeastSixtyMessages() {
        assertTrue(index().size() >= 60, "corpus size " + index().size());
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("corpus")
    void everyHostileMessageIsRejectedVisiblyOnceAndForAll(String file, String expectedPath) {
        byte[] bytes = resource(file);
        // The Functions host hands the trigger a String, decoding UTF-8 with replacement characters.
        String message = new String(bytes, StandardCharsets.UTF_8);
        Tally.hostile();

        DispatchOutcome outcome = h.stack.dispatch(message);
        assertEquals(DispatchOutcome.Kind.REJECTED, outcome.kind(), outcome.toString());

        JobRecord record = h.record(outcome.jobId());
        assertEquals(JobStatus.REJECTED, record.status());
        assertTrue(record.errors().stream().anyMatch(e -> e.startsWith(expectedPath)),
                "an error names " + expectedPath + ": " + record.errors());
        assertTrue(record.errors().stream().allMatch(e -> e.startsWith("$") && e.contains(": ")),
                "every error has a path and a message: " + record.errors());

        ApiResponse status = h.stack.routes().status(outcome.jobId());
        assertEquals(200, status.status());
        JsonNode view = Json.read(status.body(), JsonNode.class);
        assertEquals("REJECTED", view.path("status").asText());
        assertTrue(view.path("errors").toString().contains(Json.write(expectedPath).replace("\"", "")),
                status.body());
        assertFalse(status.body().contains(SECRET), "no secret in the status: " + status.body());
        assertFalse(record.errors().toString().contains(SECRET), "no secret in the errors");

        DispatchOutcome again = h.stack.dispatch(message);
        assertEquals(DispatchOutcome.Kind.REJECTED, again.kind(), "redelivery is rejected again, not retried");
        assertEquals(outcome.jobId(), again.jobId(), "redelivery maps to the same record");
        assertTrue(h.emulator.requestLog().entries().isEmpty(), "nothing reached ARM");
        h.assertSettled(outcome.jobId(), JobStatus.REJECTED);
    }

    /** The raw bytes, validated as bytes (the CLI and the API path), are refused as not UTF-8 before any parsing. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void nonUtf8BytesAreRefusedAsSuch(String file, String expectedPath) {
        byte[] bytes = resource(file);
        if (!file.endsWith(".bin")) {
            return;
        }
        InvalidJobException e = assertThrows(InvalidJobException.class,
                () -> App.from(h.stack.settings()).validator().resolve(bytes));
        FieldError error = e.errors().get(0);
        assertEquals("$", error.path());
        assertTrue(error.message().contains("not valid UTF-8"), error.message());
    }
}
