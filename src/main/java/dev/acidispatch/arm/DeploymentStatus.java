package dev.acidispatch.arm;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A deployment's state as ARM reports it. {@code provisioningState} is ARM's own word (Accepted, Running,
 * Succeeded, Failed, Canceled, ...); {@code timestamp} is ARM's last update time, absent when ARM sent none.
 */
public record DeploymentStatus(String name, String provisioningState, Optional<ArmError> error,
                               Optional<Instant> timestamp) {
    private static final Set<String> TERMINAL = Set.of("succeeded", "failed", "canceled");

    public DeploymentStatus {
        Objects.requireNonNull(name, "name");
        provisioningState = provisioningState == null ? "" : provisioningState;
        error = error == null ? Optional.empty() : error;
        timestamp = timestamp == null ? Optional.empty() : timestamp;
    }

    public boolean isTerminal() {
        return TERMINAL.contains(provisioningState.toLowerCase());
    }

    public boolean isSucceeded() {
        return "succeeded".equalsIgnoreCase(provisioningState);
    }

    /** Failed or Canceled: the deployment will not create anything more and may be re-submitted. */
    public boolean isFailedOrCanceled() {
        return "failed".equalsIgnoreCase(provisioningState) || "canceled".equalsIgnoreCase(provisioningState);
    }

    /**
     * ARM is deleting the record (its provisioning states include {@code Deleting}, deployments 2025-04-01); a PUT of
     * the same name is refused with {@code DeploymentBeingDeleted} until the delete has finished.
     */
    public boolean isDeleting() {
        return "deleting".equalsIgnoreCase(provisioningState);
    }

    /** Still being processed by ARM (anything that is not terminal). */
    public boolean isActive() {
        return !isTerminal();
    }

    /**
     * The typed exception this deployment's failure amounts to ({@link QuotaExceededException} when an inner error
     * names a quota, {@link InvalidTemplateException} for template errors, else {@link DeploymentFailedException}),
     * or empty when it did not fail.
     */
    public Optional<ArmException> failure() {
        if (!isFailedOrCanceled()) {
            return Optional.empty();
        }
        ArmError top = error.orElse(new ArmError(provisioningState, "Deployment '" + name + "' ended " + provisioningState
                + " without an error body"));
        return Optional.of(ArmErrorMapper.fromDeploymentError(top));
    }

    /** Throws {@link #failure()} when present; returns this otherwise. */
    public DeploymentStatus throwIfFailed() {
        Optional<ArmException> failure = failure();
        if (failure.isPresent()) {
            throw failure.get();
        }
        return this;
    }
}
