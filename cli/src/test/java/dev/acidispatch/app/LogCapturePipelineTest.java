package dev.acidispatch.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acidispatch.config.Settings;
import dev.acidispatch.dispatch.DispatchOutcome;
import dev.acidispatch.emulator.ContainerScript;
import dev.acidispatch.job.JobNames;
import dev.acidispatch.job.JobStatus;
import dev.acidispatch.json.Json;
import dev.acidispatch.local.host.HostPayloadRules.ActivityInputDelivery;
import dev.acidispatch.local.host.LocalHttpResponse;
import dev.acidispatch.containerlogs.LogLine;
import dev.acidispatch.testing.PipelineHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Log capture while the container runs, through the whole pipeline (the WatchJob orchestration and its activities
 * under the host's payload rules, the SDK against the emulator, logs in Azurite), on a virtual clock, in both
 * activity-input deliveries. The emulator serves a running container's newest 4 MB and keeps 1,000 lines (16 KB)
 * once it exited, as ACI does (quota doc container-instances-resource-and-quota-limits).
 */
class LogCapturePipelineTest {
    private static List<String> numbered(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> "line " + i).toList();
    }

    private static String run(PipelineHarness h, String jobId, ContainerScript script) {
        h.script(jobId, script);
        DispatchOutcome outcome = h.stack.dispatch(PipelineHarness.message(jobId));
        assertEquals(DispatchOutcome.Kind.DISPATCHED, outcome.kind(), outcome.detail());
        h.awaitWatcher(jobId);
        assertEquals(JobStatus.SUCCEEDED, h.record(jobId).status());
        return h.stack.logs().get(jobId).orElseThrow();
    }

    private static ContainerScript script(int lines, Duration run) {
        return ContainerScript.builder().provisioningDelay(Duration.ofSeconds(10)).runDuration(run)
                .logLines(numbered(lines)).build();
    }

    @ParameterizedTest
    @EnumSource(ActivityInputDelivery.class)
    void aChattyJobCapturedEveryTwoSecondsKeepsAllTenThousandLines(ActivityInputDelivery delivery) {
        // 1,000 lines every 3 s for 30 s, with the setting for chatty jobs.
        try (PipelineHarness h = new PipelineHarness(Map.of(Settings.Names.LOG_CAPTURE_SECONDS, "2",
                Settings.Names.POLL_MIN_SECONDS, "1"), delivery)) {
            String log = run(h, "chatty-" + delivery.ordinal(), script(10_000, Duration.ofSeconds(30)));
            assertEquals(String.join("\n", numbered(10_000)) + "\n", log);
        }
    }

    @ParameterizedTest
    @EnumSource(ActivityInputDelivery.class)
    void byDefaultALongJobsStoredLogMarksWhereLinesAreMissingAndAboutHowMany(ActivityInputDelivery delivery) {
        // 10,000 lines over 5 minutes: captured while it runs at doubling intervals, then ACI keeps 1,000 after exit.
        try (PipelineHarness h = new PipelineHarness(Map.of(), delivery)) {
            String jobId = "gappy-" + delivery.ordinal();
            List<String> lines = run(h, jobId, script(10_000, Duration.ofMinutes(5))).lines().toList();
            List<String> markers = lines.stream().filter(l -> l.startsWith("… ")).toList();
            assertEquals(1, markers.size(), "one marker: " + markers);
            int at = lines.indexOf(markers.get(0));
            int lastBefore = Integer.parseInt(lines.get(at - 1).substring(5));
            int firstAfter = Integer.parseInt(lines.get(at + 1).substring(5));
            assertEquals(9001, firstAfter, "what ACI kept after exit follows the marker");
            assertEquals(numbered(lastBefore), lines.subList(0, at), "everything before the gap, once, in order");
            assertEquals(numbered(10_000).subList(9000, 10_000), lines.subList(at + 1, lines.size()));
            Matcher about = Pattern.compile("about (\\d+) lines not shown").matcher(markers.get(0));
            assertTrue(about.find(), markers.get(0));
            int missing = firstAfter - lastBefore - 1;
            assertTrue(Math.abs(Integer.parseInt(about.group(1)) - missing) <= missing / 20 + 2,
                    "estimate " + about.group(1) + " for " + missing + " missing lines");
        }
    }

    @ParameterizedTest
    @EnumSource(ActivityInputDelivery.class)
    void aJobThatPrintsTwentyThousandLinesAtOnceSaysOnlyWhatACIKeptSurvived(ActivityInputDelivery delivery) {
        try (PipelineHarness h = new PipelineHarness(Map.of(), delivery)) {
            String jobId = "burst-" + delivery.ordinal();
            List<String> lines = run(h, jobId, script(20_000, Duration.ofSeconds(2))).lines().toList();
            assertEquals(1001, lines.size());
            assertTrue(lines.get(0).startsWith("… only the last 1000 lines survived: ACI keeps at most 1,000 lines or "
                    + "16 KB of a stopped container's log"), lines.get(0));
            assertTrue(lines.get(0).contains("Log Analytics"), "points to Log Analytics: " + lines.get(0));
            assertEquals(numbered(20_000).subList(19_000, 20_000), lines.subList(1, lines.size()));
        }
    }

    @ParameterizedTest
    @EnumSource(ActivityInputDelivery.class)
    void withLogAnalyticsTheGroupShipsItsLogsThereAndTheMarkerSaysWhere(ActivityInputDelivery delivery) {
        String workspace = "0f6c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b";
        try (PipelineHarness h = new PipelineHarness(Map.of(Settings.Names.LOG_ANALYTICS_WORKSPACE_ID, workspace,
                Settings.Names.LOG_ANALYTICS_WORKSPACE_KEY, "c2VjcmV0LWtleQ=="), delivery)) {
            String jobId = "la-burst-" + delivery.ordinal();
            List<String> lines = run(h, jobId, script(20_000, Duration.ofSeconds(2))).lines().toList();
            assertTrue(lines.get(0).contains("the complete log is in Log Analytics workspace " + workspace
                    + " (ContainerInstanceLog_CL | where ContainerGroup_s == '" + JobNames.containerGroupName(jobId)
                    + "'"), lines.get(0));
        }
    }

    @ParameterizedTest
    @EnumSource(ActivityInputDelivery.class)
    void theEmulatorServesTheNewest4MegabytesOfARunningContainer(ActivityInputDelivery delivery) {
        try (PipelineHarness h = new PipelineHarness(Map.of(), delivery)) {
            String jobId = "big-" + delivery.ordinal();
            String group = JobNames.containerGroupName(jobId);
            List<String> wide = IntStream.rangeClosed(1, 60_000).mapToObj(i -> i + " " + "x".repeat(100)).toList();
            h.script(jobId, ContainerScript.builder().provisioningDelay(Duration.ofSeconds(10))
                    .runDuration(Duration.ofHours(1)).logLines(wide).build());
            assertEquals(DispatchOutcome.Kind.DISPATCHED, h.stack.dispatch(PipelineHarness.message(jobId)).kind());
            h.clock.advance(Duration.ofMinutes(59));
            String running = h.arm.timestampedLogs(PipelineHarness.RESOURCE_GROUP, group, "job");
            int bytes = LogLine.display(LogLine.parse(running, false)).getBytes().length;
            assertTrue(bytes <= 4 * 1024 * 1024 && bytes > 4 * 1024 * 1024 - 200, "served " + bytes + " bytes");
            assertFalse(running.contains(" 1 xxx"), "the oldest lines are dropped, not the newest");
            h.awaitWatcher(jobId);
            String stored = h.stack.logs().get(jobId).orElseThrow();
            assertTrue(stored.endsWith("60000 " + "x".repeat(100) + "\n"), "the end was captured");
            LocalHttpResponse viaRoute = h.stack.http("GET", "/api/jobs/" + jobId + "/logs?since=start", null);
            JsonNode answer = Json.read(viaRoute.bodyText(), JsonNode.class);
            assertTrue(answer.path("complete").asBoolean());
            assertEquals("job", answer.path("container").asText());
        }
    }
}
