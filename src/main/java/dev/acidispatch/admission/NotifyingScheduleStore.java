package dev.acidispatch.admission;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link ScheduleStore} that counts every stored add and removal in the admission ledger
 * ({@link AdmissionLedger#schedulesChanged()}), so PollWork reads the schedules on its next tick instead of on every
 * tick. The count comes after the change is stored: a poller that read the schedules before the change sees a count
 * it did not read them for, and reads them again.
 */
public final class NotifyingScheduleStore implements ScheduleStore {
    private final ScheduleStore store;
    private final AdmissionLedger ledger;

    public NotifyingScheduleStore(ScheduleStore store, AdmissionLedger ledger) {
        this.store = Objects.requireNonNull(store, "store");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    @Override
    public boolean add(Schedule schedule) {
        boolean added = store.add(schedule);
        if (added) {
            ledger.schedulesChanged();
        }
        return added;
    }

    @Override
    public Optional<Schedule> get(String name) {
        return store.get(name);
    }

    @Override
    public List<Schedule> list() {
        return store.list();
    }

    @Override
    public boolean remove(String name) {
        boolean removed = store.remove(name);
        if (removed) {
            ledger.schedulesChanged();
        }
        return removed;
    }

    @Override
    public void markStarted(String name, String jobId) {
        store.markStarted(name, jobId);
    }

    @Override
    public void markSkipped(String name, String note) {
        store.markSkipped(name, note);
    }

    @Override
    public void markFired(String name, Instant occurrence) {
        store.markFired(name, occurrence);
    }
}
