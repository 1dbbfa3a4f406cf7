package dev.acidispatch.store;

import dev.acidispatch.testing.Azurite;
import org.junit.jupiter.api.BeforeAll;

import java.util.UUID;

/** The {@link JobStoreContract} against {@link TableJobStore} on Azurite's Table service (a fresh table per test). */
class TableJobStoreTest extends JobStoreContract {
    private static StorageClients clients;

    @BeforeAll
    static void connect() {
        clients = StorageClients.fromConnectionString(Azurite.shared().connectionString());
    }

    @Override
    JobStore newStore(int maxUpdateAttempts) {
        String table = "jobs" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return new TableJobStore(clients.tables(), table, maxUpdateAttempts);
    }
}
