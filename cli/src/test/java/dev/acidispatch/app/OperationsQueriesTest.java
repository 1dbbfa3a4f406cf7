package dev.acidispatch.app;

import dev.acidispatch.config.Settings;
import dev.acidispatch.dispatch.DispatchOutcome;
import dev.acidispatch.job.JobStatus;
import dev.acidispatch.testing.PipelineHarness;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Kusto queries in docs/operations.md match the lines the app really logs: a job runs to its end, one is
 * deferred, PollWork runs, and every pattern the job-outcome and backlog queries use must match a captured line.
 */
class OperationsQueriesTest {
    private static final Pattern KQL_REGEX = Pattern.compile("(?:extract|matches regex)\\(?\\s*@\"([^\"]+)\"");

    @Test
    void theJobOutcomeAndBacklogQueriesMatchWhatTheAppLogs() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        Logger app = Logger.getLogger("dev.acidispatch");
        Level previous = app.getLevel();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.INFO.intValue()) {
                    lines.add(record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        app.setLevel(Level.INFO);
        app.addHandler(capture);
        try (PipelineHarness h = new PipelineHarness(Map.of(Settings.Names.MAX_ACTIVE_JOBS, "1"))) {
            h.stack.dispatch(PipelineHarness.message("ops-first"));
            DispatchOutcome second = h.stack.dispatch(PipelineHarness.message("ops-second"));
            assertEquals(DispatchOutcome.Kind.DEFERRED, second.kind());
            h.awaitWatcher("ops-first");
            assertEquals(JobStatus.SUCCEEDED, h.record("ops-first").status());
            h.stack.pollWork();
        } finally {
            app.removeHandler(capture);
            app.setLevel(previous);
        }
        lines.add(new DispatchOutcome("ops-refused", DispatchOutcome.Kind.FAILED, "ARM refused the deployment").logLine());

        String doc = Files.readString(Path.of("docs", "operations.md"));
        String queries = doc.substring(doc.indexOf("**3. Job outcomes"), doc.indexOf("**5. ARM calls"));
        List<String> patterns = new ArrayList<>();
        Matcher m = KQL_REGEX.matcher(queries);
        while (m.find()) {
            patterns.add(m.group(1));
        }
        assertTrue(patterns.size() >= 5, "patterns found in queries 3 and 4: " + patterns);
        for (String pattern : patterns) {
            Pattern p = Pattern.compile(pattern);
            assertTrue(lines.stream().anyMatch(line -> p.matcher(line).find()),
                    "no logged line matches " + pattern + " in:\n" + String.join("\n", lines));
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("step=poll-work")), "PollWork's line");
        assertTrue(lines.stream().anyMatch(l -> l.matches("^job ops-first: SUCCEEDED with exit code 0 - .*")), lines::toString);
        assertFalse(lines.stream().anyMatch(l -> l.contains("s3cr3t-value")), "no secret in the logs");
    }
}
