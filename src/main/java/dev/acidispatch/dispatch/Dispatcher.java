package dev.acidispatch.dispatch;

import dev.acidispatch.admission.Admission;
import dev.acidispatch.admission.AdmissionLedger;
import dev.acidispatch.admission.DeferredJobs;
import dev.acidispatch.arm.ArmException;
import dev.acidispatch.arm.AuthorizationFailedException;
import dev.acidispatch.arm.ContainerGroups;
import dev.acidispatch.arm.DeployOutcome;
import dev.acidispatch.arm.DeploymentFailedException;
import dev.acidispatch.arm.IdempotentDeployer;
import dev.acidispatch.arm.InvalidTemplateException;
import dev.acidispatch.arm.QuotaExceededException;
import dev.acidispatch.arm.ResourceBeingDeletedException;
import dev.acidispatch.arm.ResourceCleanup;
import dev.acidispatch.arm.ResourceGroupNotFoundException;
import dev.acidispatch.arm.ThrottledException;
import dev.acidispatch.config.Settings;
import dev.acidispatch.job.FieldError;
import dev.acidispatch.job.InvalidJobException;
import dev.acidispatch.job.JobRecord;
import dev.acidispatch.job.JobStatus;
import dev.acidispatch.job.JobValidator;
import dev.acidispatch.job.ResolvedJob;
import dev.acidispatch.json.Json;
import dev.acidispatch.log.JobLog;
import dev.acidispatch.store.JobStore;
import dev.acidispatch.template.RenderedDeployment;
import dev.acidispatch.template.TemplateRenderer;
import dev.acidispatch.watch.AttemptPlan;
import dev.acidispatch.watch.AttemptStart;
import dev.acidispatch.watch.JobShape;
import dev.acidispatch.watch.WatchOutcome;
import dev.acidispatch.watch.PollPolicy;
import dev.acidispatch.watch.WatchPlan;
import dev.acidispatch.watch.Watchers;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Takes one job message from validation to a running watcher: validate, record, claim, render, deploy once, start
 * the watcher. Every step is safe to repeat, so a redelivered message (or one redelivered after a crash between any
 * two steps) converges on one container group and one watcher.
 *
 * <p>Before a job is claimed it must be admitted by the {@link AdmissionLedger} (concurrency, cores and create-rate
 * budget). A job that is not admitted, or whose deployment ARM throttles or refuses for quota, is not failed: its
 * message is kept in {@link DeferredJobs} and its record becomes DEFERRED with the reason, for PollWork to release
 * later. The kept message is deleted once a deployment is accepted (or the job ends here), never earlier.
 *
 * <p>Invalid messages are recorded as REJECTED with their field errors and not retried. ARM refusing the template or
 * failing the deployment for good records FAILED, and so does what no retry can fix: a missing permission (403, the
 * action and scope in the reason) or a resource group that does not exist. An earlier attempt still being deleted
 * defers the job. Anything transient propagates, so the queue redelivers the message (and parks it in the poison
 * queue after host.json's maxDequeueCount).
 */
public final class Dispatcher {
    private static final JobLog LOG = JobLog.of(Dispatcher.class);
    /** How soon a retry that admission held back asks again. */
    static final Duration ADMISSION_RECHECK = Duration.ofSeconds(30);
    /** How long creates pause after a quota refusal, which carries no Retry-After. */

    private final JobValidator validator;
    private final TemplateRenderer renderer;
    private final ContainerGroups groups;
    private final IdempotentDeployer deployer;
    private final ResourceCleanup cleanup;
    private final JobStore jobs;
    private final AdmissionLedger ledger;
    private final DeferredJobs deferred;
    private final Watchers watchers;
    private final PollPolicy poll;
    private final Clock clock;

    public Dispatcher(JobValidator validator, TemplateRenderer renderer, ContainerGroups groups, JobStore jobs,
                      AdmissionLedger ledger, DeferredJobs deferred, Watchers watchers, PollPolicy poll, Clock clock) {
        this.validator = validator;
        this.renderer = renderer;
        this.groups = groups;
        this.deployer = new IdempotentDeployer(groups);
        this.cleanup = new ResourceCleanup(groups);
        this.jobs = jobs;
        this.ledger = ledger;
        this.deferred = deferred;
        this.watchers = watchers;
        this.poll = poll;
        this.clock = clock;
    }

    public DispatchOutcome dispatch(String message) {
        return dispatch(message.getBytes(StandardCharsets.UTF_8));
    }

    /** Takes the message's raw bytes, so invalid UTF-8 is reported as such instead of being silently replaced. */
    public DispatchOutcome dispatch(byte[] message) {
        ResolvedJob first;
        try {
            first = validator.resolve(message);
        } catch (InvalidJobException e) {
            return reject(message, e.errors());
        }
        // From here every line, the ARM adapter's too, is about this job.
        try (JobLog.Binding bound = JobLog.job(first.jobId(), "dispatch")) {
            return dispatch(first, message);
        }
    }

    private DispatchOutcome dispatch(ResolvedJob first, byte[] message) {
        JobRecord record = existingOrQueued(first);
        // A later attempt: its own group, at the priority it runs at (a redelivery must not touch attempt 1's).
        ResolvedJob job = record.attempt() > 1 ? first.forAttempt(record.attempt(), record.priority()) : first;
        if (record.status().isTerminal()) {
            return new DispatchOutcome(job.jobId(), DispatchOutcome.Kind.SKIPPED, "already " + record.status());
        }
        // Not deployed yet: nothing to clean up, so a cancel ends it here. Once deployed, the watcher handles the
        // cancel flag (it stops and deletes the group), so those jobs continue below to (re)start it.
        if (record.cancelRequestedAt() != null
                && (record.status() == JobStatus.QUEUED || record.status() == JobStatus.DEFERRED)) {
            JobRecord cancelled = jobs.update(job.jobId(), r -> r.status().isTerminal() ? r
                    : r.finished(JobStatus.CANCELLED, null, "cancelled before dispatch", clock.instant()));
            ledger.release(job.jobId());
            deferred.delete(job.jobId());
            return new DispatchOutcome(job.jobId(), DispatchOutcome.Kind.SKIPPED, "cancelled: " + cancelled.status());
        }
        RenderedDeployment deployment = renderer.render(job);
        if (record.status() == JobStatus.PROVISIONING || record.status() == JobStatus.RUNNING
                || record.status() == JobStatus.RETRY_WAIT) {
            boolean started = watchers.start(watchPlan(job, deployment, record.dispatchedAt()));
            return new DispatchOutcome(job.jobId(), DispatchOutcome.Kind.ALREADY_DISPATCHED,
                    started ? "watcher restarted" : "watcher already running");
        }

        // Admitted before the claim, so a job that must wait never counts a deploy attempt. Idempotent per job: a
        // redelivery, or a job PollWork already admitted when releasing it, is not charged twice.
        // The whole group's cores (the job's and its sidecars'), as ACI's regional core quota counts them.
        Admission admission = ledger.tryAdmit(job.jobId(), job.totalCpu(), job.location(), clock.instant());
        if (!admission.admitted()) {
            return defer(job, admission.reason());
        }
        Instant claimedAt = clock.instant();
        JobRecord claimed = jobs.update(job.jobId(), r -> r.status().canChangeTo(JobStatus.DISPATCHING)
                ? r.transitionTo(JobStatus.DISPATCHING, "deploying", claimedAt).withDeployAttempt(claimedAt) : r);
        if (claimed.status() != JobStatus.DISPATCHING) {
            // A concurrent delivery got further (or the job was cancelled) since we read it: decide again.
            return dispatch(message);
        }
        // Kept until the job is final (RecordResult deletes it): if ARM fails the accepted deployment on quota, the
        // watcher defers the job again and PollWork re-enqueues this copy.
        deferred.put(job.jobId(), Json.write(job.toMessage()));
        try {
            DeployOutcome outcome = deployer.deployOnce(deployment.resourceGroup(),
                    deployment.deploymentName(), deployment.containerGroupName(), deployment.body());
            LOG.info(job.jobId(), "dispatch", () -> "deployment " + deployment.deploymentName() + " " + outcome);
        } catch (InvalidTemplateException | DeploymentFailedException e) {
            return failDeployment(job, deployment, "ARM refused the deployment: " + e.getMessage());
        } catch (AuthorizationFailedException e) {
            // A 403 does not go away by itself: redelivering would only park the message in the poison queue.
            return failDeployment(job, deployment, "ARM refused the deployment: " + e.denial().describe());
        } catch (ResourceGroupNotFoundException e) {
            return failDeployment(job, deployment, "resource group '" + deployment.resourceGroup() + "' does not "
                    + "exist (ResourceGroupNotFound): create it, or remove it from "
                    + Settings.Names.ALLOWED_RESOURCE_GROUPS);
        } catch (ResourceBeingDeletedException e) {
            // An earlier attempt's group or deployment record is still being deleted (ARM would answer
            // DeploymentBeingDeleted): not a failure, just not yet.
            ledger.release(job.jobId());
            return defer(job, "an earlier attempt is still being deleted (" + e.code() + "); retrying when it is gone");
        } catch (ThrottledException | QuotaExceededException e) {
            Duration pause = e instanceof ThrottledException t ? t.retryAfter() : AdmissionLedger.QUOTA_PAUSE;
            ledger.throttled(pause, clock.instant());
            ledger.release(job.jobId());
            return defer(job, "ARM refused the create for now (" + e.code() + "); retrying after " + pause);
        }
        Instant dispatchedAt = clock.instant();
        JobRecord provisioning = jobs.update(job.jobId(), r -> r.status() == JobStatus.DISPATCHING
                ? r.transitionTo(JobStatus.PROVISIONING, "deployment accepted", dispatchedAt) : r);
        boolean started = watchers.start(watchPlan(job, deployment, provisioning.dispatchedAt()));
        return new DispatchOutcome(job.jobId(), DispatchOutcome.Kind.DISPATCHED,
                started ? "watcher started" : "watcher already running");
    }

    /** Keeps the full message (it may hold secrets, so not in the record) and records DEFERRED with the reason. */
    private DispatchOutcome defer(ResolvedJob job, String reason) {
        deferred.put(job.jobId(), Json.write(job.toMessage()));
        Instant at = clock.instant();
        JobRecord record = jobs.update(job.jobId(), r -> r.status().canChangeTo(JobStatus.DEFERRED)
                ? r.transitionTo(JobStatus.DEFERRED, "waiting for admission: " + reason, at) : r);
        if (record.status() == JobStatus.DEFERRED) {
            ledger.deferralRecorded(); // after the record: PollWork looks for deferred jobs on its next tick
        }
        LOG.info(job.jobId(), "dispatch", () -> "deferred: " + reason);
        return new DispatchOutcome(job.jobId(), record.status() == JobStatus.DEFERRED ? DispatchOutcome.Kind.DEFERRED
                : DispatchOutcome.Kind.SKIPPED, reason);
    }

    private JobRecord existingOrQueued(ResolvedJob job) {
        JobRecord queued = job.queuedRecord(clock.instant());
        JobRecord record = jobs.createOrGet(queued);
        if (record.status() == JobStatus.REJECTED) {
            // A rejected message reused the id; the corrected one takes its place.
            jobs.delete(job.jobId());
            record = jobs.createOrGet(queued);
        }
        JobRecord.Spec spec = job.recordSpec();
        if (isWaiting(record) && !hasSpec(record, spec)) {
            // Submitted by a client, which records the job without resolving defaults: they are resolved here.
            Instant at = clock.instant();
            record = jobs.update(job.jobId(), r -> isWaiting(r) && !hasSpec(r, spec) ? r.withSpec(spec, at) : r);
        }
        return record;
    }

    private static boolean isWaiting(JobRecord record) {
        return record.status() == JobStatus.QUEUED || record.status() == JobStatus.DEFERRED;
    }

    private static boolean hasSpec(JobRecord r, JobRecord.Spec s) {
        return Objects.equals(r.image(), s.image()) && Objects.equals(r.resourceGroup(), s.resourceGroup())
                && Objects.equals(r.containerGroupName(), s.containerGroupName())
                && Objects.equals(r.deploymentName(), s.deploymentName()) && Objects.equals(r.cpu(), s.cpu())
                && Objects.equals(r.memoryGb(), s.memoryGb()) && Objects.equals(r.priority(), s.priority())
                && r.cleanup() == s.cleanup();
    }

    private DispatchOutcome reject(byte[] message, List<FieldError> errors) {
        String jobId = RejectedIds.forMessage(message);
        JobRecord rejected = JobRecord.rejected(jobId, errors.stream().map(FieldError::toString).toList(), clock.instant());
        JobRecord stored = jobs.createOrGet(rejected);
        LOG.warning(jobId, "dispatch", () -> "rejected with " + errors.size() + " error(s): " + errors);
        return new DispatchOutcome(stored.jobId(), DispatchOutcome.Kind.REJECTED, errors.size() + " error(s)");
    }

    private DispatchOutcome failDeployment(ResolvedJob job, RenderedDeployment deployment, String reason) {
        jobs.update(job.jobId(), r -> r.status().isTerminal() ? r
                : r.finished(JobStatus.FAILED, null, reason, clock.instant()));
        try {
            cleanup.deleteDeployment(deployment.resourceGroup(), deployment.deploymentName());
        } catch (ArmException e) {
            // The job has its reason; a record ARM keeps is harmless and counts towards its 800 only.
            LOG.warning(job.jobId(), "dispatch", () -> "could not delete deployment record "
                    + deployment.deploymentName() + ": " + e.getMessage());
        }
        ledger.release(job.jobId());
        deferred.delete(job.jobId());
        return new DispatchOutcome(job.jobId(), DispatchOutcome.Kind.FAILED, reason);
    }

    private WatchPlan watchPlan(ResolvedJob job, RenderedDeployment deployment, Instant dispatchedAt) {
        Instant since = dispatchedAt != null ? dispatchedAt : clock.instant();
        PollPolicy jobPoll = job.maxDetectionDelay().map(poll::cappedAt).orElse(poll);
        return WatchPlan.start(job.jobId(), job.resourceGroup(), job.containerGroupName(), job.deploymentName(),
                deployment.containerName(), since, job.startTimeout(), job.timeout(), jobPoll, JobShape.of(job))
                .withAttempt(AttemptPlan.of(job, 0));
    }

    /**
     * Starts attempt {@code attempt} of a job whose previous attempt ended and is cleaned up (the record is in
     * RETRY_WAIT): through admission like any create, then deployed once into the attempt's own group. Safe to repeat:
     * a repeated call after the deploy adopts the same group.
     *
     * @return STARTED with the attempt's watch plan, WAIT when admission (or ARM) says not yet, ENDED when the job is
     *         over (cancelled between attempts, its message gone, or the attempt refused for good)
     */
    public AttemptStart startAttempt(String jobId, int attempt) {
        Instant now = clock.instant();
        JobRecord record = jobs.get(jobId).orElse(null);
        if (record == null) {
            return AttemptStart.ended(new WatchOutcome(jobId, JobStatus.FAILED, null, null, now.toEpochMilli(),
                    "the job record is gone; attempt " + attempt + " not started"));
        }
        if (record.status().isTerminal()) {
            return AttemptStart.ended(outcomeOf(record));
        }
        if (record.cancelRequestedAt() != null && record.status() == JobStatus.RETRY_WAIT) {
            return AttemptStart.ended(new WatchOutcome(jobId, JobStatus.CANCELLED, record.exitCode(), null,
                    now.toEpochMilli(), "cancelled between attempts (before attempt " + attempt + " of "
                    + record.maxAttempts() + ")"));
        }
        Optional<String> message = deferred.get(jobId);
        if (message.isEmpty()) {
            return AttemptStart.ended(new WatchOutcome(jobId, JobStatus.FAILED, record.exitCode(), null,
                    now.toEpochMilli(), "attempt " + attempt + " not started: the dispatcher's copy of the message "
                    + "is gone"));
        }
        ResolvedJob job;
        try {
            job = validator.resolve(message.get()).forAttempt(attempt, record.priority());
        } catch (InvalidJobException e) {
            // The kept copy was valid when kept; a settings change since may refuse it.
            return AttemptStart.ended(new WatchOutcome(jobId, JobStatus.FAILED, record.exitCode(), null,
                    now.toEpochMilli(), "attempt " + attempt + " not started: the message is no longer valid: "
                    + e.errors().get(0)));
        }
        if (record.status() == JobStatus.PROVISIONING || record.status() == JobStatus.RUNNING) {
            // Deployed by an earlier run of this activity: watch it.
            return AttemptStart.started(watchPlan(job, renderer.render(job), record.dispatchedAt()));
        }
        Admission admission = ledger.tryAdmit(jobId, job.totalCpu(), job.location(), now);
        if (!admission.admitted()) {
            String reason = "attempt " + attempt + " of " + record.maxAttempts() + " waiting for admission: "
                    + admission.reason();
            jobs.update(jobId, r -> r.status() == JobStatus.RETRY_WAIT ? r.withReason(reason, clock.instant()) : r);
            return AttemptStart.waiting(jobId, attempt, Math.max(poll.minMillis(), ADMISSION_RECHECK.toMillis()),
                    reason);
        }
        Instant claimedAt = clock.instant();
        JobRecord claimed = jobs.update(jobId, r -> r.status().canChangeTo(JobStatus.DISPATCHING) && !r.status()
                .isTerminal() ? r.transitionTo(JobStatus.DISPATCHING, "deploying attempt " + attempt + " of "
                + r.maxAttempts() + " (" + job.priority() + ")", claimedAt).withDeployAttempt(claimedAt) : r);
        if (claimed.status() != JobStatus.DISPATCHING) {
            ledger.release(jobId);
            return claimed.status().isTerminal() ? AttemptStart.ended(outcomeOf(claimed))
                    : AttemptStart.waiting(jobId, attempt, poll.minMillis(), "job is " + claimed.status());
        }
        RenderedDeployment deployment = renderer.render(job);
        try {
            deployer.deployOnce(deployment.resourceGroup(), deployment.deploymentName(),
                    deployment.containerGroupName(), deployment.body());
        } catch (InvalidTemplateException | DeploymentFailedException e) {
            return AttemptStart.ended(outcomeOf(failDeploymentRecord(job, deployment,
                    "ARM refused attempt " + attempt + ": " + e.getMessage())));
        } catch (AuthorizationFailedException e) {
            return AttemptStart.ended(outcomeOf(failDeploymentRecord(job, deployment,
                    "ARM refused attempt " + attempt + ": " + e.denial().describe())));
        } catch (ResourceGroupNotFoundException e) {
            return AttemptStart.ended(outcomeOf(failDeploymentRecord(job, deployment, "resource group '"
                    + deployment.resourceGroup() + "' does not exist (ResourceGroupNotFound)")));
        } catch (ResourceBeingDeletedException | ThrottledException | QuotaExceededException e) {
            Duration pause = e instanceof ThrottledException t ? t.retryAfter()
                    : e instanceof QuotaExceededException ? AdmissionLedger.QUOTA_PAUSE : Duration.ZERO;
            if (!pause.isZero()) {
                ledger.throttled(pause, clock.instant());
            }
            ledger.release(jobId);
            String reason = "attempt " + attempt + " not created yet (" + e.code() + "); retrying";
            Instant at = clock.instant();
            jobs.update(jobId, r -> r.status() == JobStatus.DISPATCHING
                    ? r.transitionTo(JobStatus.RETRY_WAIT, reason, at) : r);
            return AttemptStart.waiting(jobId, attempt, Math.max(pause.toMillis(), poll.minMillis()), reason);
        }
        Instant dispatchedAt = clock.instant();
        JobRecord provisioning = jobs.update(jobId, r -> r.status() == JobStatus.DISPATCHING
                ? r.transitionTo(JobStatus.PROVISIONING, "attempt " + attempt + " of " + r.maxAttempts()
                + " deployment accepted", dispatchedAt) : r);
        LOG.info(jobId, "dispatch", () -> "attempt " + attempt + " deployed as " + deployment.containerGroupName());
        return AttemptStart.started(watchPlan(job, deployment, provisioning.dispatchedAt()));
    }

    private static WatchOutcome outcomeOf(JobRecord r) {
        return new WatchOutcome(r.jobId(), r.status().isTerminal() ? r.status() : JobStatus.FAILED, r.exitCode(),
                r.startedAt() == null ? null : r.startedAt().toEpochMilli(),
                r.finishedAt() == null ? null : r.finishedAt().toEpochMilli(), r.reason());
    }

    /** Records FAILED for an attempt ARM refused for good and deletes its deployment record; the lease goes back. */
    private JobRecord failDeploymentRecord(ResolvedJob job, RenderedDeployment deployment, String reason) {
        failDeployment(job, deployment, reason);
        return jobs.get(job.jobId()).orElseThrow();
    }
}
