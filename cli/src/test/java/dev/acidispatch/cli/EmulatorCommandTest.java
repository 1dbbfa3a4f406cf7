package dev.acidispatch.cli;

import dev.acidispatch.arm.ArmClientOptions;
import dev.acidispatch.arm.ArmConnection;
import dev.acidispatch.arm.AzureContainerGroups;
import dev.acidispatch.arm.ContainerGroups;
import dev.acidispatch.local.up.AzuriteProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dispatchctl emulator} as the Core Tools path uses it, and what `up` says when Azurite is missing. */
class EmulatorCommandTest {
    @TempDir
    Path empty;

    @Test
    void printsTheSettingsServesAndKillsItsProcessesOnSigterm() throws Exception {
        int port = DispatchctlProcess.freePort();
        String marker = "800." + ThreadLocalRandom.current().nextInt(100_000, 999_999);
        try (DispatchctlProcess emulator = DispatchctlProcess.start(Map.of(), "emulator", "--port", String.valueOf(port))) {
            String endpoint = emulator.awaitLine(l -> l.startsWith("export DISPATCH_ARM_ENDPOINT="),
                    Duration.ofSeconds(60), "the endpoint").substring("export DISPATCH_ARM_ENDPOINT=".length());
            assertEquals("http://127.0.0.1:" + port, endpoint);
            emulator.awaitLine(l -> l.equals("export DISPATCH_SUBSCRIPTION_ID=00000000-0000-0000-0000-000000000000"),
                    Duration.ofSeconds(5), "the subscription");

            ContainerGroups arm = new AzureContainerGroups(ArmConnection.unauthenticated(
                    "00000000-0000-0000-0000-000000000000", URI.create(endpoint)), ArmClientOptions.defaults());
            String body = """
                    {"properties": {"mode": "Incremental", "parameters": {}, "template": {
                      "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
                      "contentVersion": "1.0.0.0",
                      "resources": [{"type": "Microsoft.ContainerInstance/containerGroups", "apiVersion": "2023-05-01",
                        "name": "sleeper", "location": "westeurope",
                        "properties": {"osType": "Linux", "restartPolicy": "Never", "containers": [{"name": "job",
                          "properties": {"image": "busybox", "command": ["sleep", "%s"],
                            "resources": {"requests": {"cpu": 1, "memoryInGB": 1}}}}]}}]}}}
                    """.formatted(marker);
            arm.beginDeployment("jobs-rg", "sleeper", body);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (DispatchctlProcess.processesWith(marker).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(1, DispatchctlProcess.processesWith(marker).size(), "the sandbox process runs");

            emulator.terminate();
            assertEquals(0, emulator.awaitExit(Duration.ofSeconds(30)), emulator.output());
            assertTrue(emulator.output().contains("emulator stopped"), emulator.output());
            List<ProcessHandle> left = DispatchctlProcess.processesWith(marker);
            assertTrue(left.isEmpty(), "left running: " + left);
        }
    }

    @Test
    void withoutAzuriteInstalledUpSaysToRunNpmCi() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> AzuriteProcess.findExecutable(List.of(empty)));
        assertTrue(e.getMessage().contains("Azurite is not installed") && e.getMessage().contains("npm ci"),
                e.getMessage());
    }
}
