package dev.acidispatch.watch;

import dev.acidispatch.durable.InProcessDurableRunner;
import dev.acidispatch.durable.StartOutcome;
import dev.acidispatch.json.Json;

/** {@link Watchers} on the in-process durable runner (tests, {@code dispatchctl run}). Instance id = job id. */
public final class InProcessWatchers implements Watchers {
    private final InProcessDurableRunner runner;

    public InProcessWatchers(InProcessDurableRunner runner) {
        this.runner = runner;
    }

    @Override
    public boolean start(WatchPlan plan) {
        return runner.scheduleNew(WatchJobOrchestration.NAME, plan.jobId(), Json.write(plan)) == StartOutcome.STARTED;
    }

    @Override
    public boolean cancel(String jobId, String reason) {
        return runner.raiseEvent(jobId, WatchJobOrchestration.CANCEL_EVENT, reason);
    }
}
