package dev.acidispatch.emulator;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an emulated container group does, on the emulator's clock: provisioning (pulling) for
 * {@code provisioningDelay}, then running for {@code runDuration}, then terminating with {@code exitCode}.
 * {@code logLines} appear progressively while it runs. Alternatives: fail provisioning with an ACI error, or never
 * start (stuck pulling).
 */
public record ContainerScript(Duration provisioningDelay, Duration runDuration, int exitCode, List<String> logLines,
                              Optional<ProvisioningFailure> provisioningFailure, boolean neverStart) {

    /** An ACI provisioning error, e.g. {@code InaccessibleImage}. */
    public record ProvisioningFailure(String code, String message) {
        public ProvisioningFailure {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }

    public ContainerScript {
        Objects.requireNonNull(provisioningDelay, "provisioningDelay");
        Objects.requireNonNull(runDuration, "runDuration");
        if (provisioningDelay.isNegative() || runDuration.isNegative()) {
            throw new IllegalArgumentException("provisioningDelay and runDuration must not be negative");
        }
        logLines = List.copyOf(logLines);
        provisioningFailure = provisioningFailure == null ? Optional.empty() : provisioningFailure;
    }

    /** 5 s provisioning, 10 s running, exit 0, one log line. */
    public static ContainerScript defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private Duration provisioningDelay = Duration.ofSeconds(5);
        private Duration runDuration = Duration.ofSeconds(10);
        private int exitCode;
        private List<String> logLines = List.of("emulated container ran");
        private ProvisioningFailure provisioningFailure;
        private boolean neverStart;

        public Builder provisioningDelay(Duration delay) {
            this.provisioningDelay = nonNegative(delay, "provisioningDelay");
            return this;
        }

        public Builder runDuration(Duration duration) {
            this.runDuration = nonNegative(duration, "runDuration");
            return this;
        }

        public Builder exitCode(int exitCode) {
            this.exitCode = exitCode;
            return this;
        }

        public Builder logLines(List<String> lines) {
            this.logLines = List.copyOf(Objects.requireNonNull(lines, "lines"));
            return this;
        }

        public Builder logLines(String... lines) {
            return logLines(List.of(lines));
        }

        /** Provisioning fails after the provisioning delay with this ACI error (e.g. InaccessibleImage). */
        public Builder failProvisioning(String code, String message) {
            this.provisioningFailure = new ProvisioningFailure(code, message);
            return this;
        }

        /** Stays pulling forever: provisioning never completes, the deployment stays Running. */
        public Builder neverStart() {
            this.neverStart = true;
            return this;
        }

        public ContainerScript build() {
            if (neverStart && provisioningFailure != null) {
                throw new IllegalStateException("A script cannot both never start and fail provisioning");
            }
            return new ContainerScript(provisioningDelay, runDuration, exitCode, logLines,
                    Optional.ofNullable(provisioningFailure), neverStart);
        }

        private static Duration nonNegative(Duration value, String field) {
            Objects.requireNonNull(value, field);
            if (value.isNegative()) {
                throw new IllegalArgumentException("The value for " + field + " must not be negative, was " + value);
            }
            return value;
        }
    }
}
