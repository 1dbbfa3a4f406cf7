package dev.acidispatch.store;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.rest.Response;
import com.azure.core.util.Context;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableServiceException;
import dev.acidispatch.job.AttemptSummary;
import dev.acidispatch.job.CleanupPolicy;
import dev.acidispatch.job.JobRecord;
import dev.acidispatch.job.JobStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@link JobStore} on Azure Table Storage (or Azurite).
 *
 * <p>Layout: one entity per job in table {@value #TABLE_NAME}; PartitionKey = RowKey = jobId, so reads and writes are
 * point operations and each job is its own partition (no hot partition, writes to different jobs never contend). The
 * RowKey repeats the id rather than being a constant because Azurite looks an entity up by its RowKey first
 * ({@code LokiTableMetadataStore.findOne({RowKey, PartitionKey})}): with one RowKey for every job each read and write
 * there filtered the whole table (docs/benchmarks.md, section 9). Table Storage indexes the two keys together, so
 * there it makes no difference. {@link #query} pages through jobs newest first by status, creation time and schedule without
 * scanning this table: it reads an index in table {@code <table>}{@value #INDEX_SUFFIX} ({@link TableJobIndex}) and
 * then each record by its key. {@link #list} is a filtered scan over the table, kept for callers that need every
 * record in a few statuses ordered by id; the filter is built only from {@link JobStatus} names, and job ids are checked against
 * {@link dev.acidispatch.job.JobNames#isValidJobId} before any request, so nothing a user sends can reach an OData expression. Lists are stored as
 * JSON strings, instants as ISO-8601 strings (exact round trip). Optimistic concurrency uses the entity ETag with
 * If-Match.
 */
public final class TableJobStore extends VersionedJobStore {
    public static final String TABLE_NAME = "jobs";
    /** The index table is named after the jobs table: {@code jobs} + {@value} by default. */
    public static final String INDEX_SUFFIX = "index";
    /** Record reads of a page run in parallel; a page is at most {@link JobQuery#MAX_LIMIT} records. */
    private static final int PARALLEL_READS = 8;
    private static final ExecutorService READS = Executors.newFixedThreadPool(PARALLEL_READS, r -> {
        Thread t = new Thread(r, "job-store-read");
        t.setDaemon(true);
        return t;
    });
    private static final int MAX_PAGE = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {
    };
    private static final TypeReference<List<AttemptSummary>> ATTEMPT_LIST = new TypeReference<>() {
    };

    private final TableClient table;
    private final CreateOnce tableCreated;
    private final TableJobIndex index;

    /** A store on the table {@value #TABLE_NAME}. */
    public TableJobStore(TableServiceClient service) {
        this(service, TABLE_NAME, DEFAULT_MAX_UPDATE_ATTEMPTS);
    }

    /**
     * @param tableName         the table (3–63 alphanumerics, starting with a letter); created on first use
     * @param maxUpdateAttempts how many times {@link #update} re-reads after losing a race before giving up
     */
    public TableJobStore(TableServiceClient service, String tableName, int maxUpdateAttempts) {
        super(maxUpdateAttempts);
        Objects.requireNonNull(service, "service");
        StorageNames.requireTableName(tableName);
        this.table = service.getTableClient(tableName);
        this.tableCreated = CreateOnce.table(service, tableName);
        this.index = new TableJobIndex(service, tableName + INDEX_SUFFIX);
    }

    @Override
    public Optional<JobRecord> get(String jobId) {
        JobIds.require(jobId);
        return tableCreated.call(() -> {
            try {
                return Optional.of(toRecord(table.getEntityWithResponse(jobId, jobId, null, null, Context.NONE)
                        .getValue()));
            } catch (TableServiceException e) {
                if (e.getResponse().getStatusCode() == 404 && !CreateOnce.isTableMissing(e)) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    @Override
    public JobRecord create(JobRecord record) {
        Objects.requireNonNull(record, "record");
        JobIds.require(record.jobId());
        TableEntity entity = toEntity(record);
        index.add(record);
        return tableCreated.call(() -> {
            try {
                Response<Void> response = table.createEntityWithResponse(entity, null, Context.NONE);
                return record.withEtag(etagOf(response));
            } catch (TableServiceException e) {
                if (e.getResponse().getStatusCode() == 409) {
                    JobRecord existing = get(record.jobId()).orElseThrow(() -> e);
                    throw new JobAlreadyExistsException(existing);
                }
                throw e;
            }
        });
    }

    @Override
    Optional<JobRecord> replaceIfUnchanged(JobRecord next, String expectedEtag) {
        TableEntity entity = toEntity(next).addProperty("odata.etag", expectedEtag);
        return tableCreated.call(() -> {
            try {
                Response<Void> response = table.updateEntityWithResponse(entity, TableEntityUpdateMode.REPLACE, true,
                        null, Context.NONE);
                return Optional.of(next.withEtag(etagOf(response)));
            } catch (TableServiceException e) {
                int status = e.getResponse().getStatusCode();
                // 412: someone wrote first. 404 (entity, not table): someone deleted it; the next read reports that.
                if (status == 412 || (status == 404 && !CreateOnce.isTableMissing(e))) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    @Override
    Object beforeStatusChange(JobRecord current, JobRecord next) {
        return index.prepareStatusChange(current, next);
    }

    @Override
    void afterStatusChange(Object prepared) {
        index.finishStatusChange((TableJobIndex.StatusChange) prepared);
    }

    /**
     * Merges the index partitions the query names (one per status asked for; {@code all}; or the schedule's) by key,
     * reads the records those keys name, and keeps each record that still has that key and matches the query (an
     * index entry may be stale). Every index read is a RowKey range in one partition; every record read is a point
     * read.
     */
    @Override
    public JobPage query(JobQuery query) {
        Objects.requireNonNull(query, "query");
        List<String> partitions = query.schedule() != null ? List.of(TableJobIndex.schedulePartition(query.schedule()))
                : query.statuses().isEmpty() ? List.of(TableJobIndex.ALL)
                : query.statuses().stream().sorted().map(TableJobIndex::statusPartition).toList();
        Optional<String> after = query.startAfter();
        Optional<String> before = Optional.ofNullable(query.since()).map(JobOrder::boundAfter);
        int pageSize = Math.min(query.limit() + 1, MAX_PAGE);
        MergedKeys keys = new MergedKeys(partitions.stream()
                .map(p -> index.keys(p, after, before, pageSize)).toList());
        List<JobRecord> found = new ArrayList<>();
        String lastKey = null;
        while (found.size() < query.limit() && keys.hasNext()) {
            List<String> batch = new ArrayList<>();
            while (batch.size() < query.limit() - found.size() && keys.hasNext()) {
                batch.add(keys.next());
            }
            List<Optional<JobRecord>> records = readAll(batch.stream().map(k -> k.substring(20)).toList());
            for (int i = 0; i < batch.size(); i++) {
                String key = batch.get(i);
                records.get(i).filter(r -> JobOrder.keyOf(r).equals(key) && query.matches(r)).ifPresent(found::add);
                lastKey = key;
            }
        }
        String token = found.size() == query.limit() && keys.hasNext() ? JobOrder.tokenAfter(lastKey) : null;
        return new JobPage(found, token);
    }

    private List<Optional<JobRecord>> readAll(List<String> jobIds) {
        if (jobIds.size() == 1) {
            return List.of(get(jobIds.get(0)));
        }
        List<Future<Optional<JobRecord>>> reads = jobIds.stream().map(id -> READS.submit(() -> get(id))).toList();
        List<Optional<JobRecord>> records = new ArrayList<>(reads.size());
        for (Future<Optional<JobRecord>> read : reads) {
            try {
                records.add(read.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reads.forEach(r -> r.cancel(true));
                throw new IllegalStateException("Interrupted while reading job records", e);
            } catch (ExecutionException e) {
                reads.forEach(r -> r.cancel(true));
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
        return records;
    }

    /** Keys of several ascending streams in one ascending stream, each key once. */
    private static final class MergedKeys implements Iterator<String> {
        private final PriorityQueue<Head> heads = new PriorityQueue<>(Comparator.comparing(Head::key));
        private String last;

        private record Head(String key, Iterator<String> rest) {
        }

        MergedKeys(List<Iterator<String>> streams) {
            streams.forEach(this::advance);
        }

        private void advance(Iterator<String> stream) {
            if (stream.hasNext()) {
                heads.add(new Head(stream.next(), stream));
            }
        }

        @Override
        public boolean hasNext() {
            while (!heads.isEmpty() && heads.peek().key().equals(last)) {
                advance(heads.poll().rest());
            }
            return !heads.isEmpty();
        }

        @Override
        public String next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            Head head = heads.poll();
            advance(head.rest());
            last = head.key();
            return last;
        }
    }

    @Override
    public List<JobRecord> list(Set<JobStatus> statuses, int limit) {
        Objects.requireNonNull(statuses, "statuses");
        requirePositiveLimit(limit);
        ListEntitiesOptions options = new ListEntitiesOptions().setTop(Math.min(limit, MAX_PAGE));
        if (!statuses.isEmpty()) {
            options.setFilter(statuses.stream().sorted().map(s -> "Status eq '" + s.name() + "'")
                    .collect(Collectors.joining(" or ")));
        }
        return tableCreated.call(() -> table.listEntities(options, null, Context.NONE).stream()
                .limit(limit)
                .map(TableJobStore::toRecord)
                .toList());
    }

    @Override
    public boolean delete(String jobId) {
        JobIds.require(jobId);
        Optional<JobRecord> existing = get(jobId);
        boolean deleted = tableCreated.call(() -> {
            try {
                int status = table.deleteEntityWithResponse(new TableEntity(jobId, jobId), false, null, Context.NONE)
                        .getStatusCode();
                return status != 404;
            } catch (TableServiceException e) {
                if (e.getResponse().getStatusCode() == 404 && !CreateOnce.isTableMissing(e)) {
                    return false;
                }
                throw e;
            }
        });
        existing.ifPresent(index::remove);
        return deleted;
    }


    private static String etagOf(Response<?> response) {
        String etag = response.getHeaders().getValue(HttpHeaderName.ETAG);
        if (etag == null) {
            throw new IllegalStateException("The table service returned no ETag for a write; optimistic concurrency"
                    + " cannot work without it");
        }
        // Azurite 3.37 answers writes with a weak ETag header that lacks its closing quote, while reads return the
        // entity's odata.etag intact; complete it so a written record equals the same record read back.
        if (etag.startsWith("W/\"") && !etag.endsWith("\"")) {
            return etag + "\"";
        }
        return etag;
    }

    static TableEntity toEntity(JobRecord r) {
        TableEntity e = new TableEntity(r.jobId(), r.jobId());
        e.addProperty("Status", r.status().name());
        put(e, "Reason", r.reason());
        put(e, "Errors", r.errors().isEmpty() ? null : toJson(r.errors()));
        put(e, "ExitCode", r.exitCode());
        put(e, "Image", r.image());
        put(e, "ResourceGroup", r.resourceGroup());
        put(e, "ContainerGroupName", r.containerGroupName());
        put(e, "DeploymentName", r.deploymentName());
        put(e, "Cpu", r.cpu());
        put(e, "MemoryGb", r.memoryGb());
        put(e, "Priority", r.priority());
        put(e, "Schedule", r.schedule());
        put(e, "CreatedAt", r.createdAt());
        put(e, "UpdatedAt", r.updatedAt());
        put(e, "DispatchedAt", r.dispatchedAt());
        put(e, "StartedAt", r.startedAt());
        put(e, "FinishedAt", r.finishedAt());
        put(e, "CancelRequestedAt", r.cancelRequestedAt());
        e.addProperty("Cleanup", r.cleanup().wireName());
        // Still written so a record stays readable by code from before the cleanup policy existed.
        e.addProperty("KeepContainerGroup", r.keepContainerGroup());
        e.addProperty("LogsCaptured", r.logsCaptured());
        e.addProperty("DeployAttempts", r.deployAttempts());
        e.addProperty("Restarts", r.restarts());
        e.addProperty("Attempt", r.attempt());
        e.addProperty("MaxAttempts", r.maxAttempts());
        put(e, "Attempts", r.attempts().isEmpty() ? null : toJson(r.attempts()));
        put(e, "History", r.history().isEmpty() ? null : toJson(r.history()));
        return e;
    }

    static JobRecord toRecord(TableEntity e) {
        return new JobRecord(
                e.getPartitionKey(),
                JobStatus.valueOf(string(e, "Status")),
                string(e, "Reason"),
                stringList(e, "Errors"),
                e.getProperty("ExitCode") instanceof Number n ? n.intValue() : null,
                string(e, "Image"),
                string(e, "ResourceGroup"),
                string(e, "ContainerGroupName"),
                string(e, "DeploymentName"),
                e.getProperty("Cpu") instanceof Number n ? n.doubleValue() : null,
                e.getProperty("MemoryGb") instanceof Number n ? n.doubleValue() : null,
                string(e, "Priority"),
                string(e, "Schedule"),
                instant(e, "CreatedAt"),
                instant(e, "UpdatedAt"),
                instant(e, "DispatchedAt"),
                instant(e, "StartedAt"),
                instant(e, "FinishedAt"),
                instant(e, "CancelRequestedAt"),
                cleanup(e),
                Boolean.TRUE.equals(e.getProperty("LogsCaptured")),
                e.getProperty("DeployAttempts") instanceof Number n ? n.intValue() : 0,
                e.getProperty("Restarts") instanceof Number n ? n.intValue() : 0,
                e.getProperty("Attempt") instanceof Number n ? n.intValue() : 1,
                e.getProperty("MaxAttempts") instanceof Number n ? n.intValue() : 1,
                attempts(e),
                stringList(e, "History"),
                e.getETag());
    }

    /** Records written before the cleanup policy existed carry only KeepContainerGroup. */
    private static CleanupPolicy cleanup(TableEntity e) {
        return CleanupPolicy.fromWireName(string(e, "Cleanup")).orElseGet(() ->
                CleanupPolicy.ofKeepContainerGroup(Boolean.TRUE.equals(e.getProperty("KeepContainerGroup"))));
    }

    private static void put(TableEntity entity, String name, Object value) {
        if (value instanceof Instant instant) {
            entity.addProperty(name, instant.toString());
        } else if (value != null) {
            entity.addProperty(name, value);
        }
    }

    private static String string(TableEntity entity, String name) {
        Object value = entity.getProperty(name);
        return value == null ? null : value.toString();
    }

    private static Instant instant(TableEntity entity, String name) {
        String value = string(entity, name);
        return value == null ? null : Instant.parse(value);
    }

    private static List<String> stringList(TableEntity entity, String name) {
        String value = string(entity, name);
        if (value == null) {
            return List.of();
        }
        try {
            return JSON.readValue(value, STRING_LIST);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Job '" + entity.getPartitionKey() + "': property " + name
                    + " is not a JSON list of strings", e);
        }
    }

    private static List<AttemptSummary> attempts(TableEntity entity) {
        String value = string(entity, "Attempts");
        if (value == null) {
            return List.of();
        }
        try {
            return JSON.readValue(value, ATTEMPT_LIST);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Job '" + entity.getPartitionKey() + "': property Attempts is not a JSON"
                    + " list of attempts", e);
        }
    }

    private static String toJson(List<?> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a list of strings as JSON", e);
        }
    }
}
