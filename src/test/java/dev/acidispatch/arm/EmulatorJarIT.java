package dev.acidispatch.arm;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The emulator as a standalone tool: {@code java -jar aci-dispatch-emulator-<version>-standalone.jar --port 0
 * --sandbox} in its own process, driven over HTTP by the real azure-resourcemanager SDK through the app's adapter.
 */
class EmulatorJarIT {
    private static final String RG = "jobs-rg";

    @Test
    void theStandaloneJarServesArmToTheAzureSdk() throws Exception {
        Path jar = Path.of(System.getProperty("emulatorJar", "emulator/target/aci-dispatch-emulator-standalone.jar"));
        assertTrue(Files.isRegularFile(jar), "the emulator's standalone jar is built: " + jar);
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--port", "0", "--sandbox").redirectErrorStream(true).start();
        try {
            // Read the two lines it prints on start, with a bound: a jar that never prints must fail, not hang.
            Map<String, String> printed = CompletableFuture.supplyAsync(() -> startupLines(process))
                    .get(30, TimeUnit.SECONDS);
            String endpoint = printed.get("endpoint");
            String subscription = printed.get("subscription");
            assertNotNull(endpoint, "the jar printed its endpoint");
            assertNotNull(subscription, "the jar printed its subscription");

            ContainerGroups arm = new AzureContainerGroups(ArmConnection.unauthenticated(subscription,
                    URI.create(endpoint)), ArmClientOptions.defaults());
            String group = "jar-job";
            assertEquals(DeployOutcome.CREATED, arm.deployOnce(RG, "dep-jar", group, JobBodies.bodyWithCommand(group,
                    List.of("sh", "-c", "echo hello from the standalone emulator; exit 4"))));
            GroupStatus done = awaitTerminal(arm, group);
            assertEquals(Optional.of(4), done.exitCode(), done.toString());
            String logs = arm.logs(RG, group, JobBodies.containerName(group), 100);
            assertTrue(logs.contains("hello from the standalone emulator"), logs);
            assertEquals(GroupDeletion.IN_PROGRESS, arm.deleteGroup(RG, group));
            assertTrue(arm.deleteDeployment(RG, "dep-jar"));
            assertFalse(arm.getGroup(RG, group).isPresent());
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static Map<String, String> startupLines(Process process) {
        Map<String, String> values = new HashMap<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            while (!values.containsKey("endpoint") || !values.containsKey("subscription")) {
                String line = out.readLine();
                if (line == null) {
                    break;
                }
                int eq = line.indexOf('=');
                if (eq > 0) {
                    values.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return values;
    }

    private static GroupStatus awaitTerminal(ContainerGroups arm, String group) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            Optional<GroupStatus> status = arm.getGroup(RG, group);
            if (status.isPresent() && status.get().isTerminal()) {
                return status.get();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the group did not finish within 60 s");
    }
}
