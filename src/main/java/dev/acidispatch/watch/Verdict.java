package dev.acidispatch.watch;

import dev.acidispatch.job.JobStatus;

import java.time.Instant;
import java.util.Optional;

/** Decides from one observation whether a watched job is over, and how. Pure: the orchestrator calls it on replay. */
public final class Verdict {
    private Verdict() {
    }

    /**
     * @param plan         the plan already updated with this observation ({@link WatchPlan#afterCheck})
     * @param cancelRaised whether the cancel event has arrived
     */
    public static Optional<WatchOutcome> decide(WatchPlan plan, Observation seen, Instant now, boolean cancelRaised) {
        return decideIgnoringRestarts(plan, seen, now, cancelRaised)
                .map(outcome -> outcome.withReason(outcome.reason() + restartNote(plan)));
    }

    /**
     * How a job that ACI restarted reads: it ran more than once, and its result is the last run's. With restartPolicy
     * Never, ACI may still restart a container that exited non-zero (container-instances-restart-policy, "Restart
     * behavior with nonzero exit codes") or one hit by maintenance (container-instances-troubleshooting).
     */
    static String restartNote(WatchPlan plan) {
        if (plan.restartsSeen() <= 0) {
            return "";
        }
        return "; the platform restarted the container " + plan.restartsSeen()
                + (plan.restartsSeen() == 1 ? " time" : " times") + ", so it ran " + (plan.restartsSeen() + 1)
                + " times (ACI may restart a container even with restartPolicy Never)"
                + (plan.lastPreviousRun() == null ? "" : "; the run before ended " + plan.lastPreviousRun());
    }

    private static Optional<WatchOutcome> decideIgnoringRestarts(WatchPlan plan, Observation seen, Instant now,
                                                                 boolean cancelRaised) {
        Long started = plan.hasStarted() ? Long.valueOf(plan.startedAtMillis()) : null;
        Long nowMillis = now.toEpochMilli();
        switch (seen.phase()) {
            case EXITED -> {
                Integer code = seen.exitCode();
                Long finished = seen.finishedAtMillis() != null ? seen.finishedAtMillis() : nowMillis;
                if (code != null && code == 0) {
                    return Optional.of(new WatchOutcome(plan.jobId(), JobStatus.SUCCEEDED, 0, started, finished,
                            "container exited with code 0"));
                }
                String why = code == null ? "container terminated without an exit code" : "container exited with code " + code;
                return Optional.of(new WatchOutcome(plan.jobId(), JobStatus.FAILED, code, started, finished,
                        withDetail(why, seen.detail())));
            }
            case PROVISIONING_FAILED -> {
                return Optional.of(new WatchOutcome(plan.jobId(), JobStatus.FAILED, null, started, nowMillis,
                        withDetail("provisioning failed", seen.detail())));
            }
            case REFUSED -> {
                return Optional.of(new WatchOutcome(plan.jobId(), JobStatus.FAILED, null, started, nowMillis,
                        withDetail("ARM refused to show the container group", seen.detail())));
            }
            case MISSING -> {
                return Optional.of(new WatchOutcome(plan.jobId(), cancelRaised || seen.cancelRequested()
                        ? JobStatus.CANCELLED : JobStatus.FAILED, null, started, nowMillis,
                        withDetail("container group no longer exists (deleted outside aci-dispatch?)", seen.detail())));
            }
            case STOPPED -> {
                return Optional.of(new WatchOutcome(plan.jobId(), cancelRaised || seen.cancelRequested()
                        ? JobStatus.CANCELLED : JobStatus.FAILED, seen.exitCode(), started, nowMillis,
                        withDetail("container group was stopped outside aci-dispatch", seen.detail())));
            }
            default -> {
                // PENDING or RUNNING: only a cancel request or a deadline ends it.
            }
        }
        if (cancelRaised || seen.cancelRequested()) {
            return Optional.of(new WatchOutcome(plan.jobId(), JobStatus.CANCELLED, null, started, nowMillis,
                    "cancelled by request"));
        }
        if (!now.isBefore(plan.deadline())) {
            String why = plan.hasStarted()
                    ? "run timeout: still running after " + plan.runTimeoutSeconds() + " s"
                    : "start timeout: container did not start within " + plan.startTimeoutSeconds() + " s";
            return Optional.of(new WatchOutcome(plan.jobId(), JobStatus.TIMED_OUT, null, started, nowMillis,
                    withDetail(why, seen.detail())));
        }
        return Optional.empty();
    }

    private static String withDetail(String reason, String detail) {
        return detail == null || detail.isBlank() ? reason : reason + ": " + detail;
    }
}
