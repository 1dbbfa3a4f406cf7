package dev.acidispatch.app;

import dev.acidispatch.config.Settings;
import dev.acidispatch.dispatch.DispatchOutcome;
import dev.acidispatch.emulator.Fault;
import dev.acidispatch.emulator.Route;
import dev.acidispatch.job.JobStatus;
import dev.acidispatch.local.host.FunctionsHost;
import dev.acidispatch.local.host.LocalHttpResponse;
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
 * What the app logs is what docs/operations.md searches for: jobs run through the local Functions host (one to its
 * end with a throttled ARM read on the way, one deferred), PollWork runs, and then every line the app logged has the
 * one shape {@code jobId=<id> step=<step> ...}, the dispatcher's lines come back from the invocation's own logger, and
 * every pattern the queries use matches a captured line.
 */
class OperationsQueriesTest {
    private static final Pattern KQL_REGEX = Pattern.compile("(?:extract|matches regex)\\(?\\s*@\"([^\"]+)\"");
    private static final Pattern SHAPE = Pattern.compile("^jobId=(-|[a-z0-9][a-z0-9-]*) step=[a-z-]+ \\S.*", Pattern.DOTALL);
    /**
     * The app's own packages, and the invocations' loggers (the local host forwards them as
     * {@code dev.acidispatch.local.host.Function.<name>}); the local host, runner and emulator (tools) log in their
     * own words.
     */
    private static final Pattern APP_LOGGER = Pattern.compile("^dev\\.acidispatch\\.((admission|api|app|arm|config|"
            + "dispatch|functions|job|json|log|store|template|watch)\\.|local\\.host\\.Function\\.).*");

    @Test
    void everyLineTheAppLogsNamesItsJobAndStepAndTheQueriesMatchThem() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        List<String> strays = new CopyOnWriteArrayList<>();
        Logger root = Logger.getLogger("dev.acidispatch");
        Level previous = root.getLevel();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                boolean app = record.getLoggerName() != null && APP_LOGGER.matcher(record.getLoggerName()).matches();
                if (app && record.getLevel().intValue() >= Level.INFO.intValue()) {
                    lines.add(record.getMessage());
                    if (!SHAPE.matcher(record.getMessage()).matches()) {
                        strays.add(record.getLoggerName() + ": " + record.getMessage());
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        // dispatchctl up quiets the invocations' forwarded lines; this test reads them all.
        Logger functions = Logger.getLogger("dev.acidispatch.local.host.Function");
        Level functionsLevel = functions.getLevel();
        functions.setLevel(Level.INFO);
        root.setLevel(Level.INFO);
        root.addHandler(capture);
        FunctionsHost.Invocation dispatched;
        try (PipelineHarness h = new PipelineHarness(Map.of(Settings.Names.MAX_ACTIVE_JOBS, "1"))) {
            dispatched = h.stack.functions().queue("DispatchJob",
                    PipelineHarness.message("ops-first").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            // A live log tail through the HTTP route while the group provisions (virtual time stands still until the
            // watcher is awaited): its ARM call is throttled once, and the line names the job and the route's step.
            h.emulator.injectFault(Route.LOGS, 1, Fault.throttle(1));
            assertEquals(JobStatus.PROVISIONING, h.record("ops-first").status());
            LocalHttpResponse tail = h.stack.http("GET", "/api/jobs/ops-first/logs", null);
            assertTrue(tail.getStatusCode() == 200 || tail.getStatusCode() == 503, tail.getStatusCode() + " " + tail.bodyText());
            // The watcher's first look at the group (the next GET: the dispatcher's and the logs route's came before)
            // is throttled once (429 with Retry-After: 1), then retried.
            h.emulator.injectFault(Route.GROUP_GET, 1, Fault.throttle(1));
            DispatchOutcome second = h.stack.dispatch(PipelineHarness.message("ops-second"));
            assertEquals(DispatchOutcome.Kind.DEFERRED, second.kind());
            h.awaitWatcher("ops-first");
            assertEquals(JobStatus.SUCCEEDED, h.record("ops-first").status());
            h.stack.pollWork();
        } finally {
            root.removeHandler(capture);
            root.setLevel(previous);
            functions.setLevel(functionsLevel);
        }
        lines.add(new DispatchOutcome("ops-refused", DispatchOutcome.Kind.FAILED, "ARM refused the deployment").logLine());

        assertEquals(List.of(), strays, "lines without jobId=... step=...");
        assertTrue(dispatched.loggedLines().stream().anyMatch(l -> l.startsWith("jobId=ops-first step=dispatch deployment ")),
                "the dispatcher's own lines go through the invocation's logger: " + dispatched.loggedLines());
        assertTrue(lines.stream().anyMatch(l -> l.matches("^jobId=ops-first step=check-group arm-throttled: GET .* answered"
                + " HTTP 429 SubscriptionRequestsThrottled; retrying in \\d+ ms \\(attempt 1\\)$")), lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.matches("^jobId=ops-first step=logs arm-throttled: .* answered HTTP 429 .*")),
                "the logs route's throttled ARM call, for its job: " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("jobId=- step=poll-work ")), "PollWork's line");
        assertTrue(lines.stream().anyMatch(l -> l.matches("^jobId=ops-first step=record-result outcome=SUCCEEDED exitCode=0"
                + " reason=container exited with code 0$")), lines::toString);
        assertFalse(lines.stream().anyMatch(l -> l.contains("s3cr3t-value")), "no secret in the logs");

        String doc = Files.readString(Path.of("docs", "operations.md"));
        String queries = doc.substring(doc.indexOf("**3. Job outcomes"), doc.indexOf("**5. ARM calls"))
                + doc.substring(doc.indexOf("**8. Everything about one job"), doc.indexOf("## Routine checks"));
        List<String> patterns = new ArrayList<>();
        Matcher m = KQL_REGEX.matcher(queries);
        while (m.find()) {
            patterns.add(m.group(1));
        }
        assertTrue(patterns.size() >= 12, "patterns found in queries 3, 4 and 8 to 10: " + patterns);
        for (String pattern : patterns) {
            Pattern p = Pattern.compile(pattern);
            assertTrue(lines.stream().anyMatch(line -> p.matcher(line).find()),
                    "no logged line matches " + pattern + " in:\n" + String.join("\n", lines));
        }
        for (String word : List.of("\"arm-throttled\"", "\"pausing creates\"", "\"jobId=- step=poll-work\"",
                "strcat(\"jobId=\", job, \" \")")) {
            assertTrue(queries.contains(word), word);
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("arm-throttled")), "query 10's word");
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("jobId=ops-first ")), "query 8's prefix");
    }
}
