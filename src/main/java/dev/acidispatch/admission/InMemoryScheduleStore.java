package dev.acidispatch.admission;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** {@link ScheduleStore} in memory, for tests and the in-process stack. */
public final class InMemoryScheduleStore implements ScheduleStore {
    private final ConcurrentSkipListMap<String, Schedule> schedules = new ConcurrentSkipListMap<>();

    @Override
    public boolean add(Schedule schedule) {
        Objects.requireNonNull(schedule, "schedule");
        return schedules.putIfAbsent(schedule.name(), schedule) == null;
    }

    @Override
    public Optional<Schedule> get(String name) {
        return Optional.ofNullable(schedules.get(name));
    }

    @Override
    public List<Schedule> list() {
        return List.copyOf(schedules.values());
    }

    @Override
    public boolean remove(String name) {
        return schedules.remove(name) != null;
    }

    @Override
    public void markFired(String name, Instant occurrence) {
        Objects.requireNonNull(occurrence, "occurrence");
        schedules.computeIfPresent(name, (n, s) -> s.firedFor(occurrence));
    }

    @Override
    public void markStarted(String name, String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        schedules.computeIfPresent(name, (n, s) -> s.startedRun(jobId));
    }

    @Override
    public void markSkipped(String name, String note) {
        Objects.requireNonNull(note, "note");
        schedules.computeIfPresent(name, (n, s) -> s.skipped(note));
    }
}
