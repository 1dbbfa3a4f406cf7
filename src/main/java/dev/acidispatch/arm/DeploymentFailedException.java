package dev.acidispatch.arm;

import java.util.List;
import java.util.Optional;

/** A deployment ended Failed or Canceled; {@link #details()} holds ARM's inner errors (the real causes). */
public class DeploymentFailedException extends ArmException {
    private final List<ArmError> details;

    public DeploymentFailedException(String message, String code, Optional<String> requestId, List<ArmError> details) {
        super(message, code, 0, requestId, null);
        this.details = List.copyOf(details);
    }

    public List<ArmError> details() {
        return details;
    }
}
