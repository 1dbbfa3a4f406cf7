package dev.acidispatch.admission;

import java.util.List;

/**
 * What one {@link WorkPoller#poll} did.
 *
 * @param schedulesFired   job ids started by schedules in this poll
 * @param deferredReleased job ids put back on the jobs queue
 * @param leasesReconciled leases dropped because their job finished or is unknown
 * @param sweep            the orphan sweep
 * @param errors           steps that failed (each retried on the next poll), without secrets
 */
public record PollReport(List<String> schedulesFired, List<String> deferredReleased, int leasesReconciled,
                         SweepReport sweep, List<String> errors) {
    public PollReport {
        schedulesFired = List.copyOf(schedulesFired);
        deferredReleased = List.copyOf(deferredReleased);
        errors = List.copyOf(errors);
    }

    public int orphansDeleted() {
        return sweep.deleted().size();
    }

    /** One line for the function log. */
    public String summary() {
        return "schedules fired " + schedulesFired.size() + ", deferred released " + deferredReleased.size()
                + ", leases reconciled " + leasesReconciled + ", orphans deleted " + orphansDeleted()
                + (sweep.failures().isEmpty() ? "" : ", sweep failures " + sweep.failures())
                + (errors.isEmpty() ? "" : ", errors " + errors);
    }
}
