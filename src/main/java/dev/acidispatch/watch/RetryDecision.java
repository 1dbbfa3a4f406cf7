package dev.acidispatch.watch;

import dev.acidispatch.job.JobStatus;
import dev.acidispatch.job.RetryPolicy;

import java.util.Locale;

/**
 * Whether an attempt's ending starts another attempt. Pure: the orchestrator calls it on replay.
 *
 * <p>A Spot eviction is its own outcome. ACI documents no eviction state: "If an eviction occurs, the container
 * groups hosting the customer workloads are automatically restarted without requiring any action from the customer"
 * (container-instances-spot-containers-overview, "Eviction policies"). So a Spot group whose container ACI restarted
 * on its own ({@code instanceView.restartCount} above 0, restartPolicy Never), or whose state or events name an
 * eviction, was evicted: the run the job had is lost, and a fresh attempt (at {@code spotFallback}'s priority when
 * set) replaces the restarted one.
 */
public final class RetryDecision {
    private RetryDecision() {
    }

    /** Whether the watched Spot group shows an eviction. */
    public static boolean evicted(WatchPlan plan, Observation seen) {
        if (!"Spot".equals(plan.attempt().priority()) || plan.shape().restartsOnFailure()) {
            return false;
        }
        return seen.restartCount() > 0 || mentionsEviction(seen.detail()) || mentionsEviction(seen.previousRun());
    }

    /**
     * Whether a failed attempt is retried: an exit code the policy lists (any non-zero when it lists none), or a
     * provisioning failure when {@code onProvisioningFailure}; and attempts left. Timeouts, cancels and what ARM
     * refuses for good are not retried.
     */
    public static boolean retries(WatchPlan plan, Observation seen, WatchOutcome outcome) {
        if (outcome.status() != JobStatus.FAILED || !plan.attempt().allowsAnotherAfter(false)) {
            return false;
        }
        RetryPolicy retry = plan.attempt().retry();
        if (seen.phase() == Observation.Phase.EXITED) {
            return outcome.exitCode() != null && retry.retriesExitCode(outcome.exitCode());
        }
        return seen.phase() == Observation.Phase.PROVISIONING_FAILED && retry.onProvisioningFailure();
    }

    private static boolean mentionsEviction(String text) {
        return text != null && text.toLowerCase(Locale.ROOT).contains("evict");
    }
}
