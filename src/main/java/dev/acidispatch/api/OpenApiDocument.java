package dev.acidispatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acidispatch.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OpenAPI 3.1 document of the HTTP API ({@code api/openapi.json}), with the job message's JSON Schema
 * ({@code schema/job-message.v1.json}, the one the validator agrees with) inserted as {@code JobMessage}, so the two
 * never drift. A test keeps its paths and methods in agreement with the functions' {@code @HttpTrigger} routes.
 */
public final class OpenApiDocument {
    static final String DOCUMENT = "/api/openapi.json";
    static final String JOB_MESSAGE_SCHEMA = "/schema/job-message.v1.json";

    private static final String TEXT = build();

    private OpenApiDocument() {
    }

    /** The document as JSON text. */
    public static String text() {
        return TEXT;
    }

    /** GET /api/openapi.json */
    public static ApiResponse response() {
        return new ApiResponse(200, "application/json", TEXT).withHeader("Cache-Control", "no-cache");
    }

    private static String build() {
        ObjectNode document = (ObjectNode) read(DOCUMENT);
        ObjectNode jobMessage = (ObjectNode) read(JOB_MESSAGE_SCHEMA);
        // The document declares the dialect once (jsonSchemaDialect); the schema keeps its $id.
        jobMessage.remove("$schema");
        ((ObjectNode) document.path("components").path("schemas")).set("JobMessage", jobMessage);
        return Json.writePretty(document);
    }

    private static JsonNode read(String resource) {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The app is missing its resource " + resource);
            }
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }
}
