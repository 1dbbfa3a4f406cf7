package dev.acidispatch.admission;

import dev.acidispatch.admission.AdmissionLedger.Lease;
import dev.acidispatch.admission.AdmissionLedger.Snapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The admission rules as pure functions from one {@link Snapshot} to the next, so every ledger implementation only
 * has to store snapshots atomically and the semantics cannot drift apart.
 */
final class LedgerRules {
    static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
    static final Duration HOUR = Duration.ofHours(1);
    /** Halving stops here: 1/64 of the budget (and never below one create). */
    static final int MAX_THROTTLE_LEVEL = 6;
    private static final double CORE_EPSILON = 1e-9;

    /** A change: the next snapshot (the same instance when nothing changes) and what to answer. */
    record Change<T>(Snapshot next, T result) {
    }

    private LedgerRules() {
    }

    /** Forgets creates older than an hour and a pause or reduction that has ended. */
    static Snapshot tidy(Snapshot s, Instant now) {
        Instant hourAgo = now.minus(HOUR);
        boolean stale = s.creates().stream().anyMatch(c -> !c.isAfter(hourAgo));
        boolean staleDeletes = s.deletes().values().stream().anyMatch(d -> !d.isAfter(hourAgo));
        boolean pauseOver = s.pausedUntil() != null && !now.isBefore(s.pausedUntil());
        boolean reductionOver = s.reducedUntil() != null && !now.isBefore(s.reducedUntil());
        if (!stale && !staleDeletes && !pauseOver && !reductionOver) {
            return s;
        }
        List<Instant> creates = stale ? s.creates().stream().filter(c -> c.isAfter(hourAgo)).toList() : s.creates();
        Map<String, Instant> deletes = new HashMap<>(s.deletes());
        deletes.values().removeIf(d -> !d.isAfter(hourAgo));
        return new Snapshot(s.leases(), creates, pauseOver ? null : s.pausedUntil(),
                reductionOver ? 0 : s.throttleLevel(), reductionOver ? null : s.reducedUntil(), deletes, s.marks(),
                s.quotas());
    }

    /**
     * One delete for {@code key} if both delete windows have room (or the key was charged within the hour); else the
     * instant the tighter window has room again.
     */
    static Change<Optional<Instant>> tryDelete(Snapshot current, AdmissionLimits limits, String key, Instant now) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(now, "now");
        Snapshot s = tidy(current, now);
        if (s.deletes().containsKey(key)) {
            return new Change<>(current, Optional.empty());
        }
        List<Instant> times = s.deletes().values().stream().sorted().toList();
        Instant retryAt = null;
        for (Admission refusal : new Admission[]{
                windowRefusal(times, now, FIVE_MINUTES, limits.deletesPer5Min(), "deletes in the last 5 minutes", ""),
                windowRefusal(times, now, HOUR, limits.deletesPerHour(), "deletes in the last hour", "")}) {
            if (refusal != null && (retryAt == null || refusal.retryAt().isAfter(retryAt))) {
                retryAt = refusal.retryAt();
            }
        }
        if (retryAt != null) {
            return new Change<>(current, Optional.of(retryAt));
        }
        Map<String, Instant> deletes = new HashMap<>(s.deletes());
        deletes.put(key, now);
        return new Change<>(s.withDeletes(deletes), Optional.empty());
    }

    static Change<Boolean> refundDelete(Snapshot s, String key) {
        if (!s.deletes().containsKey(key)) {
            return new Change<>(s, false);
        }
        Map<String, Instant> deletes = new HashMap<>(s.deletes());
        deletes.remove(key);
        return new Change<>(s.withDeletes(deletes), true);
    }

    static int effectiveCreatesPer5Min(Snapshot s, AdmissionLimits limits) {
        return Math.max(1, limits.createsPer5Min() >> s.throttleLevel());
    }

    static Change<Admission> tryAdmit(Snapshot current, AdmissionLimits limits, String jobId, double cores,
                                      Instant now) {
        return tryAdmit(current, limits, jobId, cores, null, now);
    }

    /**
     * The real-quota bound: ACI's usage API said {@code used} of {@code limit} at {@code readAt}; leases admitted
     * since then are not in that count yet (the next reading has them). Releases since then are not credited: a
     * group being deleted still counts against ACI's quota (containerInstance.json 2023-05-01: delete is 202 "Delete
     * started"). Null when the job fits.
     */
    static Admission quotaRefusal(Snapshot s, AdmissionLimits limits, String location, double cores, Instant now) {
        if (location == null) {
            return null;
        }
        RegionQuota quota = s.quotas().get(RegionQuota.region(location));
        if (quota == null || !quota.isFresh(now)) {
            return null;
        }
        List<Lease> since = s.leases().values().stream().filter(l -> !l.admittedAt().isBefore(quota.readAt())).toList();
        int groupsLeft = quota.groupsLimit() - quota.groupsUsed() - since.size();
        if (groupsLeft < 1) {
            return Admission.no("ACI's quota in " + quota.location() + " binds (usage API at " + quota.readAt()
                    + "): container groups " + quota.groupsUsed() + " of " + quota.groupsLimit() + " in use"
                    + (since.isEmpty() ? "" : " + " + since.size() + " admitted since")
                    + "; the configured limit (" + limits.maxActiveJobs() + " active jobs) is higher", null);
        }
        double coresSince = since.stream().mapToDouble(Lease::cores).sum();
        double coresLeft = quota.coresLimit() - quota.coresUsed() - coresSince;
        if (cores > coresLeft + CORE_EPSILON) {
            return Admission.no("ACI's quota in " + quota.location() + " binds (usage API at " + quota.readAt()
                    + "): standard cores " + number(quota.coresUsed()) + " of " + number(quota.coresLimit())
                    + " in use" + (coresSince > 0 ? " + " + number(coresSince) + " admitted since" : "") + ", "
                    + number(cores) + " requested; the configured limit (" + limits.maxActiveCores()
                    + " active cores) is higher", null);
        }
        return null;
    }

    static Change<Admission> tryAdmit(Snapshot current, AdmissionLimits limits, String jobId, double cores,
                                      String location, Instant now) {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(now, "now");
        if (!(cores > 0) || Double.isInfinite(cores)) {
            throw new IllegalArgumentException("The value for cores must be a positive number, was " + cores + ".");
        }
        if (current.leases().containsKey(jobId)) {
            return new Change<>(current, Admission.yes("already admitted"));
        }
        // Refusals answer from the tidied view but store nothing: no write for a job that must wait.
        Snapshot s = tidy(current, now);
        if (s.pausedUntil() != null) {
            return new Change<>(current, Admission.no("creates paused after ARM throttling until " + s.pausedUntil(),
                    s.pausedUntil()));
        }
        if (s.activeJobs() >= limits.maxActiveJobs()) {
            return new Change<>(current, Admission.no("active jobs: " + s.activeJobs() + " of " + limits.maxActiveJobs()
                    + " (the configured limit)", null));
        }
        double activeCores = s.activeCores();
        if (s.activeJobs() > 0 && activeCores + cores > limits.maxActiveCores() + CORE_EPSILON) {
            return new Change<>(current, Admission.no("active cores: " + number(activeCores) + " in use + " + number(cores)
                    + " requested exceeds " + limits.maxActiveCores() + " (the configured limit)", null));
        }
        Admission quotaRefused = quotaRefusal(s, limits, location, cores, now);
        if (quotaRefused != null) {
            return new Change<>(current, quotaRefused);
        }
        int fiveMinuteBudget = effectiveCreatesPer5Min(s, limits);
        Admission refused = windowRefusal(s.creates(), now, FIVE_MINUTES, fiveMinuteBudget,
                "creates in the last 5 minutes", s.throttleLevel() == 0 ? ""
                        : " (budget of " + limits.createsPer5Min() + " reduced after ARM throttling until "
                        + s.reducedUntil() + ")");
        if (refused == null) {
            refused = windowRefusal(s.creates(), now, HOUR, limits.createsPerHour(), "creates in the last hour", "");
        }
        if (refused != null) {
            return new Change<>(current, refused);
        }
        Map<String, Lease> leases = new HashMap<>(s.leases());
        leases.put(jobId, new Lease(cores, now));
        List<Instant> creates = new ArrayList<>(s.creates());
        creates.add(now);
        return new Change<>(new Snapshot(leases, creates, s.pausedUntil(), s.throttleLevel(), s.reducedUntil(),
                s.deletes(), s.marks(), s.quotas()), Admission.yes("admitted"));
    }

    /** Null when the window has room, else the refusal with the instant the oldest counted create leaves it. */
    private static Admission windowRefusal(List<Instant> creates, Instant now, Duration window, int budget,
                                           String label, String note) {
        Instant start = now.minus(window);
        List<Instant> inWindow = creates.stream().filter(c -> c.isAfter(start)).toList();
        if (inWindow.size() < budget) {
            return null;
        }
        // Room for one more once (size - budget + 1) of the oldest have left the window.
        Instant retryAt = inWindow.get(inWindow.size() - budget).plus(window);
        return Admission.no(label + ": " + inWindow.size() + " of " + budget + note, retryAt);
    }

    static Change<Boolean> release(Snapshot s, String jobId) {
        if (!s.leases().containsKey(jobId)) {
            return new Change<>(s, false);
        }
        Map<String, Lease> leases = new HashMap<>(s.leases());
        leases.remove(jobId);
        return new Change<>(new Snapshot(leases, s.creates(), s.pausedUntil(), s.throttleLevel(), s.reducedUntil(),
                s.deletes(), s.marks(), s.quotas()), true);
    }

    /** Releases the leases of {@code jobIds}, then forgets what is over by {@code now}: a reconcile's change. */
    static Change<Integer> releaseAndTidy(Snapshot s, Set<String> jobIds, Instant now) {
        Change<Integer> released = releaseAll(s, jobIds);
        return new Change<>(tidy(released.next(), now), released.result());
    }

    static Change<Integer> releaseAll(Snapshot s, Set<String> jobIds) {
        Map<String, Lease> leases = new HashMap<>(s.leases());
        int dropped = 0;
        for (String jobId : jobIds) {
            if (leases.remove(jobId) != null) {
                dropped++;
            }
        }
        if (dropped == 0) {
            return new Change<>(s, 0);
        }
        return new Change<>(new Snapshot(leases, s.creates(), s.pausedUntil(), s.throttleLevel(), s.reducedUntil(),
                s.deletes(), s.marks(), s.quotas()), dropped);
    }

    static Snapshot throttled(Snapshot current, Duration retryAfter, Instant now) {
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("The value for retryAfter must not be negative, was " + retryAfter + ".");
        }
        Snapshot s = tidy(current, now);
        Instant pauseEnd = now.plus(retryAfter);
        Instant pausedUntil = s.pausedUntil() != null && s.pausedUntil().isAfter(pauseEnd) ? s.pausedUntil() : pauseEnd;
        Instant reducedUntil = pausedUntil.plus(FIVE_MINUTES);
        int level = Math.min(MAX_THROTTLE_LEVEL, s.throttleLevel() + 1);
        return new Snapshot(s.leases(), s.creates(), pausedUntil.isAfter(now) ? pausedUntil : null, level,
                reducedUntil, s.deletes(), s.marks(), s.quotas());
    }

    static Snapshot quotaRead(Snapshot s, RegionQuota quota) {
        Objects.requireNonNull(quota, "quota");
        return quota.equals(s.quotas().get(quota.location())) ? s : s.withQuota(quota);
    }

    static Snapshot deferralRecorded(Snapshot s) {
        return s.withMarks(s.marks().withDeferral());
    }

    static Snapshot schedulesChanged(Snapshot s) {
        return s.withMarks(s.marks().withScheduleChange());
    }

    /** The poll's progress merged into the marks; the same instance when nothing changes (so nothing is written). */
    static Snapshot pollCompleted(Snapshot s, PollMarks.Progress progress) {
        PollMarks next = s.marks().after(progress);
        return next.equals(s.marks()) ? s : s.withMarks(next);
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
