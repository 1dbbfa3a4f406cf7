package dev.acidispatch.arm;

import java.time.Instant;
import java.util.Optional;

/**
 * A container's {@code instanceView.previousState} (containerInstance.json 2023-05-01, {@code ContainerState}): how
 * the run before the current one ended, set once the container has been restarted.
 */
public record PreviousState(Optional<String> state, Optional<Integer> exitCode, Optional<Instant> finishTime,
                            Optional<String> detailStatus) {
    public PreviousState {
        state = state == null ? Optional.empty() : state;
        exitCode = exitCode == null ? Optional.empty() : exitCode;
        finishTime = finishTime == null ? Optional.empty() : finishTime;
        detailStatus = detailStatus == null ? Optional.empty() : detailStatus;
    }

    /** E.g. {@code Terminated with exit code 1 (Error) at 2026-11-23T08:01:20Z}. */
    public String describe() {
        StringBuilder text = new StringBuilder(state.orElse("unknown state"));
        exitCode.ifPresent(code -> text.append(" with exit code ").append(code));
        detailStatus.filter(d -> !d.isBlank()).ifPresent(d -> text.append(" (").append(d).append(')'));
        finishTime.ifPresent(t -> text.append(" at ").append(t));
        return text.toString();
    }
}
