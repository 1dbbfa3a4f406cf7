package dev.acidispatch.store;

import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobProperties;
import dev.acidispatch.testing.Azurite;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The {@link LogStoreContract} against {@link BlobLogStore} on Azurite's Blob service, plus the blob layout. */
class BlobLogStoreTest extends LogStoreContract {
    private static BlobServiceClient blobs;
    private static String container;
    private static BlobLogStore store;

    @BeforeAll
    static void connect() {
        blobs = StorageClients.fromConnectionString(Azurite.shared().connectionString()).blobs();
        container = "logs-" + UUID.randomUUID().toString().substring(0, 8);
        store = new BlobLogStore(blobs, container);
    }

    @Override
    LogStore store() {
        return store;
    }

    @Test
    void logsAreAUtf8TextBlobNamedAfterTheJob() {
        String id = uniqueId();
        String log = "exit 0 ✓\n";
        store.put(id, log);
        var blob = blobs.getBlobContainerClient(container).getBlobClient(id + ".log");
        BlobProperties properties = blob.getProperties();
        assertEquals("text/plain; charset=utf-8", properties.getContentType());
        assertArrayEquals(log.getBytes(StandardCharsets.UTF_8), blob.downloadContent().toBytes());
        assertEquals(id + ".log", BlobLogStore.blobName(id));
    }

    @Test
    void theDefaultContainerIsJobLogs() {
        String id = uniqueId();
        new BlobLogStore(blobs).put(id, "default container");
        assertEquals("default container", blobs.getBlobContainerClient(BlobLogStore.CONTAINER_NAME)
                .getBlobClient(id + ".log").downloadContent().toString());
    }

    @Test
    void badContainerNamesAreRefusedWithTheRule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BlobLogStore(blobs, "Bad_Name"));
        assertEquals(true, e.getMessage().contains("containerName"), e.getMessage());
    }
}
