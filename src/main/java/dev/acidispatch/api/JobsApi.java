package dev.acidispatch.api;

import dev.acidispatch.admission.AdmissionLedger;
import dev.acidispatch.admission.DeferredJobs;
import dev.acidispatch.arm.ArmException;
import dev.acidispatch.arm.ContainerGroups;
import dev.acidispatch.arm.ContainerStatus;
import dev.acidispatch.arm.GroupStatus;
import dev.acidispatch.job.FieldError;
import dev.acidispatch.job.InvalidJobException;
import dev.acidispatch.job.JobNames;
import dev.acidispatch.job.JobRecord;
import dev.acidispatch.job.JobStatus;
import dev.acidispatch.job.JobValidator;
import dev.acidispatch.job.MessageText;
import dev.acidispatch.job.ResolvedJob;
import dev.acidispatch.containerlogs.LogCapture;
import dev.acidispatch.containerlogs.LogCursor;
import dev.acidispatch.containerlogs.LogLine;
import dev.acidispatch.store.ContainerNames;
import dev.acidispatch.store.JobAlreadyExistsException;
import dev.acidispatch.store.JobPage;
import dev.acidispatch.store.JobQuery;
import dev.acidispatch.store.JobStore;
import dev.acidispatch.store.LogStore;
import dev.acidispatch.store.MessageQueue;
import dev.acidispatch.template.TemplateCatalog;
import dev.acidispatch.watch.Watchers;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP API's logic: submit, status, logs, cancel. Path ids are checked against the jobId pattern before any
 * store access, so nothing user-supplied reaches a table query unchecked.
 */
public final class JobsApi {
    private final JobValidator validator;
    private final JobStore jobs;
    private final LogStore logs;
    private final MessageQueue jobQueue;
    private final ContainerGroups groups;
    private final DeferredJobs deferred;
    private final AdmissionLedger ledger;
    private final Watchers watchers;
    private final Clock clock;
    private final LogCapture capture;

    public JobsApi(JobValidator validator, JobStore jobs, LogStore logs, MessageQueue jobQueue, ContainerGroups groups,
                   DeferredJobs deferred, AdmissionLedger ledger, Watchers watchers, Clock clock, int logTailLines) {
        this.validator = validator;
        this.jobs = jobs;
        this.logs = logs;
        this.jobQueue = jobQueue;
        this.groups = groups;
        this.deferred = deferred;
        this.ledger = ledger;
        this.watchers = watchers;
        this.clock = clock;
        this.capture = new LogCapture(groups, logs, group -> Optional.empty());
    }

    /**
     * POST /api/jobs: validate, record QUEUED, enqueue the message as written (with the generated jobId when it had
     * none): its defaults are the dispatcher's, resolved where it runs, never this caller's. Idempotent by jobId: a
     * job that is still active answers 202 with its status; a finished one answers 409, since nothing runs again.
     */
    public ApiResponse submit(String body, String baseUrl) {
        String text = body == null ? "" : body;
        ResolvedJob job;
        try {
            job = validator.resolve(text);
        } catch (InvalidJobException e) {
            return ApiResponse.json(400, Map.of("error", "invalid job message", "errors", describe(e.errors())));
        }
        // Placement and size are the dispatcher's to resolve: the record gets them when it dispatches the job.
        JobRecord queued = JobRecord.queued(job.jobId(), clock.instant());
        JobRecord record;
        try {
            record = jobs.create(queued);
        } catch (JobAlreadyExistsException e) {
            record = e.existing();
            if (record.status() == JobStatus.REJECTED) {
                jobs.delete(job.jobId());
                record = jobs.create(queued);
            }
        }
        // Sent while the job is still QUEUED, also on a repeated submit: that heals a send lost after the record was
        // written, and a duplicate message is harmless because dispatch is idempotent.
        if (record.status() == JobStatus.QUEUED) {
            jobQueue.send(MessageText.withJobId(text, job.jobId()));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("jobId", record.jobId());
        answer.put("status", record.status().name());
        answer.put("statusUrl", baseUrl + "/api/jobs/" + record.jobId());
        if (record.status().isTerminal()) {
            answer.put("error", "job " + record.jobId() + " already finished as " + record.status() + "; jobId is the "
                    + "idempotency key, so it was not queued again: give the message a new jobId (or none, to have "
                    + "one generated) to run it again");
            return ApiResponse.json(409, answer);
        }
        return ApiResponse.json(202, answer);
    }

    /**
     * GET /api/jobs: a page of jobs, newest first, filtered by the query string ({@link JobListParameters}); the
     * answer's {@code continuationToken} fetches the next page and is null on the last.
     */
    public ApiResponse list(Map<String, String> parameters) {
        JobQuery query;
        try {
            query = JobListParameters.parse(parameters == null ? Map.of() : parameters);
        } catch (JobListParameters.InvalidParametersException e) {
            return ApiResponse.json(400, Map.of("error", "invalid query", "errors", describe(e.errors())));
        }
        JobPage page = jobs.query(query);
        Instant now = clock.instant();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("jobs", page.jobs().stream().map(r -> JobSummary.of(r, now)).toList());
        answer.put("continuationToken", page.continuationToken());
        return ApiResponse.json(200, answer);
    }

    /** GET /api/jobs/{id} */
    public ApiResponse status(String jobId) {
        return withJob(jobId, r -> ApiResponse.json(200, JobView.of(r)));
    }

    /** GET /api/jobs/{id}/logs: the job's captured log once finished, its log so far while it runs. */
    public ApiResponse logs(String jobId) {
        return logs(jobId, null, null);
    }

    /**
     * GET /api/jobs/{id}/logs[?container=NAME][&since=CURSOR].
     *
     * <p>Without {@code since}: {@code text/plain}, the job's captured log once it finished (every container, the job's
     * first), or one container's log so far while it runs (what the watcher captured, then what ACI has beyond it).
     *
     * <p>With {@code since} ({@code start}, or the {@code next} of the previous answer): JSON {@code {jobId, container,
     * status, lines, next, complete, missing}}, the lines after the cursor, each once (see {@link LogCursor}), with a
     * marker line where lines may be missing; {@code complete} once the job finished and its logs were captured, so a
     * follower stops after printing {@code lines}. The container defaults to the job's own (the group's first).
     */
    public ApiResponse logs(String jobId, String container, String since) {
        return withJob(jobId, r -> {
            if (container != null && !ContainerNames.isValid(container)) {
                return ApiResponse.error(400, "container: '" + container + "' is not a container name; expected 1 to "
                        + "63 lowercase letters, digits or inner hyphens");
            }
            LogCursor cursor;
            try {
                cursor = since == null ? null : LogCursor.parse(since);
            } catch (IllegalArgumentException e) {
                return ApiResponse.error(400, e.getMessage());
            }
            boolean live = !r.logsCaptured() && r.containerGroupName() != null && switch (r.status()) {
                case QUEUED, DEFERRED, REJECTED -> false;
                default -> true;
            };
            if (since == null && container == null && !live) {
                return logs.get(r.jobId()).map(text -> ApiResponse.text(200, text)).orElseGet(() ->
                        ApiResponse.error(404, "no logs for job " + r.jobId() + " (status " + r.status() + ")"));
            }
            List<LogLine> lines;
            String name;
            try {
                name = container != null ? container : jobContainer(r, live);
                LogCapture.Target target = new LogCapture.Target(r.jobId(), r.resourceGroup(), r.containerGroupName(),
                        name, false, Optional.empty());
                lines = capture.current(target, live);
            } catch (ArmException e) {
                return ApiResponse.error(503, "logs are not available yet: " + e.getMessage());
            }
            if (cursor == null) {
                if (lines.isEmpty() && !live) {
                    return ApiResponse.error(404, "no logs for container '" + name + "' of job " + r.jobId()
                            + " (status " + r.status() + ")");
                }
                return ApiResponse.text(200, LogLine.display(lines));
            }
            LogCursor.Advance step = cursor.advance(lines);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("jobId", r.jobId());
            answer.put("container", name);
            answer.put("status", r.status().name());
            answer.put("lines", step.fresh().stream().map(LogLine::display).toList());
            answer.put("next", step.next().token());
            answer.put("complete", r.status().isTerminal() && r.logsCaptured());
            answer.put("missing", step.hasGap());
            return ApiResponse.json(200, answer);
        });
    }

    /** The job's own container: the group's first while it exists, else the first the capture recorded. */
    private String jobContainer(JobRecord r, boolean live) {
        if (live) {
            Optional<String> first = groups.getGroup(r.resourceGroup(), r.containerGroupName())
                    .flatMap(GroupStatus::firstContainer).map(ContainerStatus::name);
            if (first.isPresent()) {
                return first.get();
            }
        }
        return logs.containerNames(r.jobId()).filter(names -> !names.isEmpty()).map(names -> names.get(0))
                .orElse(TemplateCatalog.DEFAULT_CONTAINER_NAME);
    }

    /** POST /api/jobs/{id}/cancel: 202 accepted at any phase, 404 unknown, 409 already finished. */
    public ApiResponse cancel(String jobId) {
        return withJob(jobId, r -> {
            if (r.status().isTerminal()) {
                return ApiResponse.error(409, "job " + r.jobId() + " already finished as " + r.status());
            }
            JobRecord updated = jobs.update(r.jobId(), current -> {
                if (current.status().isTerminal()) {
                    return current;
                }
                JobRecord requested = current.cancelRequestedAt() == null
                        ? current.withCancelRequested(clock.instant()) : current;
                // Not yet deployed: nothing to stop, so it ends here; the dispatcher skips it on delivery.
                return switch (requested.status()) {
                    case QUEUED, DEFERRED -> requested.finished(JobStatus.CANCELLED, null, "cancelled before dispatch",
                            clock.instant());
                    default -> requested;
                };
            });
            if (updated.status() == JobStatus.CANCELLED) {
                // A deferred job's stored message may hold secrets and its lease holds capacity: neither outlives it.
                deferred.delete(updated.jobId());
                ledger.release(updated.jobId());
            }
            if (updated.status().isTerminal() && updated.status() != JobStatus.CANCELLED) {
                return ApiResponse.error(409, "job " + r.jobId() + " already finished as " + updated.status());
            }
            if (!updated.status().isTerminal()) {
                watchers.cancel(updated.jobId(), "cancelled by request");
            }
            return ApiResponse.json(202, Map.of("jobId", updated.jobId(), "status", updated.status().name(),
                    "cancelRequested", true));
        });
    }

    private ApiResponse withJob(String jobId, java.util.function.Function<JobRecord, ApiResponse> action) {
        if (!JobNames.isValidJobId(jobId)) {
            return ApiResponse.error(400, "invalid job id: expected 1-40 lowercase letters, digits and hyphens "
                    + "(no leading or trailing hyphen)");
        }
        return jobs.get(jobId).map(action).orElseGet(() -> ApiResponse.error(404, "no job " + jobId));
    }

    private static List<Map<String, String>> describe(List<FieldError> errors) {
        return errors.stream().map(e -> Map.of("path", e.path(), "message", e.message())).toList();
    }
}
