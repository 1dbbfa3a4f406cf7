package dev.acidispatch.local.host;

import dev.acidispatch.dispatch.DispatchOutcome;
import dev.acidispatch.testing.PipelineHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the local host does around the functions: keys, routes, the Durable client's connections, execution counts. */
class LocalHostTest {
    private final PipelineHarness h = new PipelineHarness();

    @AfterEach
    void close() {
        h.close();
    }

    private LocalHttpResponse get(String pathAndQuery, Map<String, String> headers) {
        return h.stack.functions().http(LocalHttpRequest.of("GET", URI.create("http://localhost" + pathAndQuery),
                headers, null));
    }

    @Test
    void functionLevelRoutesNeedTheKeyInTheQueryOrTheHeader() {
        h.stack.dispatch(PipelineHarness.message("key-1"));
        assertEquals(401, get("/api/jobs/key-1", Map.of()).getStatusCode());
        assertEquals(401, get("/api/jobs/key-1?code=wrong", Map.of()).getStatusCode());
        assertEquals(200, get("/api/jobs/key-1?code=" + h.stack.functionKey(), Map.of()).getStatusCode());
        assertEquals(200, get("/api/jobs/key-1", Map.of("x-functions-key", h.stack.functionKey())).getStatusCode());
        assertEquals(404, get("/api/nothing/here?code=" + h.stack.functionKey(), Map.of()).getStatusCode());
        assertEquals(404, get("/jobs/key-1?code=" + h.stack.functionKey(), Map.of()).getStatusCode());
    }

    @Test
    void everyInvocationClosesTheDurableClientItOpened() throws InterruptedException {
        // durabletask-azure-functions 1.4.0 opens a channel per DurableClientContext; each must be closed again.
        for (int i = 0; i < 5; i++) {
            assertEquals(DispatchOutcome.Kind.DISPATCHED, h.stack.dispatch(PipelineHarness.message("conn-" + i)).kind());
            assertEquals(200, h.stack.routes().status("conn-" + i).status());
            assertEquals(202, h.stack.routes().cancel("conn-" + i).status());
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (h.stack.durableEndpoint().openConnections() > 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        assertEquals(0, h.stack.durableEndpoint().openConnections(), "client connections left open");
    }

    @Test
    void executionsAreCountedPerFunction() {
        h.stack.dispatch(PipelineHarness.message("count-1"));
        h.awaitWatcher("count-1");
        Map<String, Long> counts = h.stack.functions().executionCounts();
        assertEquals(1L, counts.get("DispatchJob"));
        assertTrue(counts.get("CheckGroup") >= 2, counts.toString());
        assertEquals(1L, counts.get("RecordResult"));
        assertTrue(counts.get("WatchJob") > counts.get("CheckGroup"), "an episode per event: " + counts);

        Map<String, Duration> total = h.stack.functions().executionTimes();
        Map<String, Duration> longest = h.stack.functions().longestExecutions();
        assertEquals(counts.keySet(), total.keySet(), "time is kept for every function that ran");
        for (String function : counts.keySet()) {
            assertTrue(longest.get(function).compareTo(total.get(function)) <= 0, function);
            assertTrue(total.get(function).compareTo(longest.get(function).multipliedBy(counts.get(function))) <= 0,
                    function + ": the total cannot exceed count x longest");
        }
        assertTrue(total.get("DispatchJob").toNanos() > 0);
    }
}
