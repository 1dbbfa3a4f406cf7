package dev.acidispatch.job;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the dispatcher knows about one job: its status, why, and where it runs. Immutable; the domain verbs
 * ({@link #transitionTo}, {@link #finished}, {@link #withCancelRequested}, ...) return new records, and every status
 * change goes through {@link #transitionTo}, which enforces {@link JobStatus#canChangeTo}.
 *
 * <p>A record never holds secrets: no environment values, no registry credentials, only what status endpoints may show.
 * Free text is bounded ({@link #MAX_REASON_CHARS}, {@link #MAX_ERRORS}, {@link #MAX_HISTORY}) so a record always fits
 * one table entity.
 *
 * @param reason            why the job is in its status (human readable), or null
 * @param errors            field errors of a rejected message, each "path: message"
 * @param exitCode          the container's exit code once known, else null
 * @param cpu               requested cores, null when not known (e.g. a rejected message)
 * @param memoryGb          requested memory, null when not known
 * @param schedule          the schedule whose run this job is, or null for a job submitted on its own
 * @param cancelRequestedAt when cancellation was asked for; the CANCELLED status is set by whoever finishes the job
 * @param deployAttempts    how many times a deployment was started for this job
 * @param cleanup           what happens to the container group when the job is over (the orphan sweeper reads it)
 * @param restarts          how often ACI restarted the job's container on its own (the highest restartCount seen):
 *                          the job ran {@code restarts + 1} times
 * @param attempt           the current attempt, from 1 (each attempt is its own container group; the names and the
 *                          priority above are the current attempt's)
 * @param maxAttempts       attempts the retry policy allows in all (1: no retry)
 * @param attempts          the finished attempts, oldest first
 * @param history           the last {@link #MAX_HISTORY} changes, oldest first, each "time status reason"
 * @param etag              the store's version tag; set by the store, ignored on create
 */
public record JobRecord(
        String jobId,
        JobStatus status,
        String reason,
        List<String> errors,
        Integer exitCode,
        String image,
        String resourceGroup,
        String containerGroupName,
        String deploymentName,
        Double cpu,
        Double memoryGb,
        String priority,
        String schedule,
        Instant createdAt,
        Instant updatedAt,
        Instant dispatchedAt,
        Instant startedAt,
        Instant finishedAt,
        Instant cancelRequestedAt,
        CleanupPolicy cleanup,
        boolean logsCaptured,
        int deployAttempts,
        int restarts,
        int attempt,
        int maxAttempts,
        List<AttemptSummary> attempts,
        List<String> history,
        String etag) {

    public static final int MAX_REASON_CHARS = 2000;
    public static final int MAX_ERRORS = 50;
    public static final int MAX_ERROR_CHARS = 500;
    public static final int MAX_HISTORY = 20;
    private static final int MAX_HISTORY_REASON_CHARS = 200;

    /**
     * The non-secret parts of a resolved job that the record keeps.
     *
     * @param containerGroupName the ACI container group derived from the job id
     * @param deploymentName     the ARM deployment derived from the job id
     * @param priority           ACI priority ("Regular" or "Spot")
     * @param cleanup            what happens to the group when the job is over
     */
    public record Spec(String image, String resourceGroup, String containerGroupName, String deploymentName,
                       double cpu, double memoryGb, String priority, CleanupPolicy cleanup, int maxAttempts) {
        /** A job without retries. */
        public Spec(String image, String resourceGroup, String containerGroupName, String deploymentName,
                    double cpu, double memoryGb, String priority, CleanupPolicy cleanup) {
            this(image, resourceGroup, containerGroupName, deploymentName, cpu, memoryGb, priority, cleanup, 1);
        }

        /** The old spelling: keeping the group is {@link CleanupPolicy#NEVER}. */
        public Spec(String image, String resourceGroup, String containerGroupName, String deploymentName,
                    double cpu, double memoryGb, String priority, boolean keepContainerGroup) {
            this(image, resourceGroup, containerGroupName, deploymentName, cpu, memoryGb, priority,
                    CleanupPolicy.ofKeepContainerGroup(keepContainerGroup));
        }

        public Spec {
            Objects.requireNonNull(cleanup, "cleanup");
            if (maxAttempts < 1 || maxAttempts > RetryPolicy.MAX_ATTEMPTS) {
                throw new IllegalArgumentException("The value for maxAttempts must be from 1 to "
                        + RetryPolicy.MAX_ATTEMPTS + ", was " + maxAttempts);
            }
            requireText(image, "image");
            requireText(resourceGroup, "resourceGroup");
            requireText(containerGroupName, "containerGroupName");
            requireText(deploymentName, "deploymentName");
            if (!(cpu > 0) || !(memoryGb > 0)) {
                throw new IllegalArgumentException("The values for cpu and memoryGb must be greater than zero, were "
                        + cpu + " and " + memoryGb + ".");
            }
        }
    }

    public JobRecord {
        requireText(jobId, "jobId");
        Objects.requireNonNull(status, "status");
        cleanup = cleanup == null ? CleanupPolicy.ALWAYS : cleanup;
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (deployAttempts < 0) {
            throw new IllegalArgumentException("The value for deployAttempts must not be negative, was " + deployAttempts);
        }
        if (restarts < 0) {
            throw new IllegalArgumentException("The value for restarts must not be negative, was " + restarts);
        }
        // Records written before retries existed carry neither: they are on their first and only attempt.
        attempt = Math.max(attempt, 1);
        maxAttempts = Math.max(maxAttempts, attempt);
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
        reason = abbreviate(reason, MAX_REASON_CHARS);
        errors = boundErrors(errors);
        history = history == null ? List.of() : List.copyOf(
                history.size() > MAX_HISTORY ? history.subList(history.size() - MAX_HISTORY, history.size()) : history);
    }

    /** A new job accepted at {@code at}, details not yet resolved. */
    public static JobRecord queued(String jobId, Instant at) {
        return new Builder(jobId, JobStatus.QUEUED, at).reason("accepted").appendHistory(at, JobStatus.QUEUED, "accepted")
                .build();
    }

    /** A new job accepted at {@code at} whose message resolved to {@code spec}. */
    public static JobRecord queued(String jobId, Instant at, Spec spec) {
        return queued(jobId, at).withSpec(spec, at);
    }

    /** A job whose message was invalid; {@code errors} are the field errors, each "path: message". */
    public static JobRecord rejected(String jobId, List<String> errors, Instant at) {
        List<String> copy = List.copyOf(Objects.requireNonNull(errors, "errors"));
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("The value for errors must name at least one problem of the rejected message.");
        }
        String reason = "invalid job message: " + copy.get(0)
                + (copy.size() > 1 ? " (and " + (copy.size() - 1) + " more)" : "");
        return new Builder(jobId, JobStatus.REJECTED, at).reason(reason).errors(copy).finishedAt(at)
                .appendHistory(at, JobStatus.REJECTED, reason).build();
    }

    /** Whether the group is kept (stopped) whatever the outcome ({@link CleanupPolicy#NEVER}). */
    public boolean keepContainerGroup() {
        return cleanup == CleanupPolicy.NEVER;
    }

    /** The reason, if there is one. */
    public Optional<String> reasonText() {
        return Optional.ofNullable(reason);
    }

    /** Whether cancellation was requested and the job has not finished yet. */
    public boolean cancellationPending() {
        return cancelRequestedAt != null && !status.isTerminal();
    }

    /**
     * The one way to change a job's status. Re-entering the current non-terminal status returns this record
     * unchanged (a redelivered message is not an error, and the store then writes nothing).
     *
     * @throws IllegalJobStateChangeException when {@link JobStatus#canChangeTo} refuses the change
     */
    public JobRecord transitionTo(JobStatus next, String reason, Instant at) {
        Objects.requireNonNull(next, "next");
        Objects.requireNonNull(at, "at");
        if (!status.canChangeTo(next)) {
            throw new IllegalJobStateChangeException(jobId, status, next);
        }
        if (next == status) {
            return this;
        }
        Builder b = toBuilder().status(next).reason(reason).updatedAt(at);
        if (next == JobStatus.DISPATCHING) {
            b.dispatchedAt = at;
        } else if (next == JobStatus.RUNNING && startedAt == null) {
            b.startedAt = at;
        }
        if (next.isTerminal()) {
            b.finishedAt = at;
        }
        return b.appendHistory(at, next, reason).build();
    }

    /**
     * Moves the job to a terminal status with the container's exit code (null when there is none). Finishing again
     * with the same terminal status returns this record unchanged, so a retried result activity is harmless.
     *
     * @throws IllegalArgumentException       when {@code terminal} is not terminal
     * @throws IllegalJobStateChangeException when the job cannot reach {@code terminal} from its status
     */
    public JobRecord finished(JobStatus terminal, Integer exitCode, String reason, Instant at) {
        Objects.requireNonNull(terminal, "terminal");
        if (!terminal.isTerminal()) {
            throw new IllegalArgumentException("The value for terminal must be a terminal status (SUCCEEDED, FAILED,"
                    + " TIMED_OUT, CANCELLED, REJECTED), was " + terminal + ".");
        }
        if (status == terminal) {
            return this;
        }
        JobRecord moved = transitionTo(terminal, reason, at);
        return moved.toBuilder().exitCode(exitCode).build();
    }

    /**
     * Records that cancellation was requested. Only a flag: the job stays in its status until whoever finishes it
     * sets CANCELLED. Asking twice keeps the first time.
     *
     * @throws IllegalJobStateChangeException when the job is already terminal
     */
    public JobRecord withCancelRequested(Instant at) {
        Objects.requireNonNull(at, "at");
        if (!status.canChangeTo(JobStatus.CANCELLED)) {
            throw new IllegalJobStateChangeException(jobId, status, JobStatus.CANCELLED);
        }
        if (cancelRequestedAt != null) {
            return this;
        }
        Builder b = toBuilder().updatedAt(at);
        b.cancelRequestedAt = at;
        return b.appendHistory(at, status, "cancel requested").build();
    }

    /** Stores the resolved, non-secret details of the job (image, placement, size). */
    public JobRecord withSpec(Spec spec, Instant at) {
        Objects.requireNonNull(spec, "spec");
        Builder b = toBuilder().updatedAt(at);
        b.image = spec.image();
        b.resourceGroup = spec.resourceGroup();
        b.containerGroupName = spec.containerGroupName();
        b.deploymentName = spec.deploymentName();
        b.cpu = spec.cpu();
        b.memoryGb = spec.memoryGb();
        b.priority = spec.priority();
        b.cleanup = spec.cleanup();
        b.maxAttempts = Math.max(spec.maxAttempts(), attempt);
        return b.build();
    }

    /** Marks the job as a run of schedule {@code name}; set once, when the schedule creates the record. */
    public JobRecord withSchedule(String name) {
        requireText(name, "schedule");
        Builder b = toBuilder();
        b.schedule = name;
        return b.build();
    }


    /**
     * Ends the current attempt ({@code ended}) and moves to RETRY_WAIT for the next one, which runs in
     * {@code next}'s group at {@code next}'s priority. Repeating it for the same attempt returns this record unchanged,
     * so a retried activity is harmless.
     *
     * @param next the next attempt's names and priority ({@link ResolvedJob#forAttempt})
     * @throws IllegalArgumentException       when {@code ended} is not the current attempt, or it was the last one
     *                                        a job can have ({@link RetryPolicy#MAX_ATTEMPTS})
     * @throws IllegalJobStateChangeException when the job cannot wait for a retry from its status
     */
    public JobRecord retrying(AttemptSummary ended, Spec next, String reason, Instant at) {
        Objects.requireNonNull(ended, "ended");
        Objects.requireNonNull(next, "next");
        if (status == JobStatus.RETRY_WAIT && ended.attempt() == attempt - 1) {
            return this;
        }
        if (ended.attempt() != attempt) {
            throw new IllegalArgumentException("The value for ended.attempt must be the current attempt " + attempt
                    + ", was " + ended.attempt());
        }
        // maxAttempts bounds failures only (the watcher decides); an eviction may add attempts up to the name limit.
        if (attempt >= RetryPolicy.MAX_ATTEMPTS) {
            throw new IllegalArgumentException("Job '" + jobId + "' has no attempt left after attempt " + attempt
                    + " (at most " + RetryPolicy.MAX_ATTEMPTS + ")");
        }
        Builder b = transitionTo(JobStatus.RETRY_WAIT, reason, at).toBuilder();
        b.attempts.add(ended);
        b.attempt = attempt + 1;
        b.exitCode = ended.exitCode();
        b.containerGroupName = next.containerGroupName();
        b.deploymentName = next.deploymentName();
        b.priority = next.priority();
        b.startedAt = null;
        b.logsCaptured = false;
        b.restarts = 0;
        return b.build();
    }

    /** Records how the last attempt ended (once), before the job's final status is written. */
    public JobRecord withFinalAttempt(AttemptSummary last) {
        Objects.requireNonNull(last, "last");
        if (last.attempt() != attempt || attempts.stream().anyMatch(a -> a.attempt() == last.attempt())) {
            return this;
        }
        Builder b = toBuilder();
        b.attempts.add(last);
        return b.build();
    }

    /** Whether the job has (or had) more than one attempt to run. */
    public boolean retries() {
        return maxAttempts > 1;
    }

    /** Changes the reason without changing the status (e.g. a retry still waiting for admission says why). */
    public JobRecord withReason(String newReason, Instant at) {
        if (Objects.equals(reason, abbreviate(newReason, MAX_REASON_CHARS))) {
            return this;
        }
        return toBuilder().reason(newReason).updatedAt(at).build();
    }

    /** Counts one more deployment attempt. */
    public JobRecord withDeployAttempt(Instant at) {
        Builder b = toBuilder().updatedAt(at);
        b.deployAttempts = deployAttempts + 1;
        return b.build();
    }

    /**
     * Records that ACI restarted the container ({@code restartCount} reached {@code count}); a lower or equal count
     * changes nothing. The history says how the run before ended.
     */
    public JobRecord withRestarts(int count, String previousRun, Instant at) {
        Objects.requireNonNull(at, "at");
        if (count <= restarts) {
            return this;
        }
        Builder b = toBuilder().updatedAt(at);
        b.restarts = count;
        return b.appendHistory(at, status, "platform restarted the container (restart " + count
                + (previousRun == null ? ")" : "; the run before ended " + previousRun + ")")).build();
    }

    /** Marks the logs as saved to the log store (they must be captured before the group is deleted). */
    public JobRecord withLogsCaptured(Instant at) {
        if (logsCaptured) {
            return this;
        }
        Builder b = toBuilder().updatedAt(at);
        b.logsCaptured = true;
        return b.build();
    }

    /** For stores only: the version tag the store assigned. */
    public JobRecord withEtag(String newEtag) {
        if (Objects.equals(etag, newEtag)) {
            return this;
        }
        Builder b = toBuilder();
        b.etag = newEtag;
        return b.build();
    }

    private Builder toBuilder() {
        return new Builder(this);
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("The value for " + field + " must not be blank.");
        }
    }

    private static String abbreviate(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int cut = max - 1;
        if (Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--;
        }
        return text.substring(0, cut) + "…";
    }

    private static List<String> boundErrors(List<String> errors) {
        if (errors == null || errors.isEmpty()) {
            return List.of();
        }
        List<String> bounded = new ArrayList<>();
        for (String error : errors) {
            if (bounded.size() == MAX_ERRORS - 1 && errors.size() > MAX_ERRORS) {
                bounded.add("... and " + (errors.size() - bounded.size()) + " more errors");
                break;
            }
            bounded.add(abbreviate(Objects.requireNonNull(error, "errors must not contain null"), MAX_ERROR_CHARS));
        }
        return List.copyOf(bounded);
    }

    /** Mutable copy used by the verbs so each one names only the fields it changes. */
    private static final class Builder {
        private final String jobId;
        private JobStatus status;
        private String reason;
        private List<String> errors;
        private Integer exitCode;
        private String image;
        private String resourceGroup;
        private String containerGroupName;
        private String deploymentName;
        private Double cpu;
        private Double memoryGb;
        private String priority;
        private String schedule;
        private final Instant createdAt;
        private Instant updatedAt;
        private Instant dispatchedAt;
        private Instant startedAt;
        private Instant finishedAt;
        private Instant cancelRequestedAt;
        private CleanupPolicy cleanup;
        private boolean logsCaptured;
        private int deployAttempts;
        private int restarts;
        private int attempt = 1;
        private int maxAttempts = 1;
        private final List<AttemptSummary> attempts;
        private final List<String> history;
        private String etag;

        Builder(String jobId, JobStatus status, Instant at) {
            this.jobId = jobId;
            this.status = status;
            this.createdAt = Objects.requireNonNull(at, "at");
            this.updatedAt = at;
            this.errors = List.of();
            this.attempts = new ArrayList<>();
            this.history = new ArrayList<>();
        }

        Builder(JobRecord r) {
            jobId = r.jobId;
            status = r.status;
            reason = r.reason;
            errors = r.errors;
            exitCode = r.exitCode;
            image = r.image;
            resourceGroup = r.resourceGroup;
            containerGroupName = r.containerGroupName;
            deploymentName = r.deploymentName;
            cpu = r.cpu;
            memoryGb = r.memoryGb;
            priority = r.priority;
            schedule = r.schedule;
            createdAt = r.createdAt;
            updatedAt = r.updatedAt;
            dispatchedAt = r.dispatchedAt;
            startedAt = r.startedAt;
            finishedAt = r.finishedAt;
            cancelRequestedAt = r.cancelRequestedAt;
            cleanup = r.cleanup;
            logsCaptured = r.logsCaptured;
            deployAttempts = r.deployAttempts;
            restarts = r.restarts;
            attempt = r.attempt;
            maxAttempts = r.maxAttempts;
            attempts = new ArrayList<>(r.attempts);
            history = new ArrayList<>(r.history);
            etag = r.etag;
        }

        Builder status(JobStatus value) {
            status = value;
            return this;
        }

        Builder reason(String value) {
            reason = value;
            return this;
        }

        Builder errors(List<String> value) {
            errors = value;
            return this;
        }

        Builder exitCode(Integer value) {
            exitCode = value;
            return this;
        }

        Builder updatedAt(Instant value) {
            updatedAt = Objects.requireNonNull(value, "at");
            return this;
        }

        Builder finishedAt(Instant value) {
            finishedAt = value;
            return this;
        }

        Builder appendHistory(Instant at, JobStatus newStatus, String why) {
            String entry = at + " " + newStatus + (why == null || why.isBlank() ? ""
                    : " " + abbreviate(why, MAX_HISTORY_REASON_CHARS));
            history.add(entry);
            return this;
        }

        JobRecord build() {
            return new JobRecord(jobId, status, reason, errors, exitCode, image, resourceGroup, containerGroupName,
                    deploymentName, cpu, memoryGb, priority, schedule, createdAt, updatedAt, dispatchedAt, startedAt,
                    finishedAt, cancelRequestedAt, cleanup, logsCaptured, deployAttempts, restarts, attempt, maxAttempts,
                    attempts, history, etag);
        }
    }
}
