package dev.acidispatch.watch;

import dev.acidispatch.admission.AdmissionLedger;
import dev.acidispatch.admission.DeferredJobs;
import dev.acidispatch.arm.AccessDenial;
import dev.acidispatch.arm.ArmException;
import dev.acidispatch.arm.ArmError;
import dev.acidispatch.arm.AuthorizationFailedException;
import dev.acidispatch.arm.ContainerGroups;
import dev.acidispatch.arm.ContainerStatus;
import dev.acidispatch.arm.DeploymentStatus;
import dev.acidispatch.arm.GroupDeletion;
import dev.acidispatch.arm.GroupEvent;
import dev.acidispatch.arm.GroupStatus;
import dev.acidispatch.arm.PreviousState;
import dev.acidispatch.arm.QuotaExceededException;
import dev.acidispatch.arm.ResourceCleanup;
import dev.acidispatch.arm.ResourceGroupNotFoundException;
import dev.acidispatch.arm.ResourceNotFoundException;
import dev.acidispatch.arm.ThrottledException;
import dev.acidispatch.job.AttemptSummary;
import dev.acidispatch.job.JobNames;
import dev.acidispatch.job.JobRecord;
import dev.acidispatch.job.JobStatus;
import dev.acidispatch.json.Json;
import dev.acidispatch.log.JobLog;
import dev.acidispatch.containerlogs.LogCapture;
import dev.acidispatch.containerlogs.LogLine;
import dev.acidispatch.store.JobStore;
import dev.acidispatch.template.LogAnalyticsDiagnostics;
import dev.acidispatch.store.LogStore;
import dev.acidispatch.store.MessageQueue;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The watcher's side effects, one method per activity. Activities run at least once, so each is idempotent: checking
 * reads, capturing logs overwrites the same blob, cleanup treats "already gone" as done, recording a result leaves an
 * already-final record alone. Inputs and outputs are small records; the Functions glue converts them to and from the
 * JSON text the host exchanges (see {@link HostPayload}).
 *
 * <p>What ARM refuses for good (a missing permission, a resource group that is gone) is reported in the activity's
 * result rather than thrown: retrying would not help, and the job's reason should say what is missing.
 */
public final class WatchActivities {
    public static final String CHECK_GROUP = "CheckGroup";
    public static final String CAPTURE_LOGS = "CaptureLogs";
    public static final String CLEANUP = "Cleanup";
    public static final String FINISH_CLEANUP = "FinishCleanup";
    public static final String RECORD_RESULT = "RecordResult";
    public static final String DEFER_AGAIN = "DeferAgain";
    public static final String SCHEDULE_RETRY = "ScheduleRetry";
    /** Runs on the dispatcher ({@code Dispatcher#startAttempt}): it deploys, as DispatchJob does. */
    public static final String START_ATTEMPT = "StartAttempt";

    private static final JobLog LOG = JobLog.of(WatchActivities.class);
    private static final int EVENTS_IN_DETAIL = 3;

    private final ContainerGroups groups;
    private final ResourceCleanup cleanup;
    private final JobStore jobs;
    private final AdmissionLedger ledger;
    private final DeferredJobs deferred;
    private final LogStore logs;
    private final MessageQueue results;
    private final Clock clock;
    private final LogCapture capture;

    /** @param logTailLines not used any more: logs are captured whole (see {@link LogCapture}) */
    public WatchActivities(ContainerGroups groups, JobStore jobs, AdmissionLedger ledger, DeferredJobs deferred,
                           LogStore logs, MessageQueue results, Clock clock, int logTailLines) {
        this(groups, jobs, ledger, deferred, logs, results, clock, Optional.empty());
    }

    /** @param logAnalytics the workspace complete logs are sent to beyond ACI's (named in the markers), or empty */
    public WatchActivities(ContainerGroups groups, JobStore jobs, AdmissionLedger ledger, DeferredJobs deferred,
                           LogStore logs, MessageQueue results, Clock clock,
                           Optional<LogAnalyticsDiagnostics> logAnalytics) {
        this.groups = groups;
        this.cleanup = new ResourceCleanup(groups);
        this.jobs = jobs;
        this.ledger = ledger;
        this.deferred = deferred;
        this.logs = logs;
        this.results = results;
        this.clock = clock;
        this.capture = new LogCapture(groups, logs, group -> logAnalytics.map(w -> w.whereToFind(group)));
    }

    /**
     * CheckGroup: what the group (or its deployment) shows now, and whether a cancel was requested on the record. A
     * platform restart the check sees is written to the record at once, so status shows it while the job runs.
     */
    public Observation checkGroup(GroupRef ref) {
        Observation seen;
        try {
            Optional<GroupStatus> group = groups.getGroup(ref.resourceGroup(), ref.containerGroupName());
            seen = observe(ref, group);
            if (ref.captureLogs() && seen.phase() == Observation.Phase.RUNNING) {
                captureWhileRunning(ref, group.get());
            }
        } catch (AuthorizationFailedException e) {
            seen = Observation.of(Observation.Phase.REFUSED, e.denial().describe());
        } catch (ResourceGroupNotFoundException e) {
            seen = Observation.of(Observation.Phase.REFUSED, "resource group '" + ref.resourceGroup()
                    + "' does not exist any more (ResourceGroupNotFound)");
        }
        Optional<JobRecord> record = jobs.get(ref.jobId());
        if (seen.phase() == Observation.Phase.RUNNING || seen.phase() == Observation.Phase.EXITED) {
            record = markRunning(ref.jobId(), seen);
        }
        if (seen.restartCount() > record.map(JobRecord::restarts).orElse(0)) {
            record = markRestarted(ref.jobId(), seen);
        }
        boolean cancelRequested = record.map(r -> r.cancelRequestedAt() != null).orElse(false);
        return seen.withCancelRequested(cancelRequested);
    }

    Observation observe(GroupRef ref) {
        return observe(ref, groups.getGroup(ref.resourceGroup(), ref.containerGroupName()));
    }

    private Observation observe(GroupRef ref, Optional<GroupStatus> group) {
        if (group.isPresent() && group.get().isDeleting()) {
            return Observation.of(Observation.Phase.MISSING, "the container group is being deleted");
        }
        if (group.isPresent()) {
            Observation seen = fromGroup(group.get(), ref);
            return seen.phase() == Observation.Phase.PROVISIONING_FAILED ? confirmProvisioningFailure(ref, seen) : seen;
        }
        Optional<DeploymentStatus> deployment = groups.getDeployment(ref.resourceGroup(), ref.deploymentName());
        if (deployment.isEmpty()) {
            return Observation.of(Observation.Phase.MISSING, "neither the group nor its deployment exists");
        }
        DeploymentStatus d = deployment.get();
        return switch (d.provisioningState()) {
            case "Failed", "Canceled" -> Observation.of(failedPhase(d), deploymentReason(d));
            case "Succeeded" -> Observation.of(Observation.Phase.MISSING, "the deployment succeeded but the group is gone");
            default -> Observation.of(Observation.Phase.PENDING, "deployment " + d.provisioningState());
        };
    }

    /** A quota failure means "not now", not "never": the job is deferred instead of failed. */
    private static Observation.Phase failedPhase(DeploymentStatus failed) {
        return failed.failure().filter(QuotaExceededException.class::isInstance).isPresent()
                ? Observation.Phase.QUOTA_EXCEEDED : Observation.Phase.PROVISIONING_FAILED;
    }

    /**
     * Why a deployment failed, for the job's reason: a missing permission in plain words first (ARM reports a subnet
     * or identity the app may not use as a {@code LinkedAuthorizationFailed} detail, Azure/Enterprise-Scale-for-AKS#90),
     * then ARM's own error.
     */
    private static String deploymentReason(DeploymentStatus d) {
        String armError = d.error().map(ArmError::summary).orElse("");
        String reason = "deployment " + d.provisioningState() + (armError.isEmpty() ? "" : ": " + armError);
        return d.error().flatMap(AccessDenial::in).map(denial -> denial.describe() + "; " + reason).orElse(reason);
    }

    /**
     * A group reporting provisioning Failed is final only when its deployment failed too (it then carries ARM's error
     * code); otherwise ACI may still be retrying (e.g. an image pull), so it counts as pending and the start timeout
     * decides, with the group's events as the reason.
     */
    private Observation confirmProvisioningFailure(GroupRef ref, Observation seen) {
        Optional<DeploymentStatus> deployment = groups.getDeployment(ref.resourceGroup(), ref.deploymentName());
        if (deployment.isPresent() && deployment.get().isFailedOrCanceled()) {
            String armError = deploymentReason(deployment.get());
            return Observation.of(failedPhase(deployment.get()),
                    seen.detail() == null || seen.detail().isBlank() ? armError : armError + "; events: " + seen.detail());
        }
        return new Observation(Observation.Phase.PENDING, null, null, null, seen.detail(), false);
    }

    /**
     * Maps a group to an observation. A failed init container ({@link InitContainerOutcome}) and restartPolicy
     * OnFailure's restarts ({@link OnFailureRestarts}) decide first; otherwise {@link #fromGroup(GroupStatus)}.
     */
    static Observation fromGroup(GroupStatus group, GroupRef ref) {
        JobShape shape = ref.shape();
        Optional<Observation> decided = InitContainerOutcome.decide(group, shape);
        if (decided.isEmpty() && shape.restartsOnFailure()) {
            decided = group.firstContainer().flatMap(job -> OnFailureRestarts.decide(job, shape.maxRestarts(), false))
                    .map(seen -> seen.phase() == Observation.Phase.RUNNING ? withStart(seen, group) : seen);
        }
        return decided.orElseGet(() -> fromGroup(group));
    }

    private static Observation withStart(Observation seen, GroupStatus group) {
        Long started = group.firstContainer().flatMap(ContainerStatus::startTime).map(Instant::toEpochMilli)
                .orElse(null);
        return new Observation(seen.phase(), seen.exitCode(), started, seen.finishedAtMillis(), seen.detail(),
                seen.cancelRequested());
    }

    /** Maps a group to an observation; which states are terminal is {@link GroupStatus}'s rule. */
    static Observation fromGroup(GroupStatus group) {
        Optional<ContainerStatus> container = group.firstContainer();
        int restarts = container.map(ContainerStatus::restartCount).orElse(0);
        String previous = container.flatMap(ContainerStatus::previousState).map(PreviousState::describe).orElse(null);
        return phaseOf(group, container).withRestarts(restarts, previous);
    }

    private static Observation phaseOf(GroupStatus group, Optional<ContainerStatus> container) {
        Long started = container.flatMap(ContainerStatus::startTime).map(Instant::toEpochMilli).orElse(null);
        Long finished = container.flatMap(ContainerStatus::finishTime).map(Instant::toEpochMilli).orElse(null);
        boolean exited = container.map(ContainerStatus::isTerminated).orElse(false);
        if (group.isStopped() && !exited) {
            return new Observation(Observation.Phase.STOPPED, null, started, finished, recentEvents(group), false);
        }
        if (group.isTerminal()) {
            // A group that reports Succeeded without a container exit code ran to completion: treat it as 0.
            Integer exit = group.exitCode().orElse("Succeeded".equalsIgnoreCase(group.instanceState().orElse(""))
                    ? 0 : null);
            String detail = container.flatMap(ContainerStatus::detailStatus).orElse(null);
            return new Observation(Observation.Phase.EXITED, exit, started, finished, detail, false);
        }
        if (group.isProvisioningFailed()) {
            return new Observation(Observation.Phase.PROVISIONING_FAILED, null, started, null, recentEvents(group), false);
        }
        if (container.map(ContainerStatus::isRunning).orElse(false)) {
            return new Observation(Observation.Phase.RUNNING, null, started, null, null, false);
        }
        return new Observation(Observation.Phase.PENDING, null, null, null, recentEvents(group), false);
    }

    /**
     * The latest events, warnings first, each with how often ACI saw it: a pull that keeps failing shows as
     * {@code Failed (x12): Failed to pull image ...} (ACI reports repeated events once, with a count:
     * container-instances-troubleshooting, "Unable to pull image").
     */
    private static String recentEvents(GroupStatus group) {
        return group.events().stream()
                .sorted(Comparator.comparing((GroupEvent e) -> !e.isWarning())
                        .thenComparing(e -> e.lastTimestamp().orElse(Instant.EPOCH), Comparator.reverseOrder()))
                .limit(EVENTS_IN_DETAIL)
                .map(e -> e.name() + (e.count() > 1 ? " (x" + e.count() + ")" : "") + ": " + e.message())
                .collect(Collectors.joining("; "));
    }

    private Optional<JobRecord> markRunning(String jobId, Observation seen) {
        Instant startedAt = seen.startedAtMillis() != null ? Instant.ofEpochMilli(seen.startedAtMillis()) : clock.instant();
        return Optional.of(jobs.update(jobId, r -> switch (r.status()) {
            // The container's own start time, not when we noticed it.
            case DISPATCHING, PROVISIONING -> r.transitionTo(JobStatus.RUNNING, "container running", startedAt);
            default -> r;
        }));
    }

    private Optional<JobRecord> markRestarted(String jobId, Observation seen) {
        Instant now = clock.instant();
        LOG.warning(jobId, "check", () -> "ACI restarted the container (restart " + seen.restartCount()
                + "; before: " + seen.previousRun() + ")");
        return Optional.of(jobs.update(jobId, r -> r.status().isTerminal() ? r
                : r.withRestarts(seen.restartCount(), seen.previousRun(), now)));
    }

    /**
     * The running check's share of log capture: each container of the group that has started (init containers,
     * the job's, sidecars, whatever the template named them) gets what is new in its log appended to its stored
     * capture. A failed read does not fail the check: the next capture, or the final one, reads the log again.
     */
    private void captureWhileRunning(GroupRef ref, GroupStatus group) {
        // The names are kept, so the final capture needs no read of the group to know them.
        logs.putContainerNames(ref.jobId(), List.copyOf(sectionTitles(ref, Optional.of(group)).keySet()));
        for (ContainerStatus container : containersOf(group)) {
            if (container.startTime().isEmpty()) {
                continue;
            }
            try {
                capture.capture(target(ref, container.name(), container.isTerminated(), container.startTime()));
            } catch (ArmException e) {
                LOG.warning(ref.jobId(), "check", () -> "log capture of container '" + container.name()
                        + "' failed, left for the next capture: " + e.getMessage());
            }
        }
    }

    private static List<ContainerStatus> containersOf(GroupStatus group) {
        List<ContainerStatus> all = new ArrayList<>(group.initContainers());
        all.addAll(group.containers());
        return all;
    }

    private static LogCapture.Target target(GroupRef ref, String container, boolean ended, Optional<Instant> start) {
        return new LogCapture.Target(ref.jobId(), ref.resourceGroup(), ref.containerGroupName(), container, ended,
                start);
    }

    /**
     * CaptureLogs: the final capture of every container's log (each appended to its own stored capture, as while it
     * ran), then the job's log a reader gets whole: the job's container first, then each init container's, sidecar's
     * or other container's under a header line. The containers are the group's own (so a custom template's names are
     * used) together with the ones the job declared, in case the group is gone. ACI's documentation does not say
     * whether the logs operation serves init containers; they are asked for by name, and a missing log is noted
     * rather than failing the capture. A container that never started has none (ACI answers 404
     * {@code ContainerLogNotAvailable}); a missing permission is reported, not retried.
     *
     * @return {@code bytes} stored, {@code gaps} when lines may be missing, and {@code problem} when a log could not
     *         be read
     */
    public Map<String, Object> captureLogs(GroupRef ref) {
        Map<String, Object> result = new LinkedHashMap<>();
        String text;
        boolean gaps = false;
        try {
            // The group's own container names, kept by a capture while it ran; read from the group only when none
            // was made (a short job), which costs one ARM read.
            Optional<List<String>> known = logs.containerNames(ref.jobId());
            Optional<GroupStatus> group = known.isPresent() ? Optional.empty()
                    : groups.getGroup(ref.resourceGroup(), ref.containerGroupName());
            Map<String, String> titles = known.map(names -> sectionTitles(ref, names))
                    .orElseGet(() -> sectionTitles(ref, group));
            StringBuilder all = new StringBuilder();
            for (Map.Entry<String, String> container : titles.entrySet()) {
                Optional<ContainerStatus> status = group.flatMap(g -> containersOf(g).stream()
                        .filter(c -> c.name().equals(container.getKey())).findFirst());
                LogCapture.Step step = capture.capture(target(ref, container.getKey(), true,
                        status.flatMap(ContainerStatus::startTime)));
                gaps |= step.missing();
                List<LogLine> lines = capture.stored(ref.jobId(), container.getKey());
                if (container.getValue().isEmpty()) {
                    all.append(LogLine.display(lines));
                } else {
                    appendSection(all, container.getValue(), lines.isEmpty() && !step.found() ? Optional.empty()
                            : Optional.of(LogLine.display(lines)));
                }
            }
            text = all.toString();
            logs.putContainerNames(ref.jobId(), List.copyOf(titles.keySet()));
        } catch (AuthorizationFailedException e) {
            text = "";
            result.put("problem", e.denial().describe());
        }
        text = withEarlierAttempts(ref.jobId(), text);
        logs.put(ref.jobId(), text);
        jobs.update(ref.jobId(), r -> r.withLogsCaptured(clock.instant()));
        result.put("bytes", text.length());
        if (gaps) {
            result.put("gaps", true);
        }
        return result;
    }

    /**
     * A job with retries keeps every attempt's log in its one log, each under an {@code ===== attempt n of m =====}
     * heading (the group of an earlier attempt is gone by the time the next one ends). Capturing the same attempt again
     * replaces its section, so a retried activity does not repeat it.
     */
    private String withEarlierAttempts(String jobId, String text) {
        Optional<JobRecord> record = jobs.get(jobId);
        if (record.isEmpty() || !record.get().retries()) {
            return text;
        }
        JobRecord r = record.get();
        String heading = attemptHeading(r.attempt(), r.maxAttempts(), r.priority());
        String earlier = r.attempt() == 1 ? "" : logs.get(jobId).orElse("");
        int again = earlier.indexOf(heading);
        if (again >= 0) {
            earlier = earlier.substring(0, again);
        }
        if (!earlier.isEmpty() && !earlier.endsWith("\n")) {
            earlier += "\n";
        }
        return earlier + heading + text;
    }

    /** The heading of one attempt's section in a job's log. */
    public static String attemptHeading(int attempt, int maxAttempts, String priority) {
        return "===== attempt " + attempt + " of " + maxAttempts + (priority == null ? "" : " (" + priority + ")")
                + " =====\n";
    }

    /**
     * The containers whose logs make up the job's log, in order, each with its section title (empty for the job's own
     * container, which comes first without one).
     */
    private static Map<String, String> sectionTitles(GroupRef ref, List<String> knownNames) {
        Map<String, String> titles = sectionTitles(ref, Optional.empty());
        knownNames.forEach(name -> titles.putIfAbsent(name, "container '" + name + "'"));
        return titles;
    }

    private static Map<String, String> sectionTitles(GroupRef ref, Optional<GroupStatus> group) {
        Map<String, String> titles = new LinkedHashMap<>();
        titles.put(ref.containerName(), "");
        List<String> init = new ArrayList<>(ref.shape().initContainers());
        group.ifPresent(g -> g.initContainers().forEach(c -> {
            if (!init.contains(c.name())) {
                init.add(c.name());
            }
        }));
        init.forEach(name -> titles.putIfAbsent(name, "init container '" + name + "'"));
        ref.shape().sidecars().forEach(name -> titles.putIfAbsent(name, "sidecar '" + name + "'"));
        group.ifPresent(g -> g.containers().forEach(c -> titles.putIfAbsent(c.name(), "container '" + c.name() + "'")));
        return titles;
    }

    private static void appendSection(StringBuilder all, String title, Optional<String> log) {
        if (all.length() > 0 && all.charAt(all.length() - 1) != '\n') {
            all.append('\n');
        }
        all.append("----- ").append(title).append(" -----\n");
        String text = log.orElse("(no log available)\n");
        all.append(text);
    }

    /**
     * Cleanup: deletes the group and its deployment record (canceling a deployment that still runs), or only stops the
     * group when it is kept. The group may still be being deleted afterwards, or wait for the delete budget:
     * {@link #finishCleanup} follows it.
     */
    public CleanupState cleanup(GroupRef ref) {
        CleanupState state = CleanupState.start(ref);
        if (ref.keepContainerGroup()) {
            try {
                groups.stop(ref.resourceGroup(), ref.containerGroupName());
            } catch (ResourceNotFoundException e) {
                // Already gone: nothing to stop.
            } catch (AuthorizationFailedException e) {
                return state.with(false, false, 0, e.denial().describe());
            }
            LOG.info(ref.jobId(), "cleanup", () -> "kept container group " + ref.containerGroupName() + " (stopped)");
            return state.keptGroup();
        }
        return deleteWhatRemains(state, false);
    }

    /** FinishCleanup: where the deletes of {@link #cleanup} stand now; deletes again what is still there. */
    public CleanupState finishCleanup(CleanupState state) {
        if (state.settled()) {
            return state;
        }
        return deleteWhatRemains(state, true);
    }

    /**
     * Deletes what {@code state} says remains. A group delete first takes one from the admission ledger's delete
     * budget (ACI limits deletes per region: 100 per 5 minutes, 300 per hour; quota doc), or waits for room.
     *
     * @param lookFirst whether to read the group first (a later round: it may be gone, or still being deleted)
     */
    private CleanupState deleteWhatRemains(CleanupState state, boolean lookFirst) {
        boolean groupGone = state.groupGone();
        boolean deploymentDeleted = state.deploymentDeleted();
        long waitMillis = 0;
        try {
            if (!groupGone) {
                Optional<GroupStatus> group = lookFirst
                        ? groups.getGroup(state.resourceGroup(), state.containerGroupName()) : Optional.empty();
                if (lookFirst && group.isEmpty()) {
                    groupGone = true;
                } else if (!group.map(GroupStatus::isDeleting).orElse(false)) {
                    GroupStep step = deleteGroupWithinBudget(state);
                    groupGone = step.gone();
                    waitMillis = step.waitMillis();
                }
            }
            if (!deploymentDeleted) {
                cleanup.deleteDeployment(state.resourceGroup(), state.deploymentName());
                deploymentDeleted = true;
            }
        } catch (ThrottledException e) {
            // ACI's delete rate is used up after all (something else deletes in the region): wait as it asks.
            long wait = Math.max(1000, e.retryAfter().toMillis());
            LOG.info(state.jobId(), "cleanup", () -> "delete throttled (" + e.code() + "); again in " + wait + " ms");
            return state.with(groupGone, deploymentDeleted, wait, null);
        } catch (AuthorizationFailedException e) {
            return state.with(groupGone, deploymentDeleted, 0, e.denial().describe());
        } catch (ResourceGroupNotFoundException e) {
            // The resource group is gone, and everything in it with it.
            return state.with(true, true, 0, null);
        }
        boolean group = groupGone;
        boolean deployment = deploymentDeleted;
        LOG.info(state.jobId(), "cleanup", () -> "container group " + (group ? "deleted" : "being deleted")
                + ", deployment record " + (deployment ? "deleted" : "not deleted"));
        return state.with(groupGone, deploymentDeleted, waitMillis, null);
    }

    /** What one attempt to delete the group did: the group is gone now, or wait this long for the delete budget. */
    private record GroupStep(boolean gone, long waitMillis) {
    }

    private GroupStep deleteGroupWithinBudget(CleanupState state) {
        String key = state.containerGroupName().toLowerCase(java.util.Locale.ROOT);
        Instant now = clock.instant();
        Optional<Instant> retryAt = ledger.tryDelete(key, now);
        if (retryAt.isPresent()) {
            LOG.info(state.jobId(), "cleanup", () -> "delete budget used up; deleting the group at " + retryAt.get());
            return new GroupStep(false, Math.max(1000, java.time.Duration.between(now, retryAt.get()).toMillis()));
        }
        GroupDeletion deletion = cleanup.deleteGroup(state.resourceGroup(), state.containerGroupName());
        if (deletion == GroupDeletion.ALREADY_GONE) {
            ledger.refundDelete(key);
        }
        return new GroupStep(deletion.isGone(), 0);
    }

    /**
     * Writes the final state once; a record that is already final (e.g. cancelled while queued) keeps its state.
     * Then gives the job's admission lease back (idempotent, so a retried activity is harmless).
     */
    public WatchOutcome recordResult(WatchOutcome outcome) {
        Instant finishedAt = outcome.finishedAtMillis() != null ? Instant.ofEpochMilli(outcome.finishedAtMillis())
                : clock.instant();
        JobRecord record = jobs.update(outcome.jobId(), r -> r.status().isTerminal() ? r
                : finalAttempt(r, outcome).finished(outcome.status(), outcome.exitCode(), withAttemptCount(r,
                outcome.reason()), finishedAt));
        ledger.release(record.jobId());
        // The dispatcher's copy of the message (it may hold secrets) is needed only while the job can still wait.
        deferred.delete(record.jobId());
        results.send(Json.write(JobResultMessage.of(record)));
        LOG.info(record.jobId(), "record-result", () -> "outcome=" + record.status() + " exitCode="
                + (record.exitCode() == null ? "-" : record.exitCode()) + " reason=" + oneLine(record.reason()));
        return new WatchOutcome(record.jobId(), record.status(), record.exitCode(),
                record.startedAt() == null ? null : record.startedAt().toEpochMilli(),
                record.finishedAt() == null ? null : record.finishedAt().toEpochMilli(), record.reason());
    }


    /**
     * ARM accepted the deployment, then failed it on a quota (the group is already cleaned up): the job goes back to
     * DEFERRED, creates pause, and its lease is returned; PollWork re-enqueues the dispatcher's stored copy later.
     */
    public Map<String, String> deferAgain(Deferral deferral) {
        Instant now = clock.instant();
        JobRecord record = jobs.update(deferral.jobId(), r -> r.status().canChangeTo(JobStatus.DEFERRED)
                ? r.transitionTo(JobStatus.DEFERRED, "waiting for admission: ARM failed the deployment on a quota ("
                        + deferral.reason() + "); retrying when capacity frees up", now)
                : r);
        ledger.throttled(AdmissionLedger.QUOTA_PAUSE, now);
        ledger.release(deferral.jobId());
        if (record.status() == JobStatus.DEFERRED) {
            ledger.deferralRecorded(); // after the record: PollWork looks for deferred jobs on its next tick
        }
        LOG.info(deferral.jobId(), "defer-again", () -> "outcome=DEFERRED reason=" + oneLine(deferral.reason()));
        return Map.of("jobId", record.jobId(), "status", record.status().name());
    }

    /** A reason as the tail of one log line (reasons may hold ARM's multi-line messages). */
    private static String oneLine(String reason) {
        return reason == null ? "-" : reason.replaceAll("\\s*\\R\\s*", " ");
    }

    /** The last attempt's summary goes with the result, when an attempt was running (not between attempts). */
    private static JobRecord finalAttempt(JobRecord r, WatchOutcome outcome) {
        if (!r.retries() || r.status() == JobStatus.RETRY_WAIT) {
            return r;
        }
        return r.withFinalAttempt(new AttemptSummary(r.attempt(), outcome.status().name(), outcome.exitCode(),
                outcome.reason(), r.priority()));
    }

    private static String withAttemptCount(JobRecord r, String reason) {
        if (!r.retries() && r.attempt() == 1) {
            return reason;
        }
        return (reason == null ? "" : reason + "; ") + "attempt " + r.attempt() + " of " + r.maxAttempts()
                + (r.attempt() > r.maxAttempts() ? " (evictions do not count)" : "");
    }

    /**
     * ScheduleRetry: the attempt ended (its logs captured, its group cleaned up); the record moves to RETRY_WAIT
     * with the attempt's summary and the next attempt's names and priority, and the lease goes back (the next
     * attempt is admitted like any create). Repeating it changes nothing.
     */
    public Map<String, String> scheduleRetry(RetryRequest request) {
        Instant now = clock.instant();
        String wait = request.waitMillis() >= 1000 ? " in " + (request.waitMillis() / 1000) + " s"
                : request.waitMillis() > 0 ? " in " + request.waitMillis() + " ms" : "";
        JobRecord record = jobs.update(request.jobId(), r -> {
            if (r.status().isTerminal() || !r.status().canChangeTo(JobStatus.RETRY_WAIT)) {
                return r;
            }
            String why = "attempt " + request.ended().attempt() + " of " + r.maxAttempts() + " "
                    + (AttemptSummary.EVICTED.equals(request.ended().outcome()) ? "evicted"
                    : request.ended().exitCode() == null ? "failed" : "exited with code " + request.ended().exitCode())
                    + "; attempt " + request.nextAttempt() + " (" + request.nextPriority() + ")" + wait;
            JobRecord.Spec next = new JobRecord.Spec(r.image(), r.resourceGroup(),
                    JobNames.containerGroupName(r.jobId(), request.nextAttempt()),
                    JobNames.deploymentName(r.jobId(), request.nextAttempt()), r.cpu(), r.memoryGb(),
                    request.nextPriority(), r.cleanup(), r.maxAttempts());
            return r.retrying(request.ended(), next, why, now);
        });
        ledger.release(record.jobId());
        if (record.status() == JobStatus.RETRY_WAIT) {
            // The ended attempt's log is in the job's log under its heading; the next attempt's containers (same
            // names, new group) start new captures, so its first lines are not taken for a gap after the last ones.
            logs.containerNames(record.jobId()).ifPresent(names -> names.forEach(name ->
                    logs.putContainerLog(record.jobId(), name, "")));
        }
        LOG.info(record.jobId(), "retry", () -> record.reason());
        return Map.of("jobId", record.jobId(), "status", record.status().name());
    }

    /** DeferAgain's input. */
    public record Deferral(String jobId, String reason) {
    }
}
