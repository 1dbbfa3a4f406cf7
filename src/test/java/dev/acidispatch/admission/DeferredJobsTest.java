package dev.acidispatch.admission;

import dev.acidispatch.store.StorageClients;
import dev.acidispatch.testing.Azurite;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Both {@link DeferredJobs} implementations: blobs on Azurite and memory. */
class DeferredJobsTest {

    private static void behaves(DeferredJobs store) {
        assertEquals(Optional.empty(), store.get("job-1"));
        store.put("job-1", "{\"jobId\":\"job-1\",\"secureEnv\":{\"K\":\"v\"}}");
        store.put("job-1", "{\"jobId\":\"job-1\",\"image\":\"ü\"}");
        assertEquals(Optional.of("{\"jobId\":\"job-1\",\"image\":\"ü\"}"), store.get("job-1"));
        store.delete("job-1");
        store.delete("job-1");
        assertEquals(Optional.empty(), store.get("job-1"));
        assertThrows(IllegalArgumentException.class, () -> store.put("../escape", "{}"));
    }

    @Test
    void blobStore() {
        StorageClients clients = StorageClients.fromConnectionString(Azurite.shared().connectionString());
        behaves(new BlobDeferredJobs(clients.blobs(), "deferred-" + UUID.randomUUID().toString().substring(0, 8)));
        assertEquals("job-1.json", BlobDeferredJobs.blobName("job-1"));
    }

    @Test
    void inMemoryStore() {
        behaves(new InMemoryDeferredJobs());
    }
}
