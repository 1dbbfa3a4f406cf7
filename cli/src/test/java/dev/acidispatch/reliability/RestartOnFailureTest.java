package dev.acidispatch.reliability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acidispatch.dispatch.DispatchOutcome;
import dev.acidispatch.emulator.GroupSnapshot;
import dev.acidispatch.job.JobNames;
import dev.acidispatch.job.JobRecord;
import dev.acidispatch.job.JobStatus;
import dev.acidispatch.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * restartPolicy OnFailure end to end: the sandbox restarts a container that exits non-zero in place (as ACI does),
 * the watcher reads restartCount and, after maxRestarts restarts, stops the group and records FAILED with the last
 * exit code; a run that succeeds within the allowance ends SUCCEEDED. Real processes and a real clock.
 */
@ExtendWith(Tally.class)
class RestartOnFailureTest {

    private static String job(String jobId, String script, Path out, String cleanup) {
        ObjectNode message = Json.MAPPER.createObjectNode().put("jobId", jobId).put("image", "busybox:1.36")
                .put("restartPolicy", "OnFailure").put("maxRestarts", 2).put("cleanup", cleanup)
                .put("startTimeoutSeconds", 60).put("timeoutSeconds", 120);
        message.putArray("command").add("sh").add("-c").add(script);
        message.putObject("env").put("OUT_DIR", out.toString());
        return Json.write(message);
    }

    /** Counts its runs in $OUT_DIR/runs and exits with {@code code} until run {@code succeedOn} (0: never). */
    private static String counting(int code, int succeedOn) {
        return "n=$(cat \"$OUT_DIR/runs\" 2>/dev/null || echo 0); n=$((n+1)); echo $n > \"$OUT_DIR/runs\"; "
                + "echo run $n; " + (succeedOn > 0 ? "[ $n -ge " + succeedOn + " ] && exit 0; " : "") + "exit " + code;
    }

    @Test
    void restartsUpToMaxRestartsThenStopsTheGroupAndFailsWithTheLastExitCode(@TempDir Path out) throws Exception {
        try (ReliabilityHarness h = ReliabilityHarness.builder().sandboxRealTime().build()) {
            DispatchOutcome outcome = h.stack.dispatch(job("on-failure-gives-up", counting(3, 0), out, "never"));
            assertEquals(DispatchOutcome.Kind.DISPATCHED, outcome.kind(), outcome.toString());
            h.awaitWatcher("on-failure-gives-up");
            JobRecord record = h.assertSettled("on-failure-gives-up", JobStatus.FAILED);

            assertEquals(3, record.exitCode());
            assertTrue(record.reason().contains("restartPolicy OnFailure, maxRestarts 2"), record.reason());
            int runs = Integer.parseInt(Files.readString(out.resolve("runs")).trim());
            assertTrue(runs >= 3, "the first run and two restarts at least, ran " + runs);
            Optional<GroupSnapshot> kept = h.emulator.groups().stream()
                    .filter(g -> g.name().equals(JobNames.containerGroupName("on-failure-gives-up"))).findFirst();
            assertEquals(Optional.of("Stopped"), kept.orElseThrow().instanceState(),
                    "the watcher stopped the group, which ends ACI's restarts");
            Thread.sleep(1500);
            assertEquals(runs, Integer.parseInt(Files.readString(out.resolve("runs")).trim()), "no run after the stop");
        }
    }

    @Test
    void aRunThatSucceedsWithinTheAllowanceEndsTheJobSucceeded(@TempDir Path out) {
        try (ReliabilityHarness h = ReliabilityHarness.builder().sandboxRealTime().build()) {
            h.stack.dispatch(job("on-failure-recovers", counting(1, 3), out, "always"));
            h.awaitWatcher("on-failure-recovers");
            JobRecord record = h.assertSettled("on-failure-recovers", JobStatus.SUCCEEDED);
            assertEquals(0, record.exitCode());
        }
    }
}
