package dev.acidispatch.local.durable;

/**
 * What the {@link InProcessDurableRunner} executes: orchestrator episodes and activities, by name, in the wire form a
 * Durable Task backend exchanges with its worker. Two implementations: {@link RegisteredDurableWorker} calls
 * durabletask's own {@code TaskOrchestration}/{@code TaskActivity} objects (the standalone SDK's semantics), and the
 * Functions host module hands both to the app's {@code functions} classes under the Azure Functions host's payload
 * rules, so the code Azure runs is the code that runs here.
 */
public interface DurableWorker {

    /** The orchestrators this worker can run, by name. */
    java.util.Set<String> orchestratorNames();

    /**
     * Runs one orchestrator episode.
     *
     * @param request a serialized {@code OrchestratorRequest} (past events, new events)
     * @return a serialized {@code OrchestratorResponse} (the actions to apply)
     */
    byte[] runEpisode(String orchestratorName, byte[] request);

    /**
     * Runs one activity.
     *
     * @param scheduledInput the JSON text the orchestrator scheduled ({@code TaskScheduled.input}), null when none
     * @return the JSON text to record as {@code TaskCompleted.result}, null for no result
     * @throws Exception any failure, recorded as {@code TaskFailed} (which drives the orchestrator's retry policy)
     */
    String runActivity(String activityName, String scheduledInput) throws Exception;
}
