package dev.acidispatch.admission;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The shared budget of active jobs, active cores and container-group creates, so a burst of jobs turns into a queue
 * of DEFERRED jobs instead of ARM quota errors. A job holds a lease from admission until its result is recorded.
 *
 * <p>Rules (the same in every implementation, see {@link LedgerRules}):
 * <ul>
 *   <li>{@link #tryAdmit} for a job that already holds a lease admits again without a second charge, so a redelivered
 *       message, or a job the poller admitted and the dispatcher admits again, counts once.</li>
 *   <li>A new lease needs: no throttle pause; active jobs &lt; maxActiveJobs; active cores + cores &le;
 *       maxActiveCores (a job larger than the whole core budget is admitted only when nothing else is active, so it
 *       cannot wait forever); creates in the last 5 minutes &lt; the effective 5-minute budget; creates in the last
 *       hour &lt; createsPerHour. Admission records one create at {@code now}.</li>
 *   <li>{@link #tryDelete}: a container group delete needs room in the delete windows (5 minutes and an hour), as a
 *       create does in the create windows; ACI limits both per region. The watcher waits until there is room, holding
 *       the job's lease, so deletes never exceed ACI's limit and the budget slows creates down by itself.</li>
 *   <li>{@link #throttled}: ARM answered 429 or a quota error. Creates pause until {@code now + retryAfter}, and the
 *       5-minute create budget halves (down to 1) with each throttle, until five minutes after the pause ends; then
 *       the full budget returns. A create that was charged stays charged (it may have reached ARM).</li>
 * </ul>
 */
public interface AdmissionLedger {
    /** How long creates pause after a quota error, which (unlike a 429) carries no Retry-After. */
    Duration QUOTA_PAUSE = Duration.ofMinutes(1);


    /** Admits the job (taking a lease of {@code cores}) or says which limit refused it. */
    Admission tryAdmit(String jobId, double cores, Instant now);

    /**
     * As {@link #tryAdmit(String, double, Instant)}, for a job in {@code location}: ACI's real remaining quota there,
     * as PollWork last read it ({@link #quotaRead}), bounds it too.
     */
    default Admission tryAdmit(String jobId, double cores, String location, Instant now) {
        return tryAdmit(jobId, cores, now);
    }

    /** Stores what ACI's usage API reported for a region (PollWork, at most once per tick). */
    default void quotaRead(RegionQuota quota) {
    }

    /** Gives the job's lease back; nothing happens when it holds none. */
    void release(String jobId);

    /** ARM throttled a create or refused it for quota: pause creates and shrink the create budget (see above). */
    void throttled(Duration retryAfter, Instant now);

    /**
     * Takes one container group delete from the delete budget (sliding 5-minute and hourly windows, like ACI's delete
     * limits), for the group named by {@code key}. A key already charged within the hour is not charged again, so a
     * retried cleanup counts once.
     *
     * @return empty when the delete may go ahead now; otherwise when the budget has room again
     */
    Optional<Instant> tryDelete(String key, Instant now);

    /** Gives back the delete taken for {@code key} (the group turned out to be gone already). */
    void refundDelete(String key);

    /**
     * Drops the leases of jobs for which {@code stillActive} is false (finished, or unknown), so a holder that crashed
     * never blocks capacity for good. {@code stillActive} is called outside any storage retry loop, once per lease.
     *
     * @return how many leases were dropped
     */
    int reconcile(Predicate<String> stillActive, Instant now);

    /**
     * {@link #reconcile(Predicate, Instant)} starting from a snapshot the caller has just read (PollWork's one read),
     * so a tick with nothing stale reads the ledger once.
     */
    default int reconcile(Snapshot seen, Predicate<String> stillActive, Instant now) {
        return reconcile(stillActive, now);
    }

    /** The current state (one storage read for the table ledger): PollWork decides from it what a tick must do. */
    Snapshot snapshot();

    /**
     * A job's record has just become DEFERRED: counted in {@link PollMarks#deferrals()}, so PollWork looks for
     * deferred jobs on its next tick. Call it after the record is stored (see {@link PollMarks}).
     */
    void deferralRecorded();

    /** Schedules were added or removed (call after the change is stored): PollWork reads them on its next tick. */
    void schedulesChanged();

    /** Stores what a poll learned, merged with what was recorded while it ran ({@link PollMarks#after}). */
    void pollCompleted(PollMarks.Progress progress);

    /** One job's claim on capacity. */
    record Lease(double cores, Instant admittedAt) {
        public Lease {
            if (!(cores > 0)) {
                throw new IllegalArgumentException("The value for cores must be greater than zero, was " + cores + ".");
            }
            Objects.requireNonNull(admittedAt, "admittedAt");
        }
    }

    /**
     * The whole ledger state.
     *
     * @param leases        by job id
     * @param creates       admission times within the last hour, oldest first
     * @param pausedUntil   creates are refused before this instant; null when not paused
     * @param throttleLevel the 5-minute create budget is divided by 2^throttleLevel
     * @param reducedUntil  when the reduced budget ends; null when the full budget applies
     * @param deletes       container-group deletes charged within the last hour, by group key
     * @param marks         what PollWork needs to skip work on an idle tick
     * @param quotas        the latest usage API reading per region ({@link RegionQuota})
     */
    record Snapshot(Map<String, Lease> leases, List<Instant> creates, Instant pausedUntil, int throttleLevel,
                    Instant reducedUntil, Map<String, Instant> deletes, PollMarks marks,
                    Map<String, RegionQuota> quotas) {
        public static final Snapshot EMPTY = new Snapshot(Map.of(), List.of(), null, 0, null);

        public Snapshot {
            leases = Map.copyOf(leases);
            creates = creates.stream().sorted().toList();
            deletes = deletes == null ? Map.of() : Map.copyOf(deletes);
            if (throttleLevel < 0) {
                throw new IllegalArgumentException("The value for throttleLevel must not be negative, was "
                        + throttleLevel + ".");
            }
            marks = marks == null ? PollMarks.NONE : marks;
            quotas = quotas == null ? Map.of() : Map.copyOf(quotas);
        }

        /** A snapshot without a usage reading. */
        public Snapshot(Map<String, Lease> leases, List<Instant> creates, Instant pausedUntil, int throttleLevel,
                        Instant reducedUntil, Map<String, Instant> deletes, PollMarks marks) {
            this(leases, creates, pausedUntil, throttleLevel, reducedUntil, deletes, marks, Map.of());
        }

        /** The same snapshot with {@code quota} as its region's latest reading. */
        Snapshot withQuota(RegionQuota quota) {
            Map<String, RegionQuota> next = new java.util.HashMap<>(quotas);
            next.put(quota.location(), quota);
            return new Snapshot(leases, creates, pausedUntil, throttleLevel, reducedUntil, deletes, marks, next);
        }

        /** A snapshot with no deletes counted that PollWork has never seen ({@link PollMarks#NONE}). */
        public Snapshot(Map<String, Lease> leases, List<Instant> creates, Instant pausedUntil, int throttleLevel,
                        Instant reducedUntil) {
            this(leases, creates, pausedUntil, throttleLevel, reducedUntil, Map.of(), PollMarks.NONE, Map.of());
        }

        Snapshot withMarks(PollMarks next) {
            return new Snapshot(leases, creates, pausedUntil, throttleLevel, reducedUntil, deletes, next, quotas);
        }

        /** The same snapshot with these deletes counted. */
        Snapshot withDeletes(Map<String, Instant> newDeletes) {
            return new Snapshot(leases, creates, pausedUntil, throttleLevel, reducedUntil, newDeletes, marks, quotas);
        }

        /** Deletes counted strictly after {@code instant}. */
        public int deletesAfter(Instant instant) {
            return (int) deletes.values().stream().filter(d -> d.isAfter(instant)).count();
        }

        public int activeJobs() {
            return leases.size();
        }

        public double activeCores() {
            return leases.values().stream().mapToDouble(Lease::cores).sum();
        }

        /** Creates recorded strictly after {@code instant}. */
        public int createsAfter(Instant instant) {
            return (int) creates.stream().filter(c -> c.isAfter(instant)).count();
        }
    }
}
