package dev.acidispatch.watch;

import dev.acidispatch.arm.ContainerStatus;

import java.util.Optional;

/**
 * The watcher's decision for a container under restartPolicy OnFailure. ACI restarts a container in place when it
 * exits non-zero (container-instances-restart-policy: "restarted only when the process executed in the container
 * fails"), counting in {@code instanceView.restartCount} and keeping the last run in {@code previousState}. A job
 * allows {@code maxRestarts} restarts: a failed run that would need one more is the last, and the job ends FAILED with
 * that run's exit code (the watcher then stops or deletes the group, which ends the restarts).
 *
 * <p>Pure, so the orchestrator's replays see the same answer. Only OnFailure's bookkeeping lives here; states every
 * policy shares (running, a clean exit, a stopped group) are {@code WatchActivities.fromGroup}'s.
 */
public final class OnFailureRestarts {
    private OnFailureRestarts() {
    }

    /**
     * @return a decision when OnFailure changes the answer: a non-zero exit with restarts left is not the end
     * (RUNNING, or PENDING for an init container), and restarts used up end the job (EXITED with the last exit code);
     * empty when the container's state means what it means under Never
     */
    public static Optional<Observation> decide(ContainerStatus container, int maxRestarts, boolean initContainer) {
        boolean failedNow = container.isTerminated() && container.exitCode().filter(code -> code != 0).isPresent();
        int failedRuns = container.restartCount() + (failedNow ? 1 : 0);
        String which = (initContainer ? "init container '" : "container '") + container.name() + "'";
        if (failedRuns > maxRestarts && (failedNow || container.previousExitCode().isPresent())) {
            Integer last = failedNow ? container.exitCode().orElseThrow() : container.previousExitCode().orElseThrow();
            return Optional.of(new Observation(Observation.Phase.EXITED, last, null, null,
                    which + " failed " + failedRuns + " times (restarted " + container.restartCount()
                            + " times with restartPolicy OnFailure, maxRestarts " + maxRestarts
                            + "); giving up with its last exit code " + last, false));
        }
        if (failedNow) {
            // ACI restarts it: the job goes on.
            return Optional.of(new Observation(initContainer ? Observation.Phase.PENDING : Observation.Phase.RUNNING,
                    null, null, null, which + " exited with code " + container.exitCode().orElseThrow()
                    + "; ACI restarts it (restart " + (container.restartCount() + 1) + " of at most " + maxRestarts
                    + ")", false));
        }
        return Optional.empty();
    }
}
