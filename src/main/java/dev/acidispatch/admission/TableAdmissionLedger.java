package dev.acidispatch.admission;

import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableServiceException;
import dev.acidispatch.admission.LedgerRules.Change;

import dev.acidispatch.store.CreateOnce;
import dev.acidispatch.store.StorageNames;

import dev.acidispatch.config.Settings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * {@link AdmissionLedger} in Table Storage (table {@value #TABLE_NAME}, PartitionKey {@value #PARTITION_KEY}), shared
 * by every function instance. The state is split over rows so that many dispatchers do not rewrite one entity:
 * <ul>
 *   <li>RowKey {@value #ROW_KEY}, the control row: throttle pause and reduction, deletes, {@link PollMarks}, usage API
 *       readings. Changed rarely (throttling, deletes, deferrals, PollWork).</li>
 *   <li>RowKeys {@code shard-0} .. {@code shard-(N-1)}: leases and creates. Each shard holds 1/N of the limits (active
 *       jobs, active cores, the effective 5-minute and the hourly create budget), rounded so the shares add up to the
 *       limits exactly. An admission reads the whole partition (one query), checks
 *       the whole-ledger rules on the merged view (so refusals name the configured limits), then takes a lease in a
 *       shard with room (the job's own shard by the hash of its id first, then the others at random), written with
 *       If-Match on that shard's ETag; a shard that is full or lost the race sends it on to the next. No shard exceeds its share, so no limit is exceeded, and two dispatchers only
 *       collide when they pick the same shard.</li>
 * </ul>
 * {@link #shardsFor} picks N from the limits: 1 for small budgets (then admission behaves exactly as one entity did,
 * including the oversized-job rule), more when each shard still holds at least {@value #MIN_SHARE} jobs and creates
 * and the largest job's cores. The cost of N &gt; 1: up to N - 1 cores short of a whole job may sit unused across
 * shards, and a job larger than one shard's cores is refused with a reason naming the setting. A pause written to the
 * control row reaches admissions that read the partition after it (as before, a create already on its way may still
 * reach ARM). ACI's real remaining quota (usage API) is checked on the merged view only, not split (a small remainder
 * split N ways would fit no job): dispatchers admitting in the same instant can each take the last group, and ARM's
 * quota error, which pauses creates ({@link #throttled}), is the backstop. That reading is up to a tick old and
 * shared with everyone else in the region anyway.
 *
 * <p>Each change to a row reads it, applies {@link LedgerRules} and writes it back with If-Match on the ETag it read; a
 * 412 (another instance wrote first) means read again and re-apply, up to {@code maxAttempts} times with jittered
 * back-off. Size bound per row: the state is compact JSON ({@link LedgerCodec}: about 60 characters per lease, 14 per
 * create of the last hour) split over properties of {@value #CHUNK_CHARS} characters (a string property holds 64 KiB
 * of UTF-16), at most {@value #MAX_CHUNKS} of them, under Table Storage's 1 MiB per entity.
 */
public final class TableAdmissionLedger extends StateLedger {
    public static final String TABLE_NAME = "admission";
    public static final String PARTITION_KEY = "admission";
    public static final String ROW_KEY = "ledger";
    static final String SHARD_PREFIX = "shard-";
    static final int CHUNK_CHARS = 30_000;
    static final int MAX_CHUNKS = 15;
    /** The most shards {@link #shardsFor} picks: 64 dispatchers then meet about two to a shard. */
    public static final int MAX_SHARDS = 32;
    /** The least a shard holds of the job and create budgets, so one shard is not full after a handful of jobs. */
    static final int MIN_SHARE = 8;
    /** Sixteen writers contending on one entity settle well within this with jittered back-off. */
    public static final int DEFAULT_MAX_ATTEMPTS = 100;
    /** Lost races on one shard before an admission moves on to the next shard. */
    private static final int ATTEMPTS_PER_SHARD = 3;

    private final TableServiceClient service;
    private final String tableName;
    private final TableClient table;
    private final int maxAttempts;
    private final int shards;
    private final CreateOnce tableCreated;
    private final java.util.concurrent.atomic.AtomicLong conflicts = new java.util.concurrent.atomic.AtomicLong();

    public TableAdmissionLedger(TableServiceClient service, AdmissionLimits limits) {
        this(service, TABLE_NAME, limits, DEFAULT_MAX_ATTEMPTS);
    }

    /** The ledger for an app whose jobs take at most {@code maxJobCores} cores (DISPATCH_MAX_CPU). */
    public TableAdmissionLedger(TableServiceClient service, AdmissionLimits limits, double maxJobCores) {
        this(service, TABLE_NAME, limits, DEFAULT_MAX_ATTEMPTS, shardsFor(limits, maxJobCores));
    }

    /** As above, with shards for jobs of up to {@link Settings#DEFAULT_MAX_CPU} cores. */
    public TableAdmissionLedger(TableServiceClient service, String tableName, AdmissionLimits limits, int maxAttempts) {
        this(service, tableName, limits, maxAttempts, shardsFor(limits, Settings.DEFAULT_MAX_CPU));
    }

    /**
     * @param tableName the table (3–63 letters or digits, starting with a letter); created on first use
     * @param shards    how many rows hold leases and creates; every instance sharing the table must use the same
     */
    public TableAdmissionLedger(TableServiceClient service, String tableName, AdmissionLimits limits, int maxAttempts,
                                int shards) {
        super(limits);
        this.service = Objects.requireNonNull(service, "service");
        StorageNames.requireTableName(tableName);
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("The value for maxAttempts must be at least 1, was " + maxAttempts + ".");
        }
        if (shards < 1 || shards > MAX_SHARDS) {
            throw new IllegalArgumentException("The value for shards must be between 1 and " + MAX_SHARDS + ", was "
                    + shards + ".");
        }
        this.tableName = tableName;
        this.table = service.getTableClient(tableName);
        this.tableCreated = CreateOnce.table(service, tableName);
        this.maxAttempts = maxAttempts;
        this.shards = shards;
    }

    /**
     * How many shards the limits allow: each keeps at least {@value #MIN_SHARE} active jobs, 5-minute creates and
     * hourly creates, and at least {@code maxJobCores} cores (so any valid job fits one shard); at most
     * {@value #MAX_SHARDS}, at least 1.
     */
    public static int shardsFor(AdmissionLimits limits, double maxJobCores) {
        if (!(maxJobCores > 0)) {
            throw new IllegalArgumentException("The value for maxJobCores must be greater than zero, was "
                    + maxJobCores + ".");
        }
        int byBudgets = Math.min(limits.maxActiveJobs(), Math.min(limits.createsPer5Min(), limits.createsPerHour()))
                / MIN_SHARE;
        // Whole cores per job, so that the smallest share, maxActiveCores / shards rounded down, still holds one job.
        int byCores = (int) (limits.maxActiveCores() / Math.ceil(maxJobCores));
        return Math.max(1, Math.min(MAX_SHARDS, Math.min(byBudgets, byCores)));
    }

    public int shards() {
        return shards;
    }

    /** A row's stored state and its ETag (null when the row does not exist yet). */
    private record Versioned(Snapshot snapshot, String etag) {
    }

    /** How many writes this instance lost to another writer (412/409) since it was built: the contention figure. */
    public long conflicts() {
        return conflicts.get();
    }

    /** The whole state: control row and every shard merged, from one partition query (one storage transaction). */
    @Override
    public Snapshot snapshot() {
        return merge(readAll());
    }

    @Override
    <T> T modify(Function<Snapshot, Change<T>> change) {
        return modifyRow(ROW_KEY, null, change);
    }

    @Override
    public Admission tryAdmit(String jobId, double cores, Instant now) {
        return tryAdmit(jobId, cores, null, now);
    }

    @Override
    public Admission tryAdmit(String jobId, double cores, String location, Instant now) {
        for (int round = 1; round <= maxAttempts; round++) {
            Map<String, Versioned> rows = readAll();
            Snapshot merged = merge(rows);
            // The whole-ledger rules on what was just read: refusals name the configured limits; nothing written here.
            Change<Admission> whole = LedgerRules.tryAdmit(merged, limits, jobId, cores, location, now);
            if (!whole.result().admitted() || whole.next() == merged) {
                return whole.result(); // refused, or already admitted
            }
            Optional<Admission> answer = admitInAShard(rows, merged, jobId, cores, now);
            if (answer.isPresent()) {
                return answer.get();
            }
            backOff(round); // every shard with room was lost to other writers: read again
        }
        throw new IllegalStateException("The admission ledger (table " + tableName + ") changed under every one of "
                + maxAttempts + " attempts to admit job " + jobId + "; too many writers at once. The operation can be"
                + " retried.");
    }

    /**
     * Takes the lease in a shard with room: first the job's own shard (by its id's hash, so a redelivered message
     * racing its first delivery meets it on one row and is admitted once), then the others in random order. Empty when
     * every shard with room was lost to other writers.
     */
    private Optional<Admission> admitInAShard(Map<String, Versioned> rows, Snapshot merged, String jobId, double cores,
                                              Instant now) {
        int home = Math.floorMod(jobId.hashCode(), shards);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < shards; i++) {
            if (i != home) {
                order.add(i);
            }
        }
        Collections.shuffle(order, ThreadLocalRandom.current());
        order.add(0, home);
        Admission refusal = null;
        boolean lostRace = false;
        for (int shard : order) {
            AdmissionLimits share = shareOf(shard, LedgerRules.tidy(merged, now).throttleLevel());
            if (share == null || (shards > 1 && cores > share.maxActiveCores())) {
                continue; // this shard holds nothing of some budget now, or fewer cores than the job needs
            }
            String row = SHARD_PREFIX + shard;
            Versioned current = rows.getOrDefault(row, new Versioned(Snapshot.EMPTY, null));
            for (int attempt = 1; ; attempt++) {
                Snapshot view = leasesAndCreates(current.snapshot());
                // The usage API's remaining quota was checked on the merged view above, not split over shards.
                Change<Admission> taken = LedgerRules.tryAdmit(view, share, jobId, cores, now);
                if (!taken.result().admitted()) {
                    refusal = earlier(refusal, taken.result());
                    break;
                }
                if (taken.next() == view) {
                    return Optional.of(taken.result()); // admitted meanwhile, into this shard: no second charge
                }
                if (write(row, leasesAndCreates(taken.next()), current.etag())) {
                    return Optional.of(taken.result());
                }
                conflicts.incrementAndGet();
                if (attempt == ATTEMPTS_PER_SHARD) {
                    lostRace = true;
                    break;
                }
                backOff(attempt);
                current = readRow(row);
            }
        }
        if (lostRace) {
            return Optional.empty();
        }
        String why = refusal == null
                ? number(cores) + " cores are more than one shard holds (" + limits.maxActiveCores() + " cores / "
                + shards + "); keep DISPATCH_MAX_CPU at or below that"
                : refusal.reason();
        return Optional.of(Admission.no("no ledger shard has room for this job (the budget is split over " + shards
                + " shards, each holding 1/" + shards + " of the limits, so cores can be left in pieces): " + why,
                refusal == null ? null : refusal.retryAt()));
    }

    @Override
    public void release(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        readAll().forEach((row, current) -> {
            if (current.snapshot().leases().containsKey(jobId)) {
                modifyRow(row, current, s -> LedgerRules.release(s, jobId));
            }
        });
    }

    /** Each row (control and shards) releases the stale leases it holds and forgets what is over. */
    @Override
    int releaseAndTidy(Set<String> stale, Instant now) {
        int dropped = 0;
        for (Map.Entry<String, Versioned> row : readAll().entrySet()) {
            dropped += modifyRow(row.getKey(), row.getValue(), s -> LedgerRules.releaseAndTidy(s, stale, now));
        }
        return dropped;
    }

    /** Shard {@code shard}'s part of the limits (throttling already applied), or null when it holds none of some. */
    AdmissionLimits shareOf(int shard, int throttleLevel) {
        int fiveMinutes = Math.max(1, limits.createsPer5Min() >> throttleLevel);
        int jobs = share(limits.maxActiveJobs(), shard);
        int cores = share(limits.maxActiveCores(), shard);
        int perFive = share(fiveMinutes, shard);
        int perHour = share(limits.createsPerHour(), shard);
        if (jobs == 0 || cores == 0 || perFive == 0 || perHour == 0) {
            return null;
        }
        return new AdmissionLimits(jobs, cores, perFive, perHour, limits.deletesPer5Min(), limits.deletesPerHour());
    }

    /** total / shards, the remainder spread over the first shards: the shares add up to {@code total} exactly. */
    private int share(int total, int shard) {
        return total / shards + (shard < total % shards ? 1 : 0);
    }

    private static Snapshot leasesAndCreates(Snapshot s) {
        return new Snapshot(s.leases(), s.creates(), null, 0, null);
    }

    private static Admission earlier(Admission kept, Admission next) {
        if (kept == null || (next.retryAt() != null && (kept.retryAt() == null || next.retryAt().isBefore(kept.retryAt())))) {
            return next;
        }
        return kept;
    }

    /** The control row with every shard's leases and creates added. */
    private static Snapshot merge(Map<String, Versioned> rows) {
        Versioned control = rows.get(ROW_KEY);
        Snapshot base = control == null ? Snapshot.EMPTY : control.snapshot();
        Map<String, AdmissionLedger.Lease> leases = new HashMap<>(base.leases());
        List<Instant> creates = new ArrayList<>(base.creates());
        rows.forEach((row, v) -> {
            if (!row.equals(ROW_KEY)) {
                leases.putAll(v.snapshot().leases());
                creates.addAll(v.snapshot().creates());
            }
        });
        return new Snapshot(leases, creates, base.pausedUntil(), base.throttleLevel(), base.reducedUntil(),
                base.deletes(), base.marks(), base.quotas());
    }

    private <T> T modifyRow(String row, Versioned first, Function<Snapshot, Change<T>> change) {
        Versioned current = first;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (current == null) {
                current = readRow(row);
            }
            Change<T> result = change.apply(current.snapshot());
            if (result.next() == current.snapshot() || write(row, result.next(), current.etag())) {
                return result.result();
            }
            conflicts.incrementAndGet();
            backOff(attempt);
            current = null;
        }
        throw new IllegalStateException("The admission ledger (table " + tableName + ", row " + row + ") changed under"
                + " every one of " + maxAttempts + " attempts to update it; too many writers at once. The operation"
                + " can be retried.");
    }

    /** Every row of the ledger's partition, by RowKey: one query. */
    private Map<String, Versioned> readAll() {
        ListEntitiesOptions options = new ListEntitiesOptions().setFilter("PartitionKey eq '" + PARTITION_KEY + "'");
        return tableCreated.call(() -> {
            Map<String, Versioned> rows = new HashMap<>();
            for (TableEntity entity : table.listEntities(options, null, Context.NONE)) {
                rows.put(entity.getRowKey(), new Versioned(LedgerCodec.read(joinChunks(entity)), entity.getETag()));
            }
            return rows;
        });
    }

    private Versioned readRow(String row) {
        return tableCreated.call(() -> {
            try {
                TableEntity entity = table.getEntityWithResponse(PARTITION_KEY, row, null, null, Context.NONE)
                        .getValue();
                return new Versioned(LedgerCodec.read(joinChunks(entity)), entity.getETag());
            } catch (TableServiceException e) {
                if (status(e) == 404 && !CreateOnce.isTableMissing(e)) {
                    return new Versioned(Snapshot.EMPTY, null);
                }
                throw e;
            }
        });
    }

    /** True when written; false when another writer got there first. */
    private boolean write(String row, Snapshot next, String etag) {
        TableEntity entity = new TableEntity(PARTITION_KEY, row);
        splitChunks(LedgerCodec.write(next), entity);
        return tableCreated.call(() -> {
            try {
                if (etag == null) {
                    table.createEntityWithResponse(entity, null, Context.NONE);
                } else {
                    entity.addProperty("odata.etag", etag);
                    table.updateEntityWithResponse(entity, TableEntityUpdateMode.REPLACE, true, null, Context.NONE);
                }
                return true;
            } catch (TableServiceException e) {
                int status = status(e);
                // 409: another instance created the entity first; 412: it wrote first; 404: it was deleted.
                if (status == 409 || status == 412 || (status == 404 && !CreateOnce.isTableMissing(e))) {
                    return false;
                }
                throw e;
            }
        });
    }

    static void splitChunks(String json, TableEntity entity) {
        int chunks = Math.max(1, (json.length() + CHUNK_CHARS - 1) / CHUNK_CHARS);
        if (chunks > MAX_CHUNKS) {
            throw new IllegalStateException("The admission ledger's state is " + json.length() + " characters, more"
                    + " than one table entity holds (" + MAX_CHUNKS * CHUNK_CHARS + "); lower "
                    + "DISPATCH_MAX_ACTIVE_JOBS or DISPATCH_CREATES_PER_HOUR");
        }
        entity.addProperty("Chunks", chunks);
        for (int i = 0; i < chunks; i++) {
            entity.addProperty("State" + i, json.substring(i * CHUNK_CHARS, Math.min(json.length(), (i + 1) * CHUNK_CHARS)));
        }
    }

    static String joinChunks(TableEntity entity) {
        int chunks = entity.getProperty("Chunks") instanceof Number n ? n.intValue() : 0;
        StringBuilder json = new StringBuilder();
        for (int i = 0; i < chunks; i++) {
            Object part = entity.getProperty("State" + i);
            if (part == null) {
                throw new IllegalStateException("The admission ledger entity lacks property State" + i + " of " + chunks);
            }
            json.append(part);
        }
        return json.toString();
    }


    private static void backOff(int attempt) {
        long capMillis = Math.min(50, 1L << Math.min(attempt, 6));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(capMillis + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while retrying an admission ledger update", e);
        }
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static int status(TableServiceException e) {
        return e.getResponse().getStatusCode();
    }

}
