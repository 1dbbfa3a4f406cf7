package dev.acidispatch.arm;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One container's current state from the group's instance view. {@code state} is Waiting, Running or Terminated.
 * {@code restartCount} and {@code previousState} say whether ACI restarted it and how the run before ended: with
 * restartPolicy Never the platform may still restart a container that exited non-zero
 * (container-instances-restart-policy, "Restart behavior with nonzero exit codes"), or one hit by maintenance
 * (container-instances-troubleshooting, "Container had an isolated restart without explicit user input").
 */
public record ContainerStatus(String name, Optional<String> state, Optional<Integer> exitCode,
                              Optional<Instant> startTime, Optional<Instant> finishTime,
                              Optional<String> detailStatus, int restartCount, Optional<PreviousState> previousState) {
    public ContainerStatus {
        Objects.requireNonNull(name, "name");
        state = state == null ? Optional.empty() : state;
        exitCode = exitCode == null ? Optional.empty() : exitCode;
        startTime = startTime == null ? Optional.empty() : startTime;
        finishTime = finishTime == null ? Optional.empty() : finishTime;
        detailStatus = detailStatus == null ? Optional.empty() : detailStatus;
        previousState = previousState == null ? Optional.empty() : previousState;
    }

    /** A container with no previous state. */
    public ContainerStatus(String name, Optional<String> state, Optional<Integer> exitCode,
                           Optional<Instant> startTime, Optional<Instant> finishTime,
                           Optional<String> detailStatus, int restartCount) {
        this(name, state, exitCode, startTime, finishTime, detailStatus, restartCount, Optional.empty());
    }

    /** The exit code of its previous run ({@code instanceView.previousState.exitCode}), if any. */
    public Optional<Integer> previousExitCode() {
        return previousState.flatMap(PreviousState::exitCode);
    }

    public boolean isTerminated() {
        return state.map("Terminated"::equalsIgnoreCase).orElse(false);
    }

    public boolean isRunning() {
        return state.map("Running"::equalsIgnoreCase).orElse(false);
    }
}
