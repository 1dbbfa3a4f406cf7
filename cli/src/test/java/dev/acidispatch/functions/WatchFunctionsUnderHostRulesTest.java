package dev.acidispatch.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.durabletask.JacksonDataConverter;
import dev.acidispatch.dispatch.DispatchOutcome;
import dev.acidispatch.local.host.HostPayloadRules.ActivityInputDelivery;
import dev.acidispatch.job.JobNames;
import dev.acidispatch.job.JobStatus;
import dev.acidispatch.json.Json;
import dev.acidispatch.testing.PipelineHarness;
import dev.acidispatch.watch.CleanupState;
import dev.acidispatch.watch.GroupRef;
import dev.acidispatch.watch.Observation;
import dev.acidispatch.watch.WatchActivities;
import dev.acidispatch.watch.WatchOutcome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.stream.Stream;

import static dev.acidispatch.testing.PipelineHarness.RESOURCE_GROUP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each watcher activity called the way the Functions host calls it (through the local host module, so the
 * {@link WatchFunctions} glue runs), with the input as the orchestrator schedules it (a JSON string literal holding the
 * object) and as bare object text, under today's host and under one that unwraps string inputs. The result is what the
 * orchestrator then reads with {@code callActivity(..., String.class)}.
 */
class WatchFunctionsUnderHostRulesTest {
    private static final JacksonDataConverter DURABLETASK = new JacksonDataConverter();

    enum InputForm {
        /** callActivity(name, Json.write(x)): durabletask serialises the String as a JSON string literal. */
        STRING_LITERAL,
        /** callActivity(name, x): the object's JSON. */
        OBJECT
    }

    static Stream<Arguments> modes() {
        return Stream.of(ActivityInputDelivery.values()).flatMap(d ->
                Stream.of(InputForm.values()).map(f -> Arguments.of(d, f)));
    }

    private static String scheduled(Object input, InputForm form) {
        return form == InputForm.STRING_LITERAL ? DURABLETASK.serialize(Json.write(input)) : DURABLETASK.serialize(input);
    }

    /** The orchestrator's decoding of TaskCompleted.result with String.class, then our JSON. */
    private static <T> T result(String taskResult, Class<T> type) {
        return Json.read(DURABLETASK.deserialize(taskResult, String.class), type);
    }

    private static GroupRef ref(String jobId) {
        return new GroupRef(jobId, RESOURCE_GROUP, JobNames.containerGroupName(jobId), JobNames.deploymentName(jobId),
                "job", false);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("modes")
    void everyActivityReadsItsInputAndAnswersInTheFormTheOrchestratorReads(ActivityInputDelivery delivery,
                                                                           InputForm form) throws Exception {
        try (PipelineHarness h = new PipelineHarness(Map.of(), delivery)) {
            DispatchOutcome dispatched = h.stack.dispatch(PipelineHarness.message("act-1"));
            assertEquals(DispatchOutcome.Kind.DISPATCHED, dispatched.kind());
            GroupRef ref = ref("act-1");

            Observation seen = result(h.stack.functions().runActivity(WatchActivities.CHECK_GROUP,
                    scheduled(ref, form)), Observation.class);
            assertTrue(seen.phase() == Observation.Phase.PENDING || seen.phase() == Observation.Phase.RUNNING,
                    seen.toString());

            JsonNode captured = result(h.stack.functions().runActivity(WatchActivities.CAPTURE_LOGS,
                    scheduled(ref, form)), JsonNode.class);
            assertTrue(captured.get("bytes").asInt() >= 0, captured.toString());
            assertTrue(h.record("act-1").logsCaptured());

            // The harness's ACI deletes take 30 s: Cleanup starts them, FinishCleanup follows them.
            CleanupState cleaned = result(h.stack.functions().runActivity(WatchActivities.CLEANUP,
                    scheduled(ref, form)), CleanupState.class);
            assertFalse(cleaned.groupGone(), cleaned.toString());
            assertTrue(cleaned.deploymentDeleted(), cleaned.toString());
            assertFalse(h.emulator.groups().isEmpty(), "still being deleted");
            h.clock.advance(PipelineHarness.GROUP_DELETE_TIME);
            CleanupState finished = result(h.stack.functions().runActivity(WatchActivities.FINISH_CLEANUP,
                    scheduled(cleaned, form)), CleanupState.class);
            assertTrue(finished.settled() && finished.groupGone(), finished.toString());
            assertTrue(h.emulator.groups().isEmpty(), "group deleted");

            WatchOutcome recorded = result(h.stack.functions().runActivity(WatchActivities.RECORD_RESULT,
                    scheduled(new WatchOutcome("act-1", JobStatus.SUCCEEDED, 0, null, null, "container exited"),
                            form)), WatchOutcome.class);
            assertEquals(JobStatus.SUCCEEDED, recorded.status());
            assertEquals(JobStatus.SUCCEEDED, h.record("act-1").status());

            assertEquals(DispatchOutcome.Kind.DISPATCHED, h.stack.dispatch(PipelineHarness.message("act-2")).kind());
            JsonNode deferred = result(h.stack.functions().runActivity(WatchActivities.DEFER_AGAIN,
                    scheduled(new WatchActivities.Deferral("act-2", "cores quota"), form)), JsonNode.class);
            assertEquals("DEFERRED", deferred.get("status").asText());
            assertEquals(JobStatus.DEFERRED, h.record("act-2").status());
        }
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(ActivityInputDelivery.class)
    void anInputThatIsNeitherFormIsRefusedNamingWhatWasExpected(ActivityInputDelivery delivery) {
        try (PipelineHarness h = new PipelineHarness(Map.of(), delivery)) {
            for (String bad : new String[]{"[1,2]", "\"not json\"", "42", DURABLETASK.serialize("[1]")}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> h.stack.functions().runActivity(WatchActivities.CHECK_GROUP, bad), bad);
                assertTrue(e.getMessage().contains("Expected a GroupRef as a JSON object or as a JSON string holding one"),
                        e.getMessage());
            }
            assertFalse(h.stack.jobs().get("act-1").isPresent());
        }
    }
}
