package dev.acidispatch.store;

import dev.acidispatch.job.JobRecord;
import dev.acidispatch.job.JobStatus;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link JobStore} in memory with the same versioning as the table store: each write gets a new etag and
 * {@link #update} only replaces the version it read. For fast tests and the CLI's in-process {@code run}.
 */
public final class InMemoryJobStore extends VersionedJobStore {
    private final ConcurrentSkipListMap<String, JobRecord> records = new ConcurrentSkipListMap<>();
    private final AtomicLong versions = new AtomicLong();

    public InMemoryJobStore() {
        this(DEFAULT_MAX_UPDATE_ATTEMPTS);
    }

    /** @param maxUpdateAttempts how many times {@link #update} re-reads after losing a race before giving up */
    public InMemoryJobStore(int maxUpdateAttempts) {
        super(maxUpdateAttempts);
    }

    @Override
    public Optional<JobRecord> get(String jobId) {
        return Optional.ofNullable(records.get(JobIds.require(jobId)));
    }

    @Override
    public JobRecord create(JobRecord record) {
        Objects.requireNonNull(record, "record");
        JobRecord stored = record.withEtag(nextEtag());
        JobRecord existing = records.putIfAbsent(JobIds.require(record.jobId()), stored);
        if (existing != null) {
            throw new JobAlreadyExistsException(existing);
        }
        return stored;
    }

    @Override
    Optional<JobRecord> replaceIfUnchanged(JobRecord next, String expectedEtag) {
        JobRecord stored = next.withEtag(nextEtag());
        JobRecord result = records.computeIfPresent(next.jobId(),
                (id, current) -> Objects.equals(current.etag(), expectedEtag) ? stored : current);
        return result == stored ? Optional.of(stored) : Optional.empty();
    }

    @Override
    void backOff(int attempt) {
        // Conflicts in memory clear in nanoseconds; yielding is enough to let the winner finish.
        Thread.yield();
    }

    @Override
    public List<JobRecord> list(Set<JobStatus> statuses, int limit) {
        Objects.requireNonNull(statuses, "statuses");
        requirePositiveLimit(limit);
        return records.values().stream()
                .filter(r -> statuses.isEmpty() || statuses.contains(r.status()))
                .limit(limit)
                .toList();
    }

    @Override
    public JobPage query(JobQuery query) {
        Objects.requireNonNull(query, "query");
        String after = query.startAfter().orElse("");
        List<JobRecord> selected = records.values().stream()
                .filter(query::matches)
                .filter(r -> JobOrder.keyOf(r).compareTo(after) > 0)
                .sorted(java.util.Comparator.comparing(JobOrder::keyOf))
                .limit(query.limit() + 1L)
                .toList();
        if (selected.size() <= query.limit()) {
            return new JobPage(selected, null);
        }
        List<JobRecord> page = selected.subList(0, query.limit());
        return new JobPage(page, JobOrder.tokenAfter(JobOrder.keyOf(page.get(page.size() - 1))));
    }

    @Override
    public boolean delete(String jobId) {
        return records.remove(JobIds.require(jobId)) != null;
    }

    private String nextEtag() {
        return "v" + versions.incrementAndGet();
    }
}
