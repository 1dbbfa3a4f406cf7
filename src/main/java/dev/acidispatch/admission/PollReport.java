package dev.acidispatch.admission;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one {@link WorkPoller#poll} did.
 *
 * @param schedulesFired   job ids started by schedules in this poll
 * @param deferredReleased job ids put back on the jobs queue
 * @param leasesReconciled leases dropped because their job finished or is unknown
 * @param sweep            the orphan sweep
 * @param errors           steps that failed (each retried on the next poll), without secrets
 * @param steps            the steps this poll ran (none: an idle tick, one ledger read)
 */
public record PollReport(List<String> schedulesFired, List<String> deferredReleased, int leasesReconciled,
                         SweepReport sweep, List<String> errors, Set<Step> steps) {
    /** The steps of a poll; {@link #FULL_CHECK} marks a poll that ran all of them whatever the ledger said. */
    public enum Step { RECONCILE, SCHEDULES, DEFERRED, SWEEP, FULL_CHECK }

    public PollReport {
        schedulesFired = List.copyOf(schedulesFired);
        deferredReleased = List.copyOf(deferredReleased);
        errors = List.copyOf(errors);
        steps = Set.copyOf(steps);
    }

    public int orphansDeleted() {
        return sweep.deleted().size();
    }

    /** Whether this poll only read the ledger. */
    public boolean idle() {
        return steps.isEmpty();
    }

    /** One line for the function log. */
    public String summary() {
        if (idle() && errors.isEmpty()) {
            return "idle (nothing to do: admission ledger read only)";
        }
        return "schedules fired " + schedulesFired.size() + ", deferred released " + deferredReleased.size()
                + ", leases reconciled " + leasesReconciled + ", orphans deleted " + orphansDeleted()
                + ", steps " + new TreeSet<>(steps)
                + (sweep.failures().isEmpty() ? "" : ", sweep failures " + sweep.failures())
                + (errors.isEmpty() ? "" : ", errors " + errors);
    }
}
