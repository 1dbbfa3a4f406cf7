package dev.acidispatch.admission;

import com.azure.data.tables.models.TableEntity;
import dev.acidispatch.store.StorageClients;
import dev.acidispatch.testing.Azurite;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@link AdmissionLedgerContract} against one Table Storage entity on Azurite, plus racing writers. */
class TableAdmissionLedgerTest extends AdmissionLedgerContract {
    private static StorageClients clients;

    @BeforeAll
    static void connect() {
        clients = StorageClients.fromConnectionString(Azurite.shared().connectionString());
    }

    static String freshTable() {
        return "admission" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    @Override
    AdmissionLedger newLedger(AdmissionLimits limits) {
        return new TableAdmissionLedger(clients.tables(), freshTable(), limits, TableAdmissionLedger.DEFAULT_MAX_ATTEMPTS);
    }

    @Test
    void sixteenRacingInstancesNeverAdmitMoreThanTheLimit() throws Exception {
        int limit = 20;
        String table = freshTable();
        AdmissionLimits limits = new AdmissionLimits(limit, 1000, 1000, 1000);
        int threads = 16;
        int attemptsPerThread = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                // Each thread is its own "function instance": its own ledger object over the same entity.
                AdmissionLedger instance = new TableAdmissionLedger(clients.tables(), table, limits, 200);
                results.add(pool.submit(() -> {
                    int admitted = 0;
                    for (int i = 0; i < attemptsPerThread; i++) {
                        if (instance.tryAdmit("job-" + thread + "-" + i, 1, T0).admitted()) {
                            admitted++;
                        }
                    }
                    return admitted;
                }));
            }
            int admitted = 0;
            for (Future<Integer> result : results) {
                admitted += result.get(120, TimeUnit.SECONDS);
            }
            AdmissionLedger.Snapshot state = new TableAdmissionLedger(clients.tables(), table, limits, 10).snapshot();
            assertEquals(limit, admitted, "demand (" + threads * attemptsPerThread + ") exceeds the limit");
            assertEquals(limit, state.activeJobs(), "every admission holds exactly one stored lease");
            assertEquals(limit, state.creates().size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void largeStateIsSplitOverPropertiesAndReadBack() {
        StringBuilder json = new StringBuilder();
        while (json.length() < TableAdmissionLedger.CHUNK_CHARS * 2 + 10) {
            json.append("0123456789");
        }
        TableEntity entity = new TableEntity("p", "r");
        TableAdmissionLedger.splitChunks(json.toString(), entity);
        assertEquals(3, entity.getProperty("Chunks"));
        assertEquals(json.toString(), TableAdmissionLedger.joinChunks(entity));

        AdmissionLedger ledger = newLedger(new AdmissionLimits(2000, 2000, 2000, 2000));
        for (int i = 0; i < 700; i++) {
            assertTrue(ledger.tryAdmit("a-rather-long-job-id-for-sizing-" + i, 1, T0).admitted());
        }
        assertEquals(700, ledger.snapshot().activeJobs(), "about 60 KB of state in two properties round-trips");
    }
}
