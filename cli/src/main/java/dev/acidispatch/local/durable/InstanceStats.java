package dev.acidispatch.local.durable;

/**
 * Counters the runner keeps per instance, so tests and benchmarks can check that history stays bounded.
 *
 * @param historyLength      events in the current generation's history (0 once the instance has finished)
 * @param maxHistoryLength   the largest history any episode of any generation replayed or produced
 * @param generations        how many times the orchestration continued as new
 * @param episodes           how many times the orchestrator code was replayed
 * @param activitiesExecuted activity executions that finished, successful or not, retries included
 */
public record InstanceStats(
        int historyLength, int maxHistoryLength, int generations, long episodes, long activitiesExecuted) {
}
