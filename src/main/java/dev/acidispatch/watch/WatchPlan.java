package dev.acidispatch.watch;

import java.time.Duration;
import java.time.Instant;

/**
 * The watcher orchestration's input and carried state: what to watch, its deadlines, and progress so far. It is small
 * and free of secrets because Durable Functions stores it in history; it survives {@code continueAsNew}.
 *
 * @param startedAtMillis first time the container was seen running (0 until then)
 * @param lastWaitMillis  the previous wait between checks (0 before the first)
 * @param shape           the job's other containers and its restart and cleanup policies (a plan written before
 *                        these existed reads as a single container with restartPolicy Never)
 * @param restartsSeen    the highest restart count ACI has reported for the container (platform restarts)
 * @param lastPreviousRun how the run before the latest restart ended, or null
 * @param attempt         which attempt is watched and what the retry policy allows after it (a plan written before
 *                        retries existed reads as the first and only attempt)
 * @param lastLogCaptureMillis when a check last captured the running containers' logs (0 before the first)
 */
public record WatchPlan(
        String jobId,
        String resourceGroup,
        String containerGroupName,
        String deploymentName,
        String containerName,
        boolean keepContainerGroup,
        long dispatchedAtMillis,
        long startTimeoutSeconds,
        long runTimeoutSeconds,
        PollPolicy poll,
        int generation,
        int totalChecks,
        long startedAtMillis,
        long lastWaitMillis,
        JobShape shape,
        int restartsSeen,
        String lastPreviousRun,
        AttemptPlan attempt,
        long lastLogCaptureMillis) {

    public WatchPlan {
        shape = shape == null ? JobShape.single(keepContainerGroup) : shape;
        attempt = attempt == null ? AttemptPlan.first() : attempt;
    }

    /** This plan for attempt {@code next} (same names: the caller gives the plan of the attempt's own group). */
    public WatchPlan withAttempt(AttemptPlan next) {
        return new WatchPlan(jobId, resourceGroup, containerGroupName, deploymentName, containerName, keepContainerGroup,
                dispatchedAtMillis, startTimeoutSeconds, runTimeoutSeconds, poll, generation, totalChecks,
                startedAtMillis, lastWaitMillis, shape, restartsSeen, lastPreviousRun, next, lastLogCaptureMillis);
    }

    public static WatchPlan start(String jobId, String resourceGroup, String containerGroupName, String deploymentName,
                                  String containerName, boolean keepContainerGroup, Instant dispatchedAt,
                                  Duration startTimeout, Duration runTimeout, PollPolicy poll) {
        return start(jobId, resourceGroup, containerGroupName, deploymentName, containerName, dispatchedAt,
                startTimeout, runTimeout, poll, JobShape.single(keepContainerGroup));
    }

    public static WatchPlan start(String jobId, String resourceGroup, String containerGroupName, String deploymentName,
                                  String containerName, Instant dispatchedAt, Duration startTimeout,
                                  Duration runTimeout, PollPolicy poll, JobShape shape) {
        return new WatchPlan(jobId, resourceGroup, containerGroupName, deploymentName, containerName,
                shape.cleanup() == dev.acidispatch.job.CleanupPolicy.NEVER, dispatchedAt.toEpochMilli(),
                startTimeout.toSeconds(), runTimeout.toSeconds(), poll, 0, 0, 0, 0, shape, 0, null, null, 0);
    }

    public Instant dispatchedAt() {
        return Instant.ofEpochMilli(dispatchedAtMillis);
    }

    public boolean hasStarted() {
        return startedAtMillis > 0;
    }

    /** The moment the watcher gives up: start deadline until the container runs, run deadline afterwards. */
    public Instant deadline() {
        return hasStarted()
                ? Instant.ofEpochMilli(startedAtMillis).plusSeconds(runTimeoutSeconds)
                : dispatchedAt().plusSeconds(startTimeoutSeconds);
    }

    public WatchPlan afterCheck(Observation seen) {
        long started = startedAtMillis;
        if (started == 0 && seen.startedAtMillis() != null && seen.startedAtMillis() > 0) {
            started = seen.startedAtMillis();
        }
        int restarts = Math.max(restartsSeen, seen.restartCount());
        String previous = seen.restartCount() > restartsSeen && seen.previousRun() != null ? seen.previousRun()
                : lastPreviousRun;
        return new WatchPlan(jobId, resourceGroup, containerGroupName, deploymentName, containerName, keepContainerGroup,
                dispatchedAtMillis, startTimeoutSeconds, runTimeoutSeconds, poll, generation, totalChecks + 1, started,
                lastWaitMillis, shape, restarts, previous, attempt, lastLogCaptureMillis);
    }

    public WatchPlan withLastWait(Duration wait) {
        return new WatchPlan(jobId, resourceGroup, containerGroupName, deploymentName, containerName, keepContainerGroup,
                dispatchedAtMillis, startTimeoutSeconds, runTimeoutSeconds, poll, generation, totalChecks,
                startedAtMillis, wait.toMillis(), shape, restartsSeen, lastPreviousRun, attempt, lastLogCaptureMillis);
    }

    public WatchPlan nextGeneration() {
        return new WatchPlan(jobId, resourceGroup, containerGroupName, deploymentName, containerName, keepContainerGroup,
                dispatchedAtMillis, startTimeoutSeconds, runTimeoutSeconds, poll, generation + 1, totalChecks,
                startedAtMillis, lastWaitMillis, shape, restartsSeen, lastPreviousRun, attempt, lastLogCaptureMillis);
    }

    /** Whether the check at {@code now} also captures the running containers' logs ({@link PollPolicy#logCaptureDue}). */
    public boolean logCaptureDue(Instant now) {
        return hasStarted() && poll.logCaptureDue(startedAtMillis, lastLogCaptureMillis, now.toEpochMilli());
    }

    /** The plan after a check that captured the running containers' logs at {@code now}. */
    public WatchPlan withLogCapture(Instant now) {
        return new WatchPlan(jobId, resourceGroup, containerGroupName, deploymentName, containerName, keepContainerGroup,
                dispatchedAtMillis, startTimeoutSeconds, runTimeoutSeconds, poll, generation, totalChecks,
                startedAtMillis, lastWaitMillis, shape, restartsSeen, lastPreviousRun, attempt, now.toEpochMilli());
    }

    /** The next wait: the poll policy's choice, never past the deadline (so timeouts are detected on time). */
    public Duration nextWait(Instant now) {
        Duration wanted = poll.next(lastWaitMillis, Duration.between(dispatchedAt(), now));
        if (hasStarted() && poll.logCaptureMillis() > 0 && wanted.toMillis() > poll.logCaptureMillis()) {
            wanted = Duration.ofMillis(poll.logCaptureMillis()); // a chatty job's logs are captured this often
        }
        Duration untilDeadline = Duration.between(now, deadline()).plusMillis(1);
        if (untilDeadline.compareTo(Duration.ofSeconds(1)) < 0) {
            untilDeadline = Duration.ofSeconds(1);
        }
        return wanted.compareTo(untilDeadline) < 0 ? wanted : untilDeadline;
    }
}
