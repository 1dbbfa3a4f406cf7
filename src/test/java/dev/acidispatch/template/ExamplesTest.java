package dev.acidispatch.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acidispatch.job.JobValidator;
import dev.acidispatch.job.ResolvedJob;
import dev.acidispatch.job.TestJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every example message in examples/ validates against the contract and renders with the default template. */
class ExamplesTest {
    private static final Path EXAMPLES = Path.of("examples");
    private final JobValidator validator = new JobValidator(TestJobs.DEFAULTS, TemplateCatalog.builtIn().names());
    private final TemplateRenderer renderer = new TemplateRenderer(TemplateCatalog.builtIn());

    static List<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    @Test
    void theExamplesDirectoryHasTheDocumentedExamples() throws IOException {
        List<String> names = examples().stream().map(p -> p.getFileName().toString()).toList();
        assertTrue(names.containsAll(List.of("hello.json", "private-registry-identity.json", "spot-batch.json")), names::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void validatesAndRenders(Path example) throws IOException {
        ResolvedJob job = validator.resolve(Files.readAllBytes(example));
        RenderedDeployment deployment = renderer.render(job);
        JsonNode body = new ObjectMapper().readTree(deployment.body());
        assertEquals(job.containerGroupName(), body.at("/properties/template/resources/0/name").asText());
        job.secureEnv().values().forEach(secret -> secret.value().ifPresent(value ->
                assertFalse(body.at("/properties/template").toString().contains(value), "secret inlined")));
    }

    @Test
    void helloPrintsItsGreetingQuickly() throws IOException {
        ResolvedJob hello = validator.resolve(Files.readAllBytes(EXAMPLES.resolve("hello.json")));
        assertEquals(List.of("sh", "-c", "echo hello from aci-dispatch; echo GREETING=$GREETING"), hello.command());
        assertTrue(hello.env().containsKey("GREETING"));
        assertEquals(1, hello.secureEnv().size());
        assertTrue(hello.timeout().toMinutes() <= 5, "small timeouts keep the demo cheap");
    }
}
