package dev.acidispatch.watch;

import com.microsoft.durabletask.DurableTaskClient;
import com.microsoft.durabletask.NewOrchestrationInstanceOptions;
import com.microsoft.durabletask.OrchestrationMetadata;
import dev.acidispatch.json.Json;

/** {@link Watchers} on the Durable Task client (Azure Functions). Instance id = job id. */
public final class DurableTaskWatchers implements Watchers {
    private final DurableTaskClient client;

    public DurableTaskWatchers(DurableTaskClient client) {
        this.client = client;
    }

    @Override
    public boolean start(WatchPlan plan) {
        if (isRunning(plan.jobId())) {
            return false;
        }
        try {
            client.scheduleNewOrchestrationInstance(WatchJobOrchestration.NAME, new NewOrchestrationInstanceOptions()
                    .setInstanceId(plan.jobId())
                    .setInput(Json.write(plan)));
            return true;
        } catch (RuntimeException e) {
            // A concurrent dispatcher won the race to start it: that is "already watching", not an error.
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
        client.raiseEvent(jobId, WatchJobOrchestration.CANCEL_EVENT, reason);
        return true;
    }

    private boolean isRunning(String jobId) {
        OrchestrationMetadata metadata = client.getInstanceMetadata(jobId, false);
        // Pending (scheduled, not yet started) counts as active too.
        return metadata != null && metadata.isInstanceFound() && !metadata.isCompleted();
    }
}
