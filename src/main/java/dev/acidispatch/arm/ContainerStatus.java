package dev.acidispatch.arm;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One container's current state from the group's instance view. {@code state} is Waiting, Running or Terminated.
 *
 * @param restartCount     how often ACI restarted it in place (restartPolicy OnFailure or Always)
 * @param previousExitCode the exit code of its previous run ({@code instanceView.previousState.exitCode}), if any
 */
public record ContainerStatus(String name, Optional<String> state, Optional<Integer> exitCode,
                              Optional<Instant> startTime, Optional<Instant> finishTime,
                              Optional<String> detailStatus, int restartCount, Optional<Integer> previousExitCode) {

    /** A container whose previous state is not known. */
    public ContainerStatus(String name, Optional<String> state, Optional<Integer> exitCode,
                           Optional<Instant> startTime, Optional<Instant> finishTime,
                           Optional<String> detailStatus, int restartCount) {
        this(name, state, exitCode, startTime, finishTime, detailStatus, restartCount, Optional.empty());
    }

    public ContainerStatus {
        previousExitCode = previousExitCode == null ? Optional.empty() : previousExitCode;
        Objects.requireNonNull(name, "name");
        state = state == null ? Optional.empty() : state;
        exitCode = exitCode == null ? Optional.empty() : exitCode;
        startTime = startTime == null ? Optional.empty() : startTime;
        finishTime = finishTime == null ? Optional.empty() : finishTime;
        detailStatus = detailStatus == null ? Optional.empty() : detailStatus;
    }

    public boolean isTerminated() {
        return state.map("Terminated"::equalsIgnoreCase).orElse(false);
    }

    public boolean isRunning() {
        return state.map("Running"::equalsIgnoreCase).orElse(false);
    }
}
