package dev.acidispatch.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every example in examples/ either runs to success under {@code dispatchctl run --emulator}, or has a file of its
 * own ({@code <name>.md}) that says why not; then it really does not run, so the explanation cannot go stale.
 */
class ExamplesRunLocallyTest {
    static List<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("examples"))) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void runsUnderTheEmulatorOrSaysWhyNot(Path example) throws IOException {
        Path whyNot = example.resolveSibling(example.getFileName().toString().replace(".json", ".md"));
        CliResult run = CliResult.run(System.getenv(), "", "run", example.toString(), "--emulator", "--log-interval", "0");
        if (Files.exists(whyNot)) {
            String text = Files.readString(whyNot);
            assertTrue(text.contains("does not run under `bin/dispatchctl run --emulator`"), whyNot + ": " + text);
            assertNotEquals(0, run.exitCode(), example + " runs locally now; remove " + whyNot + "\n" + run.out());
        } else {
            assertEquals(0, run.exitCode(), example + " fails under --emulator; fix it or explain why in " + whyNot
                    + "\n" + run.out() + run.err());
            assertTrue(run.out().contains("finished SUCCEEDED"), run.out());
        }
    }
}
