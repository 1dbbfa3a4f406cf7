package dev.acidispatch.admission;

import dev.acidispatch.job.FieldError;
import dev.acidispatch.job.InvalidJobException;
import dev.acidispatch.job.JobRecord;
import dev.acidispatch.job.JobStatus;
import dev.acidispatch.job.JobValidator;
import dev.acidispatch.job.ResolvedJob;
import dev.acidispatch.json.Json;
import dev.acidispatch.log.JobLog;
import dev.acidispatch.store.JobAlreadyExistsException;
import dev.acidispatch.store.JobStore;
import dev.acidispatch.store.MessageQueue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The timer's work, in this order: drop leases of finished or unknown jobs (frees capacity), start due schedule
 * occurrences, put DEFERRED jobs back on the jobs queue while the ledger has room, delete orphaned container groups.
 * Each step is safe to repeat and to run on two hosts at once; a failing step is reported and the others still run.
 *
 * <p>Quiet when idle: a tick first reads the admission ledger (one storage read) and runs a step only when the ledger
 * says it has something to do ({@link PollMarks}): leases to check, schedules that changed or are due, jobs that
 * were deferred since the backlog was last found empty, an orphan sweep due because jobs ran. So a tick with nothing
 * to do reads the ledger (one partition query) and writes nothing. A full check (every step, whatever the marks say) runs at least every
 * {@link Options#fullCheckInterval()}, as the safety net for a writer that died between storing its change and
 * counting it; the orphan sweep runs at most every {@link Options#sweepInterval()} while jobs run, and at the full
 * check otherwise.
 *
 * <p>Schedules: an occurrence is due at its scheduled time plus its jitter; each due occurrence becomes job
 * {@code <name>-<yyyyMMddHHmm>}, created as QUEUED and enqueued only by the poller whose create succeeded. After
 * downtime the schedule's {@link CatchUp} policy decides which missed occurrences run.
 *
 * <p>Deferred jobs are released in priority order (Regular before Spot), then oldest first, and the first one the
 * ledger refuses stops the release, so nothing younger overtakes it. The ledger lease is taken here; the dispatcher's
 * own admission of the same job is then free (leases are per job). The stored message is enqueued before the record
 * moves to QUEUED (a crash in between leaves a DEFERRED job that the next poll enqueues again: a duplicate message is
 * harmless because dispatch is idempotent), and the move only happens if the record is still the version read, so a
 * dispatcher that already took the job is never overwritten. The stored copy is deleted by the dispatcher once the
 * deployment is accepted: deleting it here could race with a dispatcher that defers the job again.
 */
public final class WorkPoller {
    private static final JobLog LOG = JobLog.of(WorkPoller.class);

    /**
     * @param onTimeWindow       an occurrence seen within this time after it was due is on time, not missed
     * @param maxReleasesPerPoll most deferred jobs put back per poll
     * @param scanLimit          most DEFERRED records read per poll
     * @param sweepInterval      least time between orphan sweeps while jobs run
     * @param fullCheckInterval  most time between full checks (every step, whatever the marks say)
     */
    public record Options(Duration onTimeWindow, int maxReleasesPerPoll, int scanLimit, Duration sweepInterval,
                          Duration fullCheckInterval) {
        public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMinutes(10);
        public static final Duration DEFAULT_FULL_CHECK_INTERVAL = Duration.ofHours(1);
        public static final Options DEFAULTS = new Options(Duration.ofMinutes(5), 500, 5000, DEFAULT_SWEEP_INTERVAL,
                DEFAULT_FULL_CHECK_INTERVAL);

        public Options {
            Objects.requireNonNull(onTimeWindow, "onTimeWindow");
            if (onTimeWindow.isNegative()) {
                throw new IllegalArgumentException("The value for onTimeWindow must not be negative, was "
                        + onTimeWindow + ".");
            }
            if (maxReleasesPerPoll < 1 || scanLimit < 1) {
                throw new IllegalArgumentException("The values for maxReleasesPerPoll and scanLimit must be at least 1,"
                        + " were " + maxReleasesPerPoll + " and " + scanLimit + ".");
            }
            Objects.requireNonNull(sweepInterval, "sweepInterval");
            Objects.requireNonNull(fullCheckInterval, "fullCheckInterval");
            if (sweepInterval.isNegative() || fullCheckInterval.isNegative()) {
                throw new IllegalArgumentException("The values for sweepInterval and fullCheckInterval must not be"
                        + " negative, were " + sweepInterval + " and " + fullCheckInterval + ".");
            }
        }

        /** With the default sweep and full-check intervals. */
        public Options(Duration onTimeWindow, int maxReleasesPerPoll, int scanLimit) {
            this(onTimeWindow, maxReleasesPerPoll, scanLimit, DEFAULT_SWEEP_INTERVAL, DEFAULT_FULL_CHECK_INTERVAL);
        }
    }

    private final ScheduleStore schedules;
    private final JobStore jobs;
    private final JobValidator validator;
    private final MessageQueue jobQueue;
    private final AdmissionLedger ledger;
    private final DeferredJobs deferred;
    private final OrphanSweeper sweeper;
    private final Options options;
    private final QuotaSource quotas;

    /**
     * Reads ACI's usage API for a region (PollWork calls it at most once per tick, for the default region). Empty
     * when it cannot tell; a failure is reported in the tick's errors and admission keeps the configured limits.
     */
    @FunctionalInterface
    public interface QuotaSource {
        Optional<RegionQuota> read(Instant now);

        QuotaSource NONE = now -> Optional.empty();

        /** From the ARM port: the usage of {@code location}'s container groups and standard cores. */
        static QuotaSource of(dev.acidispatch.arm.ContainerGroups arm, String location) {
            return now -> {
                try {
                    return arm.usage(location).flatMap(u -> fromUsage(u, location, now));
                } catch (dev.acidispatch.arm.AuthorizationFailedException e) {
                    // The usages API is at subscription scope; the app's role covers its resource group only unless
                    // the operator grants Microsoft.ContainerInstance/locations/usages/read on the subscription.
                    LOG.fine(JobLog.NO_JOB, "poll-work", () -> "ACI's usage API is not readable (" + e.denial().describe()
                            + "); admission keeps the configured limits");
                    return Optional.empty();
                }
            };
        }

        private static Optional<RegionQuota> fromUsage(dev.acidispatch.arm.RegionUsage u, String location,
                                                       Instant now) {
            {
                Optional<long[]> groups = u.get(dev.acidispatch.arm.RegionUsage.CONTAINER_GROUPS);
                Optional<long[]> cores = u.get(dev.acidispatch.arm.RegionUsage.STANDARD_CORES);
                if (groups.isEmpty() || cores.isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of(new RegionQuota(location, (int) groups.get()[0], (int) groups.get()[1],
                        cores.get()[0], cores.get()[1], now));
            }
        }
    }

    public WorkPoller(ScheduleStore schedules, JobStore jobs, JobValidator validator, MessageQueue jobQueue,
                      AdmissionLedger ledger, DeferredJobs deferred, OrphanSweeper sweeper, Options options) {
        this(schedules, jobs, validator, jobQueue, ledger, deferred, sweeper, options, QuotaSource.NONE);
    }

    /** @param quotas ACI's real quota for the default region, read at most once per tick */
    public WorkPoller(ScheduleStore schedules, JobStore jobs, JobValidator validator, MessageQueue jobQueue,
                      AdmissionLedger ledger, DeferredJobs deferred, OrphanSweeper sweeper, Options options,
                      QuotaSource quotas) {
        this.quotas = Objects.requireNonNull(quotas, "quotas");
        this.schedules = Objects.requireNonNull(schedules, "schedules");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.validator = Objects.requireNonNull(validator, "validator");
        this.jobQueue = Objects.requireNonNull(jobQueue, "jobQueue");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.deferred = Objects.requireNonNull(deferred, "deferred");
        this.sweeper = Objects.requireNonNull(sweeper, "sweeper");
        this.options = Objects.requireNonNull(options, "options");
    }

    public PollReport poll(Instant now) {
        Objects.requireNonNull(now, "now");
        List<String> errors = new ArrayList<>();
        AdmissionLedger.Snapshot seen = null;
        try {
            seen = ledger.snapshot();
        } catch (RuntimeException e) {
            errors.add(failure("read the admission ledger", e));
        }
        PollMarks marks = seen == null ? PollMarks.NONE : seen.marks();
        Set<PollReport.Step> steps = plan(seen, marks, now);
        boolean fullCheck = steps.contains(PollReport.Step.FULL_CHECK);

        int reconciled = 0;
        if (steps.contains(PollReport.Step.RECONCILE)) {
            try {
                reconciled = seen == null ? ledger.reconcile(this::isActive, now)
                        : ledger.reconcile(seen, this::isActive, now);
            } catch (RuntimeException e) {
                errors.add(failure("reconcile leases", e));
            }
        }
        List<String> fired = new ArrayList<>();
        boolean schedulesRead = false;
        Instant nextScheduleDue = null;
        if (steps.contains(PollReport.Step.SCHEDULES)) {
            try {
                boolean allHandled = true;
                for (Schedule schedule : schedules.list()) {
                    try {
                        Instant handledThrough = fireDue(schedule, now, fired);
                        nextScheduleDue = earlier(nextScheduleDue, nextDue(schedule, handledThrough));
                    } catch (RuntimeException e) {
                        allHandled = false;
                        errors.add(failure("schedule " + schedule.name(), e));
                    }
                }
                schedulesRead = allHandled;
            } catch (RuntimeException e) {
                errors.add(failure("list schedules", e));
            }
        }
        if (steps.contains(PollReport.Step.DEFERRED) || steps.contains(PollReport.Step.RECONCILE)) {
            // Once per tick while jobs hold leases or wait (an idle tick calls no ARM): the region's real remaining
            // quota, for this tick's admissions and the dispatchers' until the next reading.
            try {
                quotas.read(now).ifPresent(ledger::quotaRead);
            } catch (RuntimeException e) {
                errors.add(failure("read ACI's usage API", e));
            }
        }
        List<String> released = new ArrayList<>();
        Release release = null;
        if (steps.contains(PollReport.Step.DEFERRED)) {
            try {
                release = releaseDeferred(now, released);
            } catch (RuntimeException e) {
                errors.add(failure("release deferred jobs", e));
            }
        }
        SweepReport sweep = new SweepReport(0, List.of(), List.of());
        boolean swept = false;
        if (steps.contains(PollReport.Step.SWEEP)) {
            try {
                sweep = sweeper.sweep(now);
                swept = sweep.failures().isEmpty();
            } catch (RuntimeException e) {
                errors.add(failure("sweep orphans", e));
            }
        }
        PollMarks.Progress progress = new PollMarks.Progress(now, fullCheck && errors.isEmpty(), swept, schedulesRead,
                marks.scheduleChanges(), nextScheduleDue, release != null && release.complete(), marks.deferrals(),
                release == null || release.leftWaiting());
        if (seen != null && !progress.learnedNothing()) {
            try {
                ledger.pollCompleted(progress);
            } catch (RuntimeException e) {
                errors.add(failure("store the poll marks", e));
            }
        }
        return new PollReport(fired, released, reconciled, sweep, errors, steps);
    }

    /**
     * Which steps this tick runs, from the one ledger read: everything at a full check (or when the ledger could not
     * be read); otherwise reconcile while leases exist, schedules when they changed or are due, deferred jobs when
     * some may wait, and the orphan sweep every {@link Options#sweepInterval()} while leases exist or groups were
     * created since the last sweep.
     */
    private Set<PollReport.Step> plan(AdmissionLedger.Snapshot seen, PollMarks marks, Instant now) {
        Set<PollReport.Step> steps = EnumSet.noneOf(PollReport.Step.class);
        if (seen == null || marks.fullCheckDue(now, options.fullCheckInterval())) {
            steps.addAll(EnumSet.allOf(PollReport.Step.class));
            return steps;
        }
        boolean leases = !seen.leases().isEmpty();
        boolean createdSinceSweep = marks.sweptAt() == null
                || seen.creates().stream().anyMatch(c -> c.isAfter(marks.sweptAt()));
        if (leases) {
            steps.add(PollReport.Step.RECONCILE);
        }
        if (marks.schedulesDue(now)) {
            steps.add(PollReport.Step.SCHEDULES);
        }
        if (marks.deferredMayWait()) {
            steps.add(PollReport.Step.DEFERRED);
        }
        if ((leases || createdSinceSweep) && marks.sweepDue(now, options.sweepInterval())) {
            steps.add(PollReport.Step.SWEEP);
        }
        return steps;
    }

    /**
     * The earliest instant the schedule is due after its occurrences up to {@code handledThrough} were handled: the
     * least of occurrence + jitter over the following occurrences (jitter is at most an hour, so only those before
     * the first one's due time can be earlier). Null when the expression has no later occurrence.
     */
    static Instant nextDue(Schedule schedule, Instant handledThrough) {
        Optional<Instant> first = schedule.parsedCron().next(handledThrough);
        if (first.isEmpty()) {
            return null;
        }
        Instant best = first.get().plus(schedule.jitterFor(first.get()));
        Instant occurrence = first.get();
        while (true) {
            Optional<Instant> next = schedule.parsedCron().next(occurrence);
            if (next.isEmpty() || !next.get().isBefore(best)) {
                return best;
            }
            occurrence = next.get();
            Instant due = occurrence.plus(schedule.jitterFor(occurrence));
            if (due.isBefore(best)) {
                best = due;
            }
        }
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null ? b : b == null ? a : (b.isBefore(a) ? b : a);
    }

    private boolean isActive(String jobId) {
        return jobs.get(jobId).map(r -> !r.status().isTerminal()).orElse(false);
    }

    /** The occurrences to run now under the schedule's catch-up policy, oldest first. */
    static List<Instant> dueOccurrences(Schedule schedule, Instant now, Duration onTimeWindow, List<Instant> due) {
        if (due.isEmpty()) {
            return List.of();
        }
        List<Instant> chosen = switch (schedule.catchUp()) {
            case LATEST -> List.of(due.get(0));
            case ALL -> new ArrayList<>(due.subList(0, Math.min(CatchUp.MAX_ALL, due.size())));
            case NONE -> {
                Instant latest = due.get(0);
                Instant dueAt = latest.plus(schedule.jitterFor(latest));
                yield dueAt.plus(onTimeWindow).isBefore(now) ? List.of() : List.of(latest);
            }
        };
        List<Instant> oldestFirst = new ArrayList<>(chosen);
        Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    /** Fires the schedule's due occurrences into {@code fired}; returns the occurrence it is now handled through. */
    private Instant fireDue(Schedule schedule, Instant now, List<String> fired) {
        Instant since = schedule.lastFiredFor() != null ? schedule.lastFiredFor() : schedule.createdAt();
        // Most recent first; a few beyond MAX_ALL so occurrences still inside their jitter do not crowd out due ones.
        List<Instant> due = schedule.parsedCron().occurrencesBackwards(since, now, CatchUp.MAX_ALL + 16).stream()
                .filter(t -> !t.plus(schedule.jitterFor(t)).isAfter(now))
                .toList();
        if (due.isEmpty()) {
            return since;
        }
        List<String> firedNow = new ArrayList<>();
        // Occurrences run together by catch-up compare with the run before them, not with each other: catch-up "all"
        // means run every missed occurrence.
        for (Instant occurrence : dueOccurrences(schedule, now, options.onTimeWindow(), due)) {
            fire(schedule, occurrence, now).ifPresent(firedNow::add);
        }
        Instant handled = due.get(0);
        if (firedNow.isEmpty() && schedule.catchUp() == CatchUp.NONE) {
            LOG.info(JobLog.NO_JOB, "schedule", () -> "schedule " + schedule.name()
                    + ": skipped missed occurrences up to " + handled + " (catch-up none)");
        }
        schedules.markFired(schedule.name(), handled);
        fired.addAll(firedNow);
        return handled;
    }

    /** Creates and enqueues the occurrence's job; empty when another poller (or an earlier poll) already did. */
    private Optional<String> fire(Schedule schedule, Instant occurrence, Instant now) {
        String jobId = schedule.jobIdFor(occurrence);
        ResolvedJob job;
        try {
            job = validator.resolve(schedule.messageFor(occurrence));
        } catch (InvalidJobException e) {
            List<String> errors = e.errors().stream().map(FieldError::toString).toList();
            jobs.createOrGet(JobRecord.rejected(jobId, errors, now).withSchedule(schedule.name()));
            LOG.warning(jobId, "schedule", () -> "schedule " + schedule.name() + ": occurrence " + occurrence + " rejected: " + errors);
            return Optional.empty();
        }
        Optional<JobRecord> previous = activePreviousRun(schedule, jobId);
        if (previous.isPresent() && schedule.overlap() == OverlapPolicy.SKIP) {
            return skip(schedule, occurrence, job, previous.get(), now);
        }
        if (previous.isPresent() && schedule.overlap() == OverlapPolicy.CANCEL_PREVIOUS) {
            cancelPrevious(schedule, previous.get(), jobId, now);
        }
        try {
            jobs.create(job.queuedRecord(now).withSchedule(schedule.name()));
        } catch (JobAlreadyExistsException e) {
            // We only get here for occurrences the schedule is not yet marked past, and a finished poll always marks
            // them: so a QUEUED record means its poller died before enqueueing (or is racing us). Enqueue it again
            // rather than leave it QUEUED forever; a duplicate message is harmless because dispatch is idempotent.
            if (e.existing().status() == JobStatus.QUEUED) {
                jobQueue.send(Json.write(job.toMessage()));
                schedules.markStarted(schedule.name(), jobId);
                LOG.info(jobId, "schedule", () -> "schedule " + schedule.name() + ": re-enqueued the job (its record"
                        + " was created but the poll that made it did not finish)");
            }
            return Optional.empty();
        }
        jobQueue.send(Json.write(job.toMessage()));
        schedules.markStarted(schedule.name(), jobId);
        LOG.info(jobId, "schedule", () -> "schedule " + schedule.name() + ": started the run for " + occurrence);
        return Optional.of(jobId);
    }

    /** The schedule's latest started run, when it is not this occurrence's and has not finished. */
    private Optional<JobRecord> activePreviousRun(Schedule schedule, String jobId) {
        String last = schedule.lastRunJobId();
        if (last == null || last.equals(jobId)) {
            return Optional.empty();
        }
        return jobs.get(last).filter(r -> !r.status().isTerminal());
    }

    /**
     * Overlap "skip": the occurrence's job record is created already CANCELLED with the reason. Creating it is the
     * decision, made once across pollers: one that finds the record existing does nothing more.
     */
    private Optional<String> skip(Schedule schedule, Instant occurrence, ResolvedJob job, JobRecord previous,
                                  Instant now) {
        String reason = "skipped: the previous run " + previous.jobId() + " is still " + previous.status()
                + " (overlap: skip)";
        try {
            jobs.create(job.queuedRecord(now).finished(JobStatus.CANCELLED, null, reason, now));
        } catch (JobAlreadyExistsException e) {
            return Optional.empty();
        }
        schedules.markSkipped(schedule.name(), occurrence + " " + reason);
        LOG.info(JobLog.NO_JOB, "schedule", () -> "schedule " + schedule.name() + ": occurrence " + occurrence + " " + reason);
        return Optional.empty();
    }

    /**
     * Overlap "cancel-previous": the previous run is asked to cancel before the occurrence starts. One not yet
     * dispatched ends here; a deployed one ends at its watcher's next check (the cancel flag on its record), which
     * captures its logs and cleans its group up. Asking twice changes nothing.
     */
    private void cancelPrevious(Schedule schedule, JobRecord previous, String jobId, Instant now) {
        String reason = "cancelled by schedule " + schedule.name() + ": occurrence " + jobId
                + " started (overlap: cancel-previous)";
        JobRecord after = jobs.update(previous.jobId(), r -> {
            if (r.status().isTerminal()) {
                return r;
            }
            JobRecord requested = r.withCancelRequested(now);
            return r.status() == JobStatus.QUEUED || r.status() == JobStatus.DEFERRED
                    ? requested.finished(JobStatus.CANCELLED, null, reason, now) : requested;
        });
        if (after.status() == JobStatus.CANCELLED) {
            deferred.delete(after.jobId());
            ledger.release(after.jobId());
        }
        LOG.info(previous.jobId(), "schedule", () -> "schedule " + schedule.name() + ": asked to cancel before " + jobId);
    }

    /**
     * What a release pass saw.
     *
     * @param complete    every DEFERRED record was read (fewer than the scan limit)
     * @param leftWaiting some DEFERRED job stays waiting (no capacity, or the per-poll release limit)
     */
    private record Release(boolean complete, boolean leftWaiting) {
    }

    private Release releaseDeferred(Instant now, List<String> released) {
        List<JobRecord> waiting = new ArrayList<>(jobs.list(Set.of(JobStatus.DEFERRED), options.scanLimit()));
        boolean complete = waiting.size() < options.scanLimit();
        waiting.sort(Comparator.comparing((JobRecord r) -> "Spot".equals(r.priority()))
                .thenComparing(JobRecord::createdAt)
                .thenComparing(JobRecord::jobId));
        int handled = 0;
        for (JobRecord record : waiting) {
            if (released.size() >= options.maxReleasesPerPoll()) {
                return new Release(complete, true);
            }
            double cores = record.cpu() != null ? record.cpu() : 1.0;
            Optional<String> message = deferred.get(record.jobId());
            if (message.isEmpty()) {
                handled++;
                rejectLost(record, now);
                continue;
            }
            Admission admission = ledger.tryAdmit(record.jobId(), cores, locationOf(message.get()), now);
            if (!admission.admitted()) {
                int left = waiting.size() - handled;
                LOG.fine(JobLog.NO_JOB, "poll-work", () -> left + " deferred job(s) wait: " + admission.reason());
                if (!admission.reason().equals(record.reason() == null ? null
                        : record.reason().replaceFirst("^waiting for admission: ", ""))) {
                    // The job's status says which bound holds it now (the configured limits or ACI's real quota).
                    String why = "waiting for admission: " + admission.reason();
                    String seenTag = record.etag();
                    jobs.update(record.jobId(), r -> Objects.equals(r.etag(), seenTag)
                            && r.status() == JobStatus.DEFERRED ? r.withReason(why, now) : r);
                }
                return new Release(complete, true);
            }
            handled++;
            jobQueue.send(message.get());
            String seen = record.etag();
            jobs.update(record.jobId(), r -> Objects.equals(r.etag(), seen) && r.status() == JobStatus.DEFERRED
                    ? r.transitionTo(JobStatus.QUEUED, "released by admission", now) : r);
            released.add(record.jobId());
        }
        return new Release(complete, false);
    }

    /** The job's region: its message's {@code location}, or the default. */
    private String locationOf(String message) {
        try {
            com.fasterxml.jackson.databind.JsonNode location = Json.read(message,
                    com.fasterxml.jackson.databind.JsonNode.class).get("location");
            return location != null && location.isTextual() ? location.asText()
                    : validator.defaults().defaultLocation();
        } catch (RuntimeException e) {
            return validator.defaults().defaultLocation();
        }
    }

    /** A DEFERRED job whose stored message is gone cannot run (only its sender has the secrets): say so. */
    private void rejectLost(JobRecord record, Instant now) {
        ledger.release(record.jobId());
        String reason = "the deferred job message is missing from storage; submit the job again";
        String seen = record.etag();
        jobs.update(record.jobId(), r -> Objects.equals(r.etag(), seen) && r.status() == JobStatus.DEFERRED
                ? r.transitionTo(JobStatus.QUEUED, "released by admission", now)
                .finished(JobStatus.REJECTED, null, reason, now) : r);
        LOG.warning(record.jobId(), "poll-work", () -> "outcome=REJECTED reason=" + reason);
    }

    private static String failure(String step, RuntimeException e) {
        LOG.warning(JobLog.NO_JOB, "poll-work", () -> step + " failed: " + e);
        return step + ": " + e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
