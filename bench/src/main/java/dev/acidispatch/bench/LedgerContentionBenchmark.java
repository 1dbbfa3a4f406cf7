package dev.acidispatch.bench;

import dev.acidispatch.admission.AdmissionLimits;
import dev.acidispatch.admission.TableAdmissionLedger;
import dev.acidispatch.store.StorageClients;
import dev.acidispatch.testing.Azurite;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Section 10: contention on the admission ledger. N concurrent dispatchers (threads, each with its own ledger client,
 * as separate Function instances would have) admit 2,000 jobs against Azurite through {@link TableAdmissionLedger},
 * its leases and creates split over N shard rows (12: what ACI's default limits give; 32: the most, what these high
 * limits give), each rewritten with If-Match. Conflicts are writes lost to another writer (412). The limits are set
 * high so that only contention, not a budget, is measured.
 */
final class LedgerContentionBenchmark {
    static final int JOBS = 2_000;
    static final List<Integer> WRITERS = List.of(16, 64);
    static final List<Integer> SHARDS = List.of(12, TableAdmissionLedger.MAX_SHARDS);

    record Figure(int writers, int shards, int admitted, long conflicts, long failures, double seconds) {
        double conflictsPerAdmission() {
            return admitted == 0 ? 0 : (double) conflicts / admitted;
        }

        double admissionsPerSecond() {
            return admitted / seconds;
        }
    }

    static List<Figure> run() throws Exception {
        List<Figure> figures = new ArrayList<>();
        for (int shards : SHARDS) {
            for (int writers : WRITERS) {
                figures.add(measure(writers, shards));
            }
        }
        return figures;
    }

    static Figure measure(int writers, int shards) throws Exception {
        StorageClients storage = StorageClients.fromConnectionString(Azurite.shared().connectionString());
        String table = "contention" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        AdmissionLimits limits = new AdmissionLimits(100_000, 100_000, 100_000, 1_000_000, 100_000, 1_000_000);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger admitted = new AtomicInteger();
        AtomicLong failures = new AtomicLong();
        List<TableAdmissionLedger> ledgers = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            ledgers.add(new TableAdmissionLedger(storage.tables(), table, limits, 10_000, shards));
        }
        ledgers.get(0).snapshot(); // the table exists before the clock starts
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        long start = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (TableAdmissionLedger ledger : ledgers) {
                done.add(pool.submit(() -> {
                    for (int n = next.getAndIncrement(); n < JOBS; n = next.getAndIncrement()) {
                        try {
                            if (ledger.tryAdmit("job-" + n, 0.5, Instant.now()).admitted()) {
                                admitted.incrementAndGet();
                            }
                        } catch (IllegalStateException e) {
                            failures.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long conflicts = ledgers.stream().mapToLong(TableAdmissionLedger::conflicts).sum();
        return new Figure(writers, shards, admitted.get(), conflicts, failures.get(), seconds);
    }

    static void print(Report report, List<Figure> figures) {
        report.section("11. Admission ledger contention (" + JOBS + " admissions, Azurite, sharded ledger)");
        report.row("dispatchers", "shards", "admitted", "conflicts", "conflicts per admission", "admissions/s", "gave up");
        for (Figure f : figures) {
            report.row(f.writers(), f.shards(), f.admitted(), f.conflicts(), String.format("%.1f", f.conflictsPerAdmission()),
                    String.format("%.1f", f.admissionsPerSecond()), f.failures());
        }
        report.note("Each admission reads the ledger's partition (one query: control row and shards), checks the"
                + " whole-ledger rules, and writes a lease and a create to a shard (the job's own first, then the others at"
                + " random) with If-Match; a 412 re-reads"
                + " that shard after a jittered back-off of up to 50 ms, and after 3 lost races moves to another shard.");
    }
}
