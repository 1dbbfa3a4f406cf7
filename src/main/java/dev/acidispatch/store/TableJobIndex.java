package dev.acidispatch.store;

import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableServiceException;
import dev.acidispatch.job.JobRecord;
import dev.acidispatch.job.JobStatus;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The index that lets {@link TableJobStore#query} read a page of jobs without scanning the jobs table: in its own
 * table, one entity per job in each partition the job belongs to, whose RowKey is the job's {@link JobOrder} key, so
 * every query is a RowKey range inside one partition (a "range query" in Table Storage's terms, the cheapest after a
 * point read), newest first:
 * <ul>
 *   <li>{@value #ALL}: every job, written once when the record is created;</li>
 *   <li>{@code status-<STATUS>}: the jobs in that status, moved when the status changes;</li>
 *   <li>{@code schedule-<name>}: the runs of a schedule, written once.</li>
 * </ul>
 * The index and the records live in different partitions, so no write changes both at once. The order of writes keeps
 * one rule instead: an entry for the record's current status always exists, and any entry may be stale (a crash, or a
 * writer that lost a race). A status change adds the new entry before the record is written, and removes the old one
 * afterwards only if nobody wrote it again in between (If-Match on the ETag read before the record was written: a
 * writer moving the job back to that status must have read the record after this write, so it rewrites the entry
 * after that read). Readers check every entry against the record, so stale entries are never shown.
 */
final class TableJobIndex {
    static final String ALL = "all";
    private static final String STATUS_PREFIX = "status-";
    private static final String SCHEDULE_PREFIX = "schedule-";

    private final TableClient table;
    private final CreateOnce tableCreated;

    TableJobIndex(TableServiceClient service, String tableName) {
        StorageNames.requireTableName(tableName);
        this.table = service.getTableClient(tableName);
        this.tableCreated = CreateOnce.table(service, tableName);
    }

    static String statusPartition(JobStatus status) {
        return STATUS_PREFIX + status.name();
    }

    static String schedulePartition(String schedule) {
        return SCHEDULE_PREFIX + schedule;
    }

    /** The partitions a record belongs in. */
    static List<String> partitionsOf(JobRecord record) {
        List<String> partitions = new ArrayList<>(List.of(ALL, statusPartition(record.status())));
        if (record.schedule() != null) {
            partitions.add(schedulePartition(record.schedule()));
        }
        return partitions;
    }

    /** Before a new record is created: its entries (harmless if the create then fails: readers check the record). */
    void add(JobRecord record) {
        String key = JobOrder.keyOf(record);
        for (String partition : partitionsOf(record)) {
            upsert(partition, key);
        }
    }

    /**
     * Before a write that moves the record from {@code current}'s status to {@code next}'s: adds the new entry and reads
     * the old one's version, for {@link #finishStatusChange} after the write.
     */
    StatusChange prepareStatusChange(JobRecord current, JobRecord next) {
        String key = JobOrder.keyOf(next);
        upsert(statusPartition(next.status()), key);
        String oldPartition = statusPartition(current.status());
        Optional<String> oldEtag = tableCreated.call(() -> {
            try {
                return Optional.of(table.getEntityWithResponse(oldPartition, key, List.of("RowKey"), null,
                        Context.NONE).getValue().getETag());
            } catch (TableServiceException e) {
                if (e.getResponse().getStatusCode() == 404 && !CreateOnce.isTableMissing(e)) {
                    return Optional.empty();
                }
                throw e;
            }
        });
        return new StatusChange(oldPartition, key, oldEtag);
    }

    /** After the record was written: removes the old status entry unless it was written again since it was read. */
    void finishStatusChange(StatusChange change) {
        change.oldEtag().ifPresent(etag -> deleteIfUnchanged(change.oldPartition(), change.key(), etag));
    }

    /** After a record was deleted: its entries go too (best effort; stale ones are ignored by readers anyway). */
    void remove(JobRecord record) {
        String key = JobOrder.keyOf(record);
        for (String partition : partitionsOf(record)) {
            deleteIfUnchanged(partition, key, "*");
        }
    }

    /**
     * The keys in {@code partition} strictly after {@code after} and strictly before {@code before}, ascending (newest
     * job first), fetched lazily {@code pageSize} at a time. The filter holds only a partition name built from a status
     * or a checked schedule name and keys that {@link JobOrder} produced or checked.
     */
    Iterator<String> keys(String partition, Optional<String> after, Optional<String> before, int pageSize) {
        StringBuilder filter = new StringBuilder("PartitionKey eq '").append(partition).append('\'');
        after.ifPresent(a -> filter.append(" and RowKey gt '").append(a).append('\''));
        before.ifPresent(b -> filter.append(" and RowKey lt '").append(b).append('\''));
        ListEntitiesOptions options = new ListEntitiesOptions().setFilter(filter.toString())
                .setSelect(List.of("RowKey")).setTop(pageSize);
        tableCreated.ensure();
        Iterator<TableEntity> entities = table.listEntities(options, null, Context.NONE).iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return entities.hasNext();
            }

            @Override
            public String next() {
                return entities.next().getRowKey();
            }
        };
    }

    private void upsert(String partition, String key) {
        TableEntity entity = new TableEntity(partition, key).addProperty("JobId", key.substring(20));
        tableCreated.run(() -> table.upsertEntityWithResponse(entity, TableEntityUpdateMode.REPLACE, null,
                Context.NONE));
    }

    private void deleteIfUnchanged(String partition, String key, String etag) {
        TableEntity entity = new TableEntity(partition, key).addProperty("odata.etag", etag);
        tableCreated.run(() -> {
            try {
                table.deleteEntityWithResponse(entity, true, null, Context.NONE);
            } catch (TableServiceException e) {
                int status = e.getResponse().getStatusCode();
                // 412: written again since it was read (the job is back in that status); 404: already gone.
                if (status != 412 && !(status == 404 && !CreateOnce.isTableMissing(e))) {
                    throw e;
                }
            }
        });
    }

    /** What a status change left to do after the record was written. */
    record StatusChange(String oldPartition, String key, Optional<String> oldEtag) {
    }
}
