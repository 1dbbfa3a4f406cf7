package dev.acidispatch.admission;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Schedules by name. */
public interface ScheduleStore {

    /** Stores a new schedule; false (and nothing stored) when one with that name exists. */
    boolean add(Schedule schedule);

    Optional<Schedule> get(String name);

    /** Every schedule, ordered by name. */
    List<Schedule> list();

    /** Removes the schedule; false when there was none. */
    boolean remove(String name);

    /**
     * Records {@code occurrence} as handled: lastFiredFor becomes the later of the stored value and
     * {@code occurrence}, safely against concurrent pollers. Nothing happens when the schedule is gone.
     */
    void markFired(String name, Instant occurrence);

    /**
     * Records {@code jobId} as the schedule's latest started run (the later of the stored one and it), safely
     * against concurrent pollers. Nothing happens when the schedule is gone.
     */
    void markStarted(String name, String jobId);

    /** Records {@code note} as the schedule's latest overlap skip, safely against concurrent pollers. */
    void markSkipped(String name, String note);
}
