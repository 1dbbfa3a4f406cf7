package dev.acidispatch.admission;

import dev.acidispatch.store.StorageClients;
import dev.acidispatch.testing.Azurite;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The table ledger split over several shard rows, against Azurite: many racing instances never exceed a limit, the
 * shares add up to the limits exactly, and leases in any shard are seen, released and reconciled.
 */
class ShardedTableAdmissionLedgerTest {
    private static final Instant T0 = AdmissionLedgerContract.T0;
    private static final int THREADS = 64;
    private static StorageClients clients;

    @BeforeAll
    static void connect() {
        clients = StorageClients.fromConnectionString(Azurite.shared().connectionString());
    }

    private static TableAdmissionLedger ledger(String table, AdmissionLimits limits, int shards) {
        return new TableAdmissionLedger(clients.tables(), table, limits, 1_000, shards);
    }

    @Test
    void shardCountFollowsTheLimitsAndTheLargestJob() {
        assertEquals(1, TableAdmissionLedger.shardsFor(new AdmissionLimits(2, 100, 100, 300), 4),
                "a small budget stays in one shard");
        assertEquals(12, TableAdmissionLedger.shardsFor(AdmissionLimits.aciDefaults(), 4),
                "ACI's defaults: 100 jobs and 100 creates per 5 minutes, 8 or 9 to a shard");
        assertEquals(3, TableAdmissionLedger.shardsFor(AdmissionLimits.aciDefaults(), 31),
                "every shard must hold the largest job's cores");
        assertEquals(TableAdmissionLedger.MAX_SHARDS,
                TableAdmissionLedger.shardsFor(new AdmissionLimits(100_000, 100_000, 100_000, 1_000_000), 4));
        assertThrows(IllegalArgumentException.class, () -> ledger(TableAdmissionLedgerTest.freshTable(),
                AdmissionLimits.aciDefaults(), TableAdmissionLedger.MAX_SHARDS + 1));
    }

    @Test
    void sharesAddUpToTheLimitsExactlyEvenWhenThrottled() {
        AdmissionLimits limits = new AdmissionLimits(101, 103, 100, 307);
        TableAdmissionLedger ledger = ledger(TableAdmissionLedgerTest.freshTable(), limits, 8);
        for (int level = 0; level <= LedgerRules.MAX_THROTTLE_LEVEL; level++) {
            int jobs = 0, cores = 0, perFive = 0, perHour = 0;
            for (int shard = 0; shard < 8; shard++) {
                AdmissionLimits share = ledger.shareOf(shard, level);
                if (share != null) {
                    jobs += share.maxActiveJobs();
                    cores += share.maxActiveCores();
                    perFive += share.createsPer5Min();
                    perHour += share.createsPerHour();
                }
            }
            int effective = Math.max(1, 100 >> level);
            if (effective >= 8) {
                assertEquals(101, jobs);
                assertEquals(103, cores);
                assertEquals(307, perHour);
            }
            assertEquals(effective, perFive, "the effective 5-minute budget at throttle level " + level);
        }
    }

    /** 64 instances, each its own client as separate Function instances would be, race for 40 active-job places. */
    @Test
    void sixtyFourRacingInstancesNeverAdmitMoreThanTheActiveJobLimit() throws Exception {
        String table = TableAdmissionLedgerTest.freshTable();
        AdmissionLimits limits = new AdmissionLimits(40, 1000, 1000, 1000);
        int admitted = race(table, limits, 8, 3, (ledger, job) -> ledger.tryAdmit(job, 1, T0).admitted());
        AdmissionLedger.Snapshot state = ledger(table, limits, 8).snapshot();
        assertEquals(40, admitted, "demand (" + THREADS * 3 + ") exceeds the limit");
        assertEquals(40, state.activeJobs(), "every admission holds exactly one stored lease");
        assertEquals(40, state.creates().size());
        Admission next = ledger(table, limits, 8).tryAdmit("one-more", 1, T0);
        assertEquals("active jobs: 40 of 40 (the configured limit)", next.reason());
    }

    /** Jobs finish at once (release), so only the 5-minute create window limits them, and it holds exactly. */
    @Test
    void sixtyFourRacingInstancesNeverExceedTheCreateWindow() throws Exception {
        String table = TableAdmissionLedgerTest.freshTable();
        AdmissionLimits limits = new AdmissionLimits(1000, 1000, 24, 1000);
        int admitted = race(table, limits, 3, 2, (ledger, job) -> {
            boolean yes = ledger.tryAdmit(job, 1, T0).admitted();
            if (yes) {
                ledger.release(job);
            }
            return yes;
        });
        TableAdmissionLedger reader = ledger(table, limits, 3);
        assertEquals(24, admitted, "demand (" + THREADS * 2 + ") exceeds the 5-minute create budget");
        assertEquals(24, reader.snapshot().creates().size());
        assertEquals(0, reader.snapshot().activeJobs(), "every lease was released from the shard that held it");
        Admission later = reader.tryAdmit("later", 1, T0.plusSeconds(60));
        assertFalse(later.admitted());
        assertEquals("creates in the last 5 minutes: 24 of 24", later.reason());
        assertEquals(T0.plus(Duration.ofMinutes(5)), later.retryAt());
        assertTrue(reader.tryAdmit("after-window", 1, T0.plus(Duration.ofMinutes(5))).admitted());
    }

    @Test
    void sixtyFourRacingInstancesNeverExceedTheCoreBudget() throws Exception {
        String table = TableAdmissionLedgerTest.freshTable();
        AdmissionLimits limits = new AdmissionLimits(1000, 40, 1000, 1000);
        race(table, limits, 4, 2, (ledger, job) -> ledger.tryAdmit(job, 1.5, T0).admitted());
        double cores = ledger(table, limits, 4).snapshot().activeCores();
        assertTrue(cores <= 40, "active cores " + cores + " of 40");
        // Shares of 10 cores: six 1.5-core jobs fit each shard (9 cores), the last core of each stays in pieces.
        assertEquals(36.0, cores);
    }

    @Test
    void aJobLargerThanOneShardIsRefusedWithTheReasonAndLeasesInAnyShardAreReconciled() {
        String table = TableAdmissionLedgerTest.freshTable();
        AdmissionLimits limits = new AdmissionLimits(100, 16, 100, 300);
        TableAdmissionLedger ledger = ledger(table, limits, 4);
        Admission big = ledger.tryAdmit("big", 5, T0);
        assertFalse(big.admitted());
        assertTrue(big.reason().contains("5 cores are more than one shard holds (16 cores / 4)"), big.reason());
        assertNull(big.retryAt());
        for (int i = 0; i < 8; i++) {
            assertTrue(ledger.tryAdmit("j" + i, 2, T0).admitted());
        }
        assertEquals("already admitted", ledger.tryAdmit("j3", 2, T0).reason(), "found in whichever shard holds it");
        assertEquals(8, ledger.snapshot().creates().size(), "no second charge");
        int dropped = ledger.reconcile(job -> !job.equals("j1") && !job.equals("j6"), T0.plusSeconds(1));
        assertEquals(2, dropped);
        assertEquals(6, ledger.snapshot().activeJobs());
        assertEquals(0, ledger.reconcile(job -> true, T0.plusSeconds(2)), "nothing stale: nothing dropped");
    }

    /** A redelivered message racing its first delivery (and more copies): one lease, one create, all admitted. */
    @Test
    void copiesOfOneJobRacingAcrossInstancesAreChargedOnce() throws Exception {
        String table = TableAdmissionLedgerTest.freshTable();
        AdmissionLimits limits = new AdmissionLimits(100, 100, 100, 300);
        int admitted = race(table, limits, 8, 1, (ledger, job) -> ledger.tryAdmit("the-same-job", 1, T0).admitted());
        AdmissionLedger.Snapshot state = ledger(table, limits, 8).snapshot();
        assertEquals(THREADS, admitted, "every copy is told it may go ahead");
        assertEquals(1, state.activeJobs());
        assertEquals(1, state.creates().size(), "charged once");
    }

    private int race(String table, AdmissionLimits limits, int shards, int perThread,
                     java.util.function.BiFunction<TableAdmissionLedger, String, Boolean> attempt) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        AtomicInteger admitted = new AtomicInteger();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                TableAdmissionLedger instance = ledger(table, limits, shards);
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        if (attempt.apply(instance, "job-" + thread + "-" + i)) {
                            admitted.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(300, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return admitted.get();
    }
}
