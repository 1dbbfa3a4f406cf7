package dev.acidispatch.admission;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What PollWork needs to know to do nothing on an idle tick, kept in the admission ledger's control row so that an idle
 * tick costs exactly one storage read (the ledger, which it reads anyway for leases):
 * <ul>
 *   <li>{@code deferrals} counts jobs that became DEFERRED (each writer counts after the record says DEFERRED);
 *       {@code deferralsSettled} is the count up to which a scan found nothing left waiting, and
 *       {@code deferredWaiting} says the last scan left jobs waiting for capacity. Deferred jobs are looked for only
 *       when one of the two says so.</li>
 *   <li>{@code scheduleChanges} counts schedule adds and removals (counted after the change is stored);
 *       {@code schedulesReadFor} is the count the poller last read the schedules at, and {@code nextScheduleDue} the
 *       earliest instant one of them is due (jitter included; null: none). Schedules are read when they changed or
 *       when that instant has come.</li>
 *   <li>{@code sweptAt} and {@code checkedAt}: the last orphan sweep and the last full check (every step, whatever
 *       the marks say: the safety net for a writer that stored its change but died before counting it).</li>
 * </ul>
 * Counters only grow, so a poller that stores what it learned never hides a change made while it was working: it
 * stores "settled up to n" or "read for n", and a later change makes the count larger than n.
 */
public record PollMarks(long deferrals, long deferralsSettled, boolean deferredWaiting, long scheduleChanges,
                        long schedulesReadFor, Instant nextScheduleDue, Instant sweptAt, Instant checkedAt) {
    /** A ledger that has never been polled: everything is unknown, so the first poll does a full check. */
    public static final PollMarks NONE = new PollMarks(0, 0, false, 0, -1, null, null, null);

    public PollMarks {
        if (deferrals < 0 || deferralsSettled < 0 || deferralsSettled > deferrals) {
            throw new IllegalArgumentException("The values for deferrals and deferralsSettled must satisfy "
                    + "0 <= deferralsSettled <= deferrals, were " + deferralsSettled + " and " + deferrals + ".");
        }
        if (scheduleChanges < 0 || schedulesReadFor < -1 || schedulesReadFor > scheduleChanges) {
            throw new IllegalArgumentException("The values for scheduleChanges and schedulesReadFor must satisfy "
                    + "-1 <= schedulesReadFor <= scheduleChanges, were " + schedulesReadFor + " and " + scheduleChanges + ".");
        }
    }

    /** Whether the full check is due: never done, or at least {@code interval} ago. */
    public boolean fullCheckDue(Instant now, Duration interval) {
        return checkedAt == null || !now.isBefore(checkedAt.plus(interval));
    }

    /** Whether a job may be waiting in DEFERRED. */
    public boolean deferredMayWait() {
        return deferredWaiting || deferrals != deferralsSettled;
    }

    /** Whether the schedules changed since they were last read, or one of them is due. */
    public boolean schedulesDue(Instant now) {
        return schedulesReadFor != scheduleChanges || (nextScheduleDue != null && !now.isBefore(nextScheduleDue));
    }

    /** Whether the last sweep was at least {@code interval} ago (or never happened). */
    public boolean sweepDue(Instant now, Duration interval) {
        return sweptAt == null || !now.isBefore(sweptAt.plus(interval));
    }

    PollMarks withDeferral() {
        return new PollMarks(deferrals + 1, deferralsSettled, deferredWaiting, scheduleChanges, schedulesReadFor,
                nextScheduleDue, sweptAt, checkedAt);
    }

    PollMarks withScheduleChange() {
        return new PollMarks(deferrals, deferralsSettled, deferredWaiting, scheduleChanges + 1, schedulesReadFor,
                nextScheduleDue, sweptAt, checkedAt);
    }

    /**
     * The marks after a poll's {@code progress}, merged into the current marks (which may hold deferrals and schedule
     * changes recorded while the poll ran: those keep their effect).
     */
    PollMarks after(Progress progress) {
        Objects.requireNonNull(progress, "progress");
        long settled = deferralsSettled;
        boolean waiting = deferredWaiting;
        if (progress.deferredScanned()) {
            waiting = progress.deferredLeftWaiting();
            if (!waiting) {
                settled = Math.max(settled, Math.min(progress.deferralsSeen(), deferrals));
            }
        }
        long readFor = schedulesReadFor;
        Instant nextDue = nextScheduleDue;
        if (progress.schedulesRead() && progress.scheduleChangesSeen() == scheduleChanges) {
            readFor = progress.scheduleChangesSeen();
            nextDue = progress.nextScheduleDue();
        }
        return new PollMarks(deferrals, settled, waiting, scheduleChanges, readFor, nextDue,
                progress.swept() ? progress.at() : sweptAt, progress.fullCheck() ? progress.at() : checkedAt);
    }

    /**
     * What one poll did, against the marks it read.
     *
     * @param at                  the poll's time
     * @param fullCheck           every step ran (the safety net)
     * @param swept               the orphan sweep ran and completed
     * @param schedulesRead       the schedules were read and each one handled without error
     * @param scheduleChangesSeen {@link #scheduleChanges} as read before reading the schedules
     * @param nextScheduleDue     the earliest instant a schedule is due after this poll, null when none is
     * @param deferredScanned     the DEFERRED records were scanned completely
     * @param deferralsSeen       {@link #deferrals} as read before the scan
     * @param deferredLeftWaiting the scan left jobs in DEFERRED (no capacity, or a step failed)
     */
    public record Progress(Instant at, boolean fullCheck, boolean swept, boolean schedulesRead,
                           long scheduleChangesSeen, Instant nextScheduleDue, boolean deferredScanned,
                           long deferralsSeen, boolean deferredLeftWaiting) {
        public Progress {
            Objects.requireNonNull(at, "at");
        }

        /** Nothing learned beyond the time: marks stay as they are. */
        boolean learnedNothing() {
            return !fullCheck && !swept && !schedulesRead && !deferredScanned;
        }
    }
}
