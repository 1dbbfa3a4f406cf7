package dev.acidispatch.cli;

import dev.acidispatch.api.ApiResponse;
import dev.acidispatch.containerlogs.LogCursor;
import dev.acidispatch.containerlogs.LogLine;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How {@code dispatchctl run} reads the rest of a finished job's log: it keeps asking the logs route until the answer
 * says the log is complete, so an answer that is not a 200 does not end the follow with the job's last lines unprinted.
 */
class FinalLogTest {
    private static final String AFTER_LAST_LINE = LogCursor.START.advance(List.of(
            new LogLine(Instant.parse("2026-12-01T10:00:00Z"), "last line", false))).next().token();
    private static final ApiResponse BUSY = ApiResponse.error(503, "logs are not available yet: storage busy");

    @Test
    void aBusyAnswerIsAskedAgainUntilTheLogIsComplete() throws Exception {
        Deque<ApiResponse> answers = new ArrayDeque<>(List.of(BUSY, BUSY,
                answer("[\"last line\"]", AFTER_LAST_LINE, false), answer("[]", AFTER_LAST_LINE, true)));
        List<String> cursors = new ArrayList<>();
        StringWriter printed = new StringWriter();
        LogFollower logs = new LogFollower((container, since) -> {
            cursors.add(since);
            return answers.pop();
        }, null, new PrintWriter(printed), "  | ");

        RunCommand.printRestOfLog(logs, "job-1", new PrintWriter(printed), 10, Duration.ofMillis(1));

        assertEquals("  | last line\n", printed.toString().replace("\r\n", "\n"));
        assertTrue(logs.complete());
        assertEquals(4, cursors.size(), "two busy answers, then the line, then the complete answer: " + cursors);
        assertEquals(cursors.get(0), cursors.get(2), "a busy answer does not move the cursor");
        assertEquals(AFTER_LAST_LINE, cursors.get(3), "the cursor moves past the printed line");
    }

    @Test
    void aRouteThatNeverAnswersIsReportedWithItsAnswerAfterTheTries() throws Exception {
        int[] asked = {0};
        StringWriter printed = new StringWriter();
        LogFollower logs = new LogFollower((container, since) -> {
            asked[0]++;
            return BUSY;
        }, null, new PrintWriter(printed), "  | ");

        RunCommand.printRestOfLog(logs, "job-1", new PrintWriter(printed), 5, Duration.ofMillis(1));

        assertEquals(5, asked[0]);
        assertFalse(logs.complete());
        assertTrue(printed.toString().contains("job-1: the rest of the log could not be read: the logs route answered"
                + " 503"), printed.toString());
        assertTrue(printed.toString().contains("storage busy"), printed.toString());
    }

    private static ApiResponse answer(String lines, String next, boolean complete) {
        return new ApiResponse(200, "application/json", "{\"jobId\": \"job-1\", \"container\": \"job\", \"lines\": "
                + lines + ", \"next\": \"" + next + "\", \"complete\": " + complete + "}");
    }
}
