package dev.acidispatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import dev.acidispatch.functions.JobsHttpFunctions;
import dev.acidispatch.json.Json;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenAPI document served at /api/openapi.json agrees with the code: its operations are exactly the
 * {@code @HttpTrigger} routes and methods of the functions classes (operationId = function name), every operation
 * answers 401 without a key, the answer schemas list exactly the fields of the records the API writes, and the job
 * message schema is the contract's.
 */
class OpenApiAgreementTest {
    private final JsonNode document = Json.read(OpenApiDocument.text(), JsonNode.class);

    /** "GET /jobs/{id} GetJob" for every HTTP function found by reflection in the functions package. */
    static Set<String> routesOfTheFunctions() throws Exception {
        Path classes = Path.of(JobsHttpFunctions.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("dev/acidispatch/functions");
        Set<String> routes = new TreeSet<>();
        try (Stream<Path> files = Files.list(classes)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("[^$]+\\.class")).toList()) {
                String name = "dev.acidispatch.functions." + file.getFileName().toString().replace(".class", "");
                for (Method method : Class.forName(name).getMethods()) {
                    FunctionName function = method.getAnnotation(FunctionName.class);
                    for (Parameter parameter : method.getParameters()) {
                        HttpTrigger trigger = parameter.getAnnotation(HttpTrigger.class);
                        if (function != null && trigger != null) {
                            assertEquals(AuthorizationLevel.FUNCTION, trigger.authLevel(), function.value());
                            for (HttpMethod m : trigger.methods()) {
                                routes.add(m.name() + " /" + trigger.route() + " " + function.value());
                            }
                        }
                    }
                }
            }
        }
        return routes;
    }

    private Set<String> operationsOfTheDocument() {
        Set<String> operations = new TreeSet<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op ->
                operations.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey() + " "
                        + op.getValue().path("operationId").asText())));
        return operations;
    }

    @Test
    void everyRouteOfTheFunctionsIsDocumentedAndNothingElse() throws Exception {
        Set<String> functions = routesOfTheFunctions();
        assertTrue(functions.contains("GET /jobs ListJobs") && functions.contains("GET /ui Dashboard"), functions.toString());
        assertEquals(functions, operationsOfTheDocument());
    }

    @Test
    void everyOperationNeedsAKeyAndSaysSo() {
        assertEquals(Set.of("functionKeyHeader", "functionKeyQuery"), names(document.path("components").path("securitySchemes")));
        assertEquals("x-functions-key", document.at("/components/securitySchemes/functionKeyHeader/name").asText());
        assertEquals("code", document.at("/components/securitySchemes/functionKeyQuery/name").asText());
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            assertFalse(op.getValue().has("security"), "no operation opts out of the key: " + path.getKey());
            assertTrue(op.getValue().path("responses").has("401"), op.getKey() + " " + path.getKey() + " documents 401");
        }));
    }

    @Test
    void answerSchemasListExactlyTheFieldsTheApiWrites() {
        for (Class<?> record : List.of(JobView.class, JobSummary.class)) {
            JsonNode schema = document.at("/components/schemas/" + record.getSimpleName());
            Set<String> fields = Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(fields, names(schema.path("properties")), record.getSimpleName() + " properties");
            assertEquals(fields, new TreeSet<>(texts(schema.path("required"))), record.getSimpleName() + " required");
        }
        assertEquals(Set.of("jobs", "continuationToken"), names(document.at("/components/schemas/JobList/properties")));
        Set<String> statuses = Arrays.stream(dev.acidispatch.job.JobStatus.values()).map(Enum::name)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(statuses, new TreeSet<>(texts(document.at("/components/schemas/JobStatus/enum"))));
        Set<String> parameters = new TreeSet<>();
        document.at("/paths/~1jobs/get/parameters").forEach(p -> parameters.add(p.path("name").asText()));
        assertEquals(new TreeSet<>(JobListParameters.NAMES), parameters);
    }

    @Test
    void theJobMessageSchemaIsTheContractsOwn() throws Exception {
        ObjectNode contract;
        try (InputStream in = getClass().getResourceAsStream("/schema/job-message.v1.json")) {
            contract = (ObjectNode) Json.MAPPER.readTree(in);
        }
        contract.remove("$schema");
        assertEquals(contract, document.at("/components/schemas/JobMessage"));
        assertEquals("3.1.0", document.path("openapi").asText());
        assertEquals("#/components/schemas/JobMessage",
                document.at("/paths/~1jobs/post/requestBody/content/application~1json/schema/$ref").asText());
    }

    @Test
    void everyReferenceResolves() {
        ObjectNode outside = document.deepCopy();
        ((ObjectNode) outside.path("components").path("schemas")).remove("JobMessage");
        assertResolve(outside, document);
        // The job message schema has an $id, so its own "#/..." references resolve inside it (JSON Schema 2020-12,
        // "$id": an embedded schema resource is its own base).
        JsonNode jobMessage = document.at("/components/schemas/JobMessage");
        assertTrue(jobMessage.has("$id"));
        assertResolve(jobMessage, jobMessage);
    }

    private static void assertResolve(JsonNode within, JsonNode base) {
        List<String> refs = new ArrayList<>();
        collectRefs(within, refs);
        assertFalse(refs.isEmpty());
        for (String ref : refs) {
            assertTrue(ref.startsWith("#/"), ref);
            assertFalse(base.at(ref.substring(1)).isMissingNode(), "unresolved " + ref);
        }
    }

    @Test
    void theRouteServesTheDocumentAsJson() {
        ApiResponse response = OpenApiDocument.response();
        assertEquals(200, response.status());
        assertEquals("application/json", response.contentType());
        assertEquals(document, Json.read(response.body(), JsonNode.class));
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> {
                if (f.getKey().equals("$ref") && f.getValue().isTextual()) {
                    refs.add(f.getValue().asText());
                } else {
                    collectRefs(f.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, refs));
        }
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }
}
