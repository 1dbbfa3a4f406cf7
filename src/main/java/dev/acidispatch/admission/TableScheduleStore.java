package dev.acidispatch.admission;

import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableServiceException;

import dev.acidispatch.store.CreateOnce;
import dev.acidispatch.store.StorageNames;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@link ScheduleStore} on Table Storage: table {@value #TABLE_NAME}, PartitionKey {@value #PARTITION_KEY}, RowKey =
 * schedule name (names are checked against {@link Schedule#NAME_PATTERN} before any request). The job template is a
 * string property in the app's own storage account, like the queued messages it becomes. {@link #markFired} writes
 * with If-Match and re-reads on 412.
 */
public final class TableScheduleStore implements ScheduleStore {
    public static final String TABLE_NAME = "schedules";
    public static final String PARTITION_KEY = "schedule";
    private static final Pattern NAME = Pattern.compile(Schedule.NAME_PATTERN);
    private static final int MAX_MARK_ATTEMPTS = 20;

    private final TableServiceClient service;
    private final String tableName;
    private final TableClient table;
    private final CreateOnce tableCreated;

    public TableScheduleStore(TableServiceClient service) {
        this(service, TABLE_NAME);
    }

    public TableScheduleStore(TableServiceClient service, String tableName) {
        this.service = Objects.requireNonNull(service, "service");
        StorageNames.requireTableName(tableName);
        this.tableName = tableName;
        this.table = service.getTableClient(tableName);
        this.tableCreated = CreateOnce.table(service, tableName);
    }

    @Override
    public boolean add(Schedule schedule) {
        Objects.requireNonNull(schedule, "schedule");
        return tableCreated.call(() -> {
            try {
                table.createEntityWithResponse(toEntity(schedule), null, Context.NONE);
                return true;
            } catch (TableServiceException e) {
                if (e.getResponse().getStatusCode() == 409) {
                    return false;
                }
                throw e;
            }
        });
    }

    @Override
    public Optional<Schedule> get(String name) {
        return entity(name).map(TableScheduleStore::toSchedule);
    }

    @Override
    public List<Schedule> list() {
        ListEntitiesOptions options = new ListEntitiesOptions().setFilter("PartitionKey eq '" + PARTITION_KEY + "'");
        return tableCreated.call(() -> table.listEntities(options, null, Context.NONE).stream()
                .map(TableScheduleStore::toSchedule)
                .sorted(Comparator.comparing(Schedule::name))
                .toList());
    }

    @Override
    public boolean remove(String name) {
        requireName(name);
        return tableCreated.call(() -> {
            try {
                return table.deleteEntityWithResponse(new TableEntity(PARTITION_KEY, name), false, null, Context.NONE)
                        .getStatusCode() != 404;
            } catch (TableServiceException e) {
                if (e.getResponse().getStatusCode() == 404 && !CreateOnce.isTableMissing(e)) {
                    return false;
                }
                throw e;
            }
        });
    }

    @Override
    public void markFired(String name, Instant occurrence) {
        Objects.requireNonNull(occurrence, "occurrence");
        change(name, s -> s.firedFor(occurrence), "record occurrence " + occurrence);
    }

    @Override
    public void markStarted(String name, String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        change(name, s -> s.startedRun(jobId), "record run " + jobId);
    }

    @Override
    public void markSkipped(String name, String note) {
        Objects.requireNonNull(note, "note");
        change(name, s -> s.skipped(note), "record a skip");
    }

    /** Applies {@code change} with If-Match, re-reading on 412; a change that changes nothing writes nothing. */
    private void change(String name, java.util.function.UnaryOperator<Schedule> change, String what) {
        for (int attempt = 1; attempt <= MAX_MARK_ATTEMPTS; attempt++) {
            Optional<TableEntity> current = entity(name);
            if (current.isEmpty()) {
                return;
            }
            Schedule schedule = toSchedule(current.get());
            Schedule fired = change.apply(schedule);
            if (fired == schedule) {
                return;
            }
            TableEntity next = toEntity(fired).addProperty("odata.etag", current.get().getETag());
            boolean written = tableCreated.call(() -> {
                try {
                    table.updateEntityWithResponse(next, TableEntityUpdateMode.REPLACE, true, null, Context.NONE);
                    return true;
                } catch (TableServiceException e) {
                    int status = e.getResponse().getStatusCode();
                    if (status == 412 || (status == 404 && !CreateOnce.isTableMissing(e))) {
                        return false;
                    }
                    throw e;
                }
            });
            if (written) {
                return;
            }
        }
        throw new IllegalStateException("Schedule '" + name + "' changed under every one of " + MAX_MARK_ATTEMPTS
                + " attempts to " + what);
    }

    private Optional<TableEntity> entity(String name) {
        requireName(name);
        return tableCreated.call(() -> {
            try {
                return Optional.of(table.getEntityWithResponse(PARTITION_KEY, name, null, null, Context.NONE)
                        .getValue());
            } catch (TableServiceException e) {
                if (e.getResponse().getStatusCode() == 404 && !CreateOnce.isTableMissing(e)) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    private static void requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name: '" + name + "' is not a valid schedule name (" + Schedule.NAME_PATTERN
                    + ")");
        }
    }

    static TableEntity toEntity(Schedule s) {
        TableEntity e = new TableEntity(PARTITION_KEY, s.name());
        e.addProperty("Cron", s.cron());
        e.addProperty("JobTemplate", s.jobTemplate());
        e.addProperty("JitterSeconds", s.jitterSeconds());
        e.addProperty("CatchUp", s.catchUp().id());
        e.addProperty("CreatedAt", s.createdAt().toString());
        if (s.lastFiredFor() != null) {
            e.addProperty("LastFiredFor", s.lastFiredFor().toString());
        }
        e.addProperty("Overlap", s.overlap().id());
        if (s.lastRunJobId() != null) {
            e.addProperty("LastRunJobId", s.lastRunJobId());
        }
        if (s.lastSkip() != null) {
            e.addProperty("LastSkip", s.lastSkip());
        }
        return e;
    }

    static Schedule toSchedule(TableEntity e) {
        Object last = e.getProperty("LastFiredFor");
        return new Schedule(e.getRowKey(), (String) e.getProperty("Cron"), (String) e.getProperty("JobTemplate"),
                e.getProperty("JitterSeconds") instanceof Number n ? n.intValue() : 0,
                CatchUp.parse((String) e.getProperty("CatchUp")), Instant.parse((String) e.getProperty("CreatedAt")),
                last == null ? null : Instant.parse(last.toString()),
                // Schedules stored before the overlap policy existed skip, the default.
                e.getProperty("Overlap") == null ? OverlapPolicy.SKIP : OverlapPolicy.parse((String) e.getProperty("Overlap")),
                (String) e.getProperty("LastRunJobId"), (String) e.getProperty("LastSkip"));
    }


}
