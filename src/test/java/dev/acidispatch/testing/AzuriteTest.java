package dev.acidispatch.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AzuriteTest {

    @Test
    void aProjectWithoutNodeModulesIsToldToRunNpmCi(@TempDir Path project) throws IOException {
        Files.writeString(project.resolve("pom.xml"), "<project/>");
        Files.writeString(project.resolve("package.json"), "{}");
        Path module = Files.createDirectories(project.resolve("sub"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Azurite.findExecutable(module));
        assertTrue(e.getMessage().contains("run `npm ci` first"), e.getMessage());
    }

    @Test
    void theProjectsAzuriteIsFound() {
        Path found = Azurite.findExecutable();
        assertTrue(found.endsWith(Path.of("node_modules", ".bin", "azurite")), found.toString());
    }

    @Test
    void theSharedInstanceListensOnThreeLoopbackPortsNamedInItsConnectionString() throws IOException {
        Azurite azurite = Azurite.shared();
        assertTrue(azurite.isRunning());
        for (int port : new int[] {azurite.blobPort(), azurite.queuePort(), azurite.tablePort()}) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                assertTrue(socket.isConnected());
            }
        }
        String cs = azurite.connectionString();
        assertTrue(cs.contains("BlobEndpoint=http://127.0.0.1:" + azurite.blobPort() + "/devstoreaccount1"), cs);
        assertTrue(cs.contains("QueueEndpoint=http://127.0.0.1:" + azurite.queuePort() + "/devstoreaccount1"), cs);
        assertTrue(cs.contains("TableEndpoint=http://127.0.0.1:" + azurite.tablePort() + "/devstoreaccount1"), cs);
        assertEquals(azurite, Azurite.shared(), "one instance per JVM");
    }
}
