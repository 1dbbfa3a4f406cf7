package dev.acidispatch.local.host;

import com.microsoft.azure.functions.annotation.FunctionName;
import dev.acidispatch.functions.JobsHttpFunctions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The local host runs exactly the app's functions: every class of the app's {@code functions} package that declares
 * a {@code @FunctionName} (what the Azure host indexes; FunctionJsonIT checks the staged function.json files).
 */
class AppFunctionsTest {

    /** The app's {@code functions} classes, from its jar (or class folder when built in place). */
    static List<Class<?>> scanFunctionClasses() throws Exception {
        Path root = Path.of(JobsHttpFunctions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> files = Files.list(root.resolve("dev/acidispatch/functions"))) {
                files.map(p -> "dev/acidispatch/functions/" + p.getFileName()).forEach(names::add);
            }
        } else {
            try (JarFile jar = new JarFile(root.toFile())) {
                jar.stream().map(JarEntry::getName).forEach(names::add);
            }
        }
        List<Class<?>> classes = new ArrayList<>();
        for (String name : names) {
            if (name.matches("dev/acidispatch/functions/[^/$]+\\.class")) {
                Class<?> type = Class.forName(name.replace('/', '.').replace(".class", ""));
                if (Arrays.stream(type.getMethods()).anyMatch(m -> m.isAnnotationPresent(FunctionName.class))) {
                    classes.add(type);
                }
            }
        }
        return classes;
    }

    @Test
    void theLocalHostIndexesEveryFunctionClassOfTheApp() throws Exception {
        Set<String> scanned = scanFunctionClasses().stream().map(Class::getName).collect(Collectors.toCollection(TreeSet::new));
        Set<String> listed = AppFunctions.CLASSES.stream().map(Class::getName).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(scanned, listed);
        FunctionsHost host = FunctionsHost.builder().functionClasses(AppFunctions.CLASSES)
                .instances(type -> {
                    throw new AssertionError("not invoked");
                }).build();
        assertEquals(18, host.functions().size(), host.functions().toString());
    }
}
