package dev.acidispatch.arm;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** One container's current state from the group's instance view. {@code state} is Waiting, Running or Terminated. */
public record ContainerStatus(String name, Optional<String> state, Optional<Integer> exitCode,
                              Optional<Instant> startTime, Optional<Instant> finishTime,
                              Optional<String> detailStatus, int restartCount) {
    public ContainerStatus {
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
