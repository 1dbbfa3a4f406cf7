package dev.acidispatch.local.host;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acidispatch.json.Json;
import dev.acidispatch.testing.PipelineHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator routes through the app's functions classes under the local host: the job list, the dashboard and the
 * OpenAPI document answer with the key and only with it, and carry their headers through the host.
 */
class OperatorRoutesTest {
    private final PipelineHarness h = new PipelineHarness();

    @AfterEach
    void close() {
        h.close();
    }

    private LocalHttpResponse get(String pathAndQuery, boolean withKey) {
        return h.stack.functions().http(LocalHttpRequest.of("GET", URI.create("http://localhost" + pathAndQuery),
                withKey ? Map.of("x-functions-key", h.stack.functionKey()) : Map.of(), null));
    }

    @Test
    void everyOperatorRouteNeedsTheKey() {
        for (String path : List.of("/api/jobs", "/api/ui", "/api/openapi.json")) {
            assertEquals(401, get(path, false).getStatusCode(), path);
            assertEquals(200, get(path, true).getStatusCode(), path);
        }
    }

    @Test
    void theListRouteAnswersThroughTheFunctionsWithTheDispatchedJobs() {
        for (int i = 0; i < 3; i++) {
            h.stack.dispatch(PipelineHarness.message("listed-" + i));
        }
        LocalHttpResponse page = get("/api/jobs?limit=2", true);
        assertEquals(200, page.getStatusCode(), page.bodyText());
        JsonNode body = Json.read(page.bodyText(), JsonNode.class);
        List<String> ids = new ArrayList<>();
        body.path("jobs").forEach(j -> ids.add(j.path("jobId").asText()));
        assertEquals(2, ids.size(), ids.toString());
        assertTrue(body.path("continuationToken").isTextual());
        LocalHttpResponse rest = get("/api/jobs?limit=2&continuationToken=" + body.path("continuationToken").asText(), true);
        JsonNode last = Json.read(rest.bodyText(), JsonNode.class);
        assertEquals(1, last.path("jobs").size());
        assertEquals(400, get("/api/jobs?status=DONE", true).getStatusCode());
    }

    @Test
    void thePageAndTheDocumentKeepTheirHeadersThroughTheHost() {
        LocalHttpResponse page = get("/api/ui", true);
        assertTrue(page.getHeader("Content-Type").startsWith("text/html"), page.headers().toString());
        assertTrue(page.getHeader("Content-Security-Policy").startsWith("default-src 'none'"), page.headers().toString());
        assertEquals("no-referrer", page.getHeader("Referrer-Policy"));
        LocalHttpResponse document = get("/api/openapi.json", true);
        assertEquals("3.1.0", Json.read(document.bodyText(), JsonNode.class).path("openapi").asText());
    }
}
