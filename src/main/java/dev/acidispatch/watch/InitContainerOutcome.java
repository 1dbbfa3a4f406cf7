package dev.acidispatch.watch;

import dev.acidispatch.arm.ContainerStatus;
import dev.acidispatch.arm.GroupStatus;

import java.util.Optional;

/**
 * What the group's init containers say about the job. Init containers run one after another before the job's
 * container; "Each init container must exit successfully before the next container in the group starts"
 * (container-instances-init-container). With restartPolicy Never a failed init container is never restarted, so the
 * job container never runs: the job ends FAILED with the init container's exit code. With OnFailure ACI restarts it,
 * and {@link OnFailureRestarts} counts the restarts against {@code maxRestarts}.
 */
public final class InitContainerOutcome {
    private InitContainerOutcome() {
    }

    /** A decision when an init container failed or is being restarted; empty while they run or once they passed. */
    public static Optional<Observation> decide(GroupStatus group, JobShape shape) {
        for (ContainerStatus init : group.initContainers()) {
            if (shape.restartsOnFailure()) {
                Optional<Observation> decided = OnFailureRestarts.decide(init, shape.maxRestarts(), true);
                if (decided.isPresent()) {
                    return decided;
                }
            } else if (init.isTerminated() && init.exitCode().filter(code -> code != 0).isPresent()) {
                int code = init.exitCode().orElseThrow();
                return Optional.of(new Observation(Observation.Phase.EXITED, code, null,
                        init.finishTime().map(java.time.Instant::toEpochMilli).orElse(null),
                        "init container '" + init.name() + "' exited with code " + code
                                + ", so the job's container did not run", false));
            }
        }
        return Optional.empty();
    }
}
