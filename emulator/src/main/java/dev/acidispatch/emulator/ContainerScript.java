package dev.acidispatch.emulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an emulated container group does, on the emulator's clock: provisioning (pulling) for
 * {@code provisioningDelay}, then running for {@code runDuration}, then terminating with {@code exitCode}.
 * {@code logLines} appear progressively while it runs. Alternatives: fail provisioning with an ACI error, never start
 * (stuck pulling), keep failing the image pull (with back-off events), or be refused by ACI when the deployment
 * creates it. {@code platformRestarts} are restarts ACI makes on its own, whatever the restart policy.
 */
public record ContainerScript(Duration provisioningDelay, Duration runDuration, int exitCode, List<String> logLines,
                              Optional<ProvisioningFailure> provisioningFailure, boolean neverStart,
                              Optional<PullFailure> pullFailure, Optional<ProvisioningFailure> createRefusal,
                              List<PlatformRestart> platformRestarts) {

    /** An ACI provisioning error, e.g. {@code InaccessibleImage}. */
    public record ProvisioningFailure(String code, String message) {
        public ProvisioningFailure {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * The image pull keeps failing: ACI retries it, and each retry adds to the {@code Pulling}, {@code Failed} and
     * {@code BackOff} events' counts (container-instances-troubleshooting, "Unable to pull image": "If Azure
     * Container Instances is initially unable to pull your image, it retries for time"; its example shows the three
     * events with {@code count: 3}).
     *
     * @param reason       what the registry said, after {@code Failed to pull image "<image>": }
     * @param retryEvery   time between pull attempts
     */
    public record PullFailure(String reason, Duration retryEvery) {
        public PullFailure {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(retryEvery, "retryEvery");
            if (retryEvery.isNegative() || retryEvery.isZero()) {
                throw new IllegalArgumentException("The value for retryEvery must be positive, was " + retryEvery);
            }
        }
    }

    /**
     * A restart ACI makes without being asked. With {@code restartPolicy: Never}, "If the container exits with a
     * nonzero exit code, the platform might restart the container to attempt recovery"
     * (container-instances-restart-policy, "Restart behavior with nonzero exit codes"), and "customers may
     * experience restarts initiated by the ACI infrastructure due to maintenance events"
     * (container-instances-troubleshooting, "Container had an isolated restart without explicit user input").
     *
     * @param kind        {@link Kind#AFTER_EXIT}: the run ended, and after {@code at} the container starts again;
     *                    {@link Kind#WHILE_RUNNING}: maintenance kills the run {@code at} after it started, and it
     *                    starts again at once
     * @param runDuration how long the new run lasts ({@link Kind#WHILE_RUNNING}: the killed run's full duration)
     * @param exitCode    how the new run ends ({@link Kind#WHILE_RUNNING}: like the killed run would have)
     */
    public record PlatformRestart(Kind kind, Duration at, Duration runDuration, int exitCode) {
        /** {@link #EVICTION}: as WHILE_RUNNING, for a Spot group whose capacity Azure reclaimed. */
        public enum Kind { AFTER_EXIT, WHILE_RUNNING, EVICTION }

        public PlatformRestart {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(runDuration, "runDuration");
            if (at.isNegative() || runDuration.isNegative()) {
                throw new IllegalArgumentException("The values for at and runDuration must not be negative");
            }
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
        pullFailure = pullFailure == null ? Optional.empty() : pullFailure;
        createRefusal = createRefusal == null ? Optional.empty() : createRefusal;
        platformRestarts = platformRestarts == null ? List.of() : List.copyOf(platformRestarts);
    }

    /** 5 s provisioning, 10 s running, exit 0, one log line. */
    public static ContainerScript defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The container never gets past pulling: it is stuck, or its pull keeps failing. */
    boolean pullsForever() {
        return neverStart || pullFailure.isPresent();
    }

    public static final class Builder {
        private Duration provisioningDelay = Duration.ofSeconds(5);
        private Duration runDuration = Duration.ofSeconds(10);
        private int exitCode;
        private List<String> logLines = List.of("emulated container ran");
        private ProvisioningFailure provisioningFailure;
        private boolean neverStart;
        private PullFailure pullFailure;
        private ProvisioningFailure createRefusal;
        private final List<PlatformRestart> restarts = new ArrayList<>();

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

        /**
         * Stays pulling: the container never starts, and ACI fails provisioning after its 30-minute timeout
         * (the deployment stays Running until then).
         */
        public Builder neverStart() {
            this.neverStart = true;
            return this;
        }

        /** The pull fails every {@code retryEvery} with {@code reason}, and ACI keeps retrying until its timeout. */
        public Builder pullKeepsFailing(String reason, Duration retryEvery) {
            this.pullFailure = new PullFailure(reason, retryEvery);
            return this;
        }

        /**
         * ACI refuses to create the group (e.g. {@code InaccessibleImage} for an image it cannot see): the group never
         * exists, and the deployment fails at once with this error as its detail.
         */
        public Builder refuseCreate(String code, String message) {
            this.createRefusal = new ProvisioningFailure(code, message);
            return this;
        }

        /** After the run (or the previous restart's run) ends, ACI restarts the container once {@code gap} has passed. */
        public Builder platformRestartAfterExit(Duration gap, Duration rerunDuration, int rerunExitCode) {
            restarts.add(new PlatformRestart(PlatformRestart.Kind.AFTER_EXIT, nonNegative(gap, "gap"),
                    nonNegative(rerunDuration, "rerunDuration"), rerunExitCode));
            return this;
        }

        /** Maintenance: the current run is killed {@code intoRun} after it started and starts again from scratch. */
        public Builder platformRestartWhileRunning(Duration intoRun) {
            restarts.add(new PlatformRestart(PlatformRestart.Kind.WHILE_RUNNING, nonNegative(intoRun, "intoRun"),
                    Duration.ZERO, 0));
            return this;
        }

        /**
         * A Spot eviction {@code intoRun} after the run started: ACI documents that "If an eviction occurs, the
         * container groups hosting the customer workloads are automatically restarted without requiring any action
         * from the customer" (container-instances-spot-containers-overview, "Eviction policies"). So the run is killed
         * and starts again from scratch, as in {@link #platformRestartWhileRunning}; the killed run's
         * {@code detailStatus} is {@code Evicted} (ACI does not document what it reports there: the emulator's choice).
         */
        public Builder spotEviction(Duration intoRun) {
            restarts.add(new PlatformRestart(PlatformRestart.Kind.EVICTION, nonNegative(intoRun, "intoRun"),
                    Duration.ZERO, 0));
            return this;
        }

        public ContainerScript build() {
            int ways = (neverStart ? 1 : 0) + (provisioningFailure != null ? 1 : 0) + (pullFailure != null ? 1 : 0)
                    + (createRefusal != null ? 1 : 0);
            if (ways > 1) {
                throw new IllegalStateException("A script can do only one of: never start, fail provisioning, keep "
                        + "failing the pull, refuse the create");
            }
            return new ContainerScript(provisioningDelay, runDuration, exitCode, logLines,
                    Optional.ofNullable(provisioningFailure), neverStart, Optional.ofNullable(pullFailure),
                    Optional.ofNullable(createRefusal), restarts);
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
