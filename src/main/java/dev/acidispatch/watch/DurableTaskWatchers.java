package dev.acidispatch.watch;

import com.microsoft.durabletask.DurableTaskClient;
import com.microsoft.durabletask.NewOrchestrationInstanceOptions;
import com.microsoft.durabletask.OrchestrationMetadata;
import dev.acidispatch.json.Json;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@link Watchers} on the Durable Task client (Azure Functions). Instance id = job id.
 *
 * <p>The client is taken from its supplier on first use and closed by {@link #close()}: durabletask-azure-functions
 * 1.4.0 opens a new gRPC channel for every {@code DurableClientContext.getClient()} (one context per invocation) and
 * never closes it (microsoft/durabletask-java#192: "Previous channel ... was not shutdown properly"), so each
 * invocation closes the one it opened, and one that never needs the client opens none.
 */
public final class DurableTaskWatchers implements Watchers, AutoCloseable {
    private final Supplier<DurableTaskClient> clientSupplier;
    private DurableTaskClient client;

    private DurableTaskWatchers(Supplier<DurableTaskClient> clientSupplier) {
        this.clientSupplier = Objects.requireNonNull(clientSupplier, "clientSupplier");
    }

    /** Watchers that open the client on first use and close it with {@link #close()}; use one per invocation. */
    public static DurableTaskWatchers onDemand(Supplier<DurableTaskClient> clientSupplier) {
        return new DurableTaskWatchers(clientSupplier);
    }

    @Override
    public boolean start(WatchPlan plan) {
        if (isRunning(plan.jobId())) {
            return false;
        }
        try {
            client().scheduleNewOrchestrationInstance(WatchJobOrchestration.NAME, new NewOrchestrationInstanceOptions()
                    .setInstanceId(plan.jobId())
                    .setInput(Json.write(plan)));
            return true;
        } catch (RuntimeException e) {
            // A concurrent dispatcher won the race to start it (the host refuses a second start of a running
            // instance, host.json overridableExistingInstanceStates): that is "already watching", not an error.
            if (isRunning(plan.jobId())) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public boolean cancel(String jobId, String reason) {
        if (!isRunning(jobId)) {
            return false;
        }
        client().raiseEvent(jobId, WatchJobOrchestration.CANCEL_EVENT, reason);
        return true;
    }

    private boolean isRunning(String jobId) {
        OrchestrationMetadata metadata = client().getInstanceMetadata(jobId, false);
        // Pending (scheduled, not yet started) counts as active too.
        return metadata != null && metadata.isInstanceFound() && !metadata.isCompleted();
    }

    private synchronized DurableTaskClient client() {
        if (client == null) {
            client = clientSupplier.get();
        }
        return client;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
