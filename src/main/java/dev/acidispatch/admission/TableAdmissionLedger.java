package dev.acidispatch.admission;

import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableServiceException;
import dev.acidispatch.admission.LedgerRules.Change;

import dev.acidispatch.store.CreateOnce;
import dev.acidispatch.store.StorageNames;

import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * {@link AdmissionLedger} in one Table Storage entity (table {@value #TABLE_NAME}, PartitionKey
 * {@value #PARTITION_KEY}, RowKey {@value #ROW_KEY}), so every function instance shares one budget. Each change
 * reads the entity, applies the rules and writes it back with If-Match on the ETag it read; a 412 (another instance
 * wrote first) means read again and re-apply, up to {@code maxAttempts} times with jittered back-off.
 *
 * <p>Size bound: the state is compact JSON ({@link LedgerCodec}: about 60 characters per lease, 14 per create of the
 * last hour) split over properties of {@value #CHUNK_CHARS} characters (a string property holds 64 KiB of UTF-16),
 * at most {@value #MAX_CHUNKS} of them, which keeps the entity under Table Storage's 1 MiB: room for about 7,000
 * leases plus a full hour of creates. ACI's regional defaults need a few hundred.
 */
public final class TableAdmissionLedger extends StateLedger {
    public static final String TABLE_NAME = "admission";
    public static final String PARTITION_KEY = "admission";
    public static final String ROW_KEY = "ledger";
    static final int CHUNK_CHARS = 30_000;
    static final int MAX_CHUNKS = 15;
    /** Sixteen writers contending on one entity settle well within this with jittered back-off. */
    public static final int DEFAULT_MAX_ATTEMPTS = 100;

    private final TableServiceClient service;
    private final String tableName;
    private final TableClient table;
    private final int maxAttempts;
    private final CreateOnce tableCreated;
    private final java.util.concurrent.atomic.AtomicLong conflicts = new java.util.concurrent.atomic.AtomicLong();

    public TableAdmissionLedger(TableServiceClient service, AdmissionLimits limits) {
        this(service, TABLE_NAME, limits, DEFAULT_MAX_ATTEMPTS);
    }

    /** @param tableName the table (3–63 letters or digits, starting with a letter); created on first use */
    public TableAdmissionLedger(TableServiceClient service, String tableName, AdmissionLimits limits, int maxAttempts) {
        super(limits);
        this.service = Objects.requireNonNull(service, "service");
        StorageNames.requireTableName(tableName);
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("The value for maxAttempts must be at least 1, was " + maxAttempts + ".");
        }
        this.tableName = tableName;
        this.table = service.getTableClient(tableName);
        this.tableCreated = CreateOnce.table(service, tableName);
        this.maxAttempts = maxAttempts;
    }

    /** The stored state and its ETag (null when the entity does not exist yet). */
    private record Versioned(Snapshot snapshot, String etag) {
    }

    /** How many writes this instance lost to another writer (412/409) since it was built: the contention figure. */
    public long conflicts() {
        return conflicts.get();
    }

    @Override
    public Snapshot snapshot() {
        return read().snapshot();
    }

    @Override
    <T> T modify(Function<Snapshot, Change<T>> change) {
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            Versioned current = read();
            Change<T> result = change.apply(current.snapshot());
            if (result.next() == current.snapshot() || write(result.next(), current.etag())) {
                return result.result();
            }
            conflicts.incrementAndGet();
            backOff(attempt);
        }
        throw new IllegalStateException("The admission ledger (table " + tableName + ") changed under every one of "
                + maxAttempts + " attempts to update it; too many writers at once. The operation can be retried.");
    }

    private Versioned read() {
        return tableCreated.call(() -> {
            try {
                TableEntity entity = table.getEntityWithResponse(PARTITION_KEY, ROW_KEY, null, null, Context.NONE)
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
    private boolean write(Snapshot next, String etag) {
        TableEntity entity = new TableEntity(PARTITION_KEY, ROW_KEY);
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

    private static int status(TableServiceException e) {
        return e.getResponse().getStatusCode();
    }

}
