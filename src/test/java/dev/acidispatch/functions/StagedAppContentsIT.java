package dev.acidispatch.functions;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The staged Functions app ships the app only: no emulator, CLI, local host or in-process runner classes, no
 * benchmarks, and no picocli, test or benchmark jars.
 */
class StagedAppContentsIT {
    private final Path appDir = Path.of(System.getProperty("functionsAppDir", "target/azure-functions/aci-dispatch-app"));

    @Test
    void appJarHoldsNoToolClasses() throws IOException {
        List<Path> jars = jars(appDir);
        assertEquals(1, jars.size(), "one app jar at the top of " + appDir + ": " + jars);
        List<String> tools = new ArrayList<>();
        try (JarFile jar = new JarFile(jars.get(0).toFile())) {
            jar.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class"))
                    .filter(n -> n.startsWith("dev/acidispatch/emulator/") || n.startsWith("dev/acidispatch/cli/")
                            || n.startsWith("dev/acidispatch/local/") || n.startsWith("dev/acidispatch/bench/")
                            || n.contains("LocalStack") || n.contains("InProcessDurableRunner")
                            || n.contains("FunctionsHost"))
                    .forEach(tools::add);
            assertTrue(jar.getEntry("dev/acidispatch/app/App.class") != null, "the app jar has App");
        }
        assertEquals(List.of(), tools);
    }

    @Test
    void libHoldsNoToolJars() throws IOException {
        List<String> names = jars(appDir.resolve("lib")).stream().map(p -> p.getFileName().toString()).toList();
        assertFalse(names.isEmpty(), "lib/ is staged");
        assertTrue(names.stream().anyMatch(n -> n.startsWith("durabletask-azure-functions-")), names.toString());
        assertEquals(List.of(), names.stream()
                .filter(n -> n.startsWith("picocli-") || n.startsWith("aci-dispatch") || n.startsWith("junit-")
                        || n.startsWith("jmh-"))
                .toList());
    }

    private static List<Path> jars(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
    }
}
