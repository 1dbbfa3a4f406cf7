package dev.acidispatch.admission;

import dev.acidispatch.admission.LedgerRules.Change;
import dev.acidispatch.log.JobLog;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/** The ledger operations on top of one atomic read-modify-write of the whole {@link Snapshot}. */
abstract class StateLedger implements AdmissionLedger {
    private static final JobLog LOG = JobLog.of(AdmissionLedger.class);

    final AdmissionLimits limits;

    StateLedger(AdmissionLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Applies {@code change} to the current snapshot and stores its result atomically, unless it returned the same
     * snapshot instance (then nothing is written). {@code change} may run more than once and must be pure.
     */
    abstract <T> T modify(Function<Snapshot, Change<T>> change);

    @Override
    public Admission tryAdmit(String jobId, double cores, Instant now) {
        Admission admission = modify(s -> LedgerRules.tryAdmit(s, limits, jobId, cores, now));
        if (!admission.admitted()) {
            LOG.fine(jobId, JobLog.currentStep("admission"), () -> "not admitted: " + admission.reason());
        }
        return admission;
    }

    @Override
    public Admission tryAdmit(String jobId, double cores, String location, Instant now) {
        Admission admission = modify(s -> LedgerRules.tryAdmit(s, limits, jobId, cores, location, now));
        if (!admission.admitted()) {
            LOG.fine(jobId, JobLog.currentStep("admission"), () -> "not admitted: " + admission.reason());
        }
        return admission;
    }

    @Override
    public void quotaRead(RegionQuota quota) {
        modify(s -> new Change<>(LedgerRules.quotaRead(s, quota), null));
    }

    @Override
    public void release(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        modify(s -> LedgerRules.release(s, jobId));
    }

    @Override
    public void throttled(Duration retryAfter, Instant now) {
        modify(s -> new Change<>(LedgerRules.throttled(s, retryAfter, now), null));
        LOG.warning(JobLog.currentJob(), JobLog.currentStep("admission"), () -> "arm-throttled: pausing creates for "
                + retryAfter + " and reducing the 5-minute create budget");
    }

    @Override
    public void deferralRecorded() {
        modify(s -> new Change<>(LedgerRules.deferralRecorded(s), null));
    }

    @Override
    public void schedulesChanged() {
        modify(s -> new Change<>(LedgerRules.schedulesChanged(s), null));
    }

    @Override
    public void pollCompleted(PollMarks.Progress progress) {
        Objects.requireNonNull(progress, "progress");
        modify(s -> new Change<>(LedgerRules.pollCompleted(s, progress), null));
    }

    @Override
    public Optional<Instant> tryDelete(String key, Instant now) {
        Optional<Instant> retryAt = modify(s -> LedgerRules.tryDelete(s, limits, key, now));
        retryAt.ifPresent(at -> LOG.fine(JobLog.currentJob(), JobLog.currentStep("cleanup"), () -> "delete of " + key + " waits for the delete budget until " + at));
        return retryAt;
    }

    @Override
    public void refundDelete(String key) {
        Objects.requireNonNull(key, "key");
        modify(s -> LedgerRules.refundDelete(s, key));
    }

    @Override
    public int reconcile(Predicate<String> stillActive, Instant now) {
        return reconcile(snapshot(), stillActive, now);
    }

    @Override
    public int reconcile(Snapshot seen, Predicate<String> stillActive, Instant now) {
        Objects.requireNonNull(seen, "seen");
        Objects.requireNonNull(stillActive, "stillActive");
        Set<String> stale = new LinkedHashSet<>();
        for (String jobId : seen.leases().keySet()) {
            if (!stillActive.test(jobId)) {
                stale.add(jobId);
            }
        }
        if (stale.isEmpty() && LedgerRules.tidy(seen, now) == seen) {
            return 0; // nothing to drop or forget: no second read, no write
        }
        int dropped = releaseAndTidy(stale, now);
        if (dropped > 0) {
            LOG.info(JobLog.NO_JOB, "admission", () -> "dropped " + dropped + " lease(s) of finished or unknown jobs: " + stale);
        }
        return dropped;
    }

    /** Releases the stale leases and forgets what is over, in what the ledger stores; returns the leases dropped. */
    int releaseAndTidy(Set<String> stale, Instant now) {
        return modify(s -> LedgerRules.releaseAndTidy(s, stale, now));
    }
}
