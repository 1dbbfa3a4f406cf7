package dev.acidispatch.store;

import dev.acidispatch.config.InvalidSettingsException;
import dev.acidispatch.config.Settings;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Building clients needs no network, so these run without Azurite. */
class StorageClientsTest {

    @Test
    void neitherVariableSetNamesBoth() {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class,
                () -> StorageClients.from(Settings.from(Map.of())));
        assertTrue(e.getMessage().contains("AzureWebJobsStorage or AzureWebJobsStorage__accountName"), e.getMessage());
        assertTrue(e.getMessage().contains("UseDevelopmentStorage=true"), e.getMessage());
    }

    @Test
    void developmentStorageMeansAzuriteOnItsDefaultPorts() {
        StorageClients clients = StorageClients.from(Settings.from(Map.of("AzureWebJobsStorage",
                "UseDevelopmentStorage=true")));
        assertEquals("http://127.0.0.1:10002/devstoreaccount1", clients.tables().getServiceEndpoint());
        assertEquals("http://127.0.0.1:10001/devstoreaccount1", clients.queues().getQueueServiceUrl());
        assertEquals("http://127.0.0.1:10000/devstoreaccount1", clients.blobs().getAccountUrl());
        assertTrue(clients.describe().contains("127.0.0.1:10002"), clients.describe());
    }

    @Test
    void anAccountNameMeansIdentityBasedHttpsEndpoints() {
        StorageClients clients = StorageClients.from(Settings.from(Map.of("AzureWebJobsStorage__accountName",
                "acidispatchprod")));
        assertEquals("https://acidispatchprod.table.core.windows.net", clients.tables().getServiceEndpoint());
        assertEquals("https://acidispatchprod.queue.core.windows.net", clients.queues().getQueueServiceUrl());
        assertEquals("https://acidispatchprod.blob.core.windows.net", clients.blobs().getAccountUrl());
        assertEquals("storage account 'acidispatchprod' (managed identity)", clients.describe());
    }

    @Test
    void theConnectionStringWinsWhenBothAreSet() {
        StorageClients clients = StorageClients.from(Settings.from(Map.of("AzureWebJobsStorage",
                "UseDevelopmentStorage=true", "AzureWebJobsStorage__accountName", "acidispatchprod")));
        assertEquals("http://127.0.0.1:10002/devstoreaccount1", clients.tables().getServiceEndpoint());
    }

    @Test
    void aMalformedAccountNameIsRefusedWithTheRule() {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class,
                () -> StorageClients.from(Settings.from(Map.of("AzureWebJobsStorage__accountName", "Not_Valid"))));
        assertTrue(e.getMessage().contains("AzureWebJobsStorage__accountName"), e.getMessage());
        assertTrue(e.getMessage().contains("3 to 24 lowercase letters or digits"), e.getMessage());
    }

    @Test
    void aBrokenConnectionStringIsReportedWithoutEchoingTheKey() {
        String secretKey = "c2VjcmV0LWtleS10aGF0LW11c3Qtbm90LWxlYWs=";
        StorageClients clients = StorageClients.fromConnectionString("AccountKey=" + secretKey + ";Nonsense");
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, clients::tables);
        assertTrue(e.getMessage().startsWith("Invalid settings:\n  AzureWebJobsStorage:"), e.getMessage());
        assertFalse(e.getMessage().contains(secretKey), e.getMessage());
        assertEquals(null, e.getCause());
    }
}
