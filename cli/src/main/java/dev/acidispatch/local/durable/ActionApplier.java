package dev.acidispatch.local.durable;

import com.microsoft.durabletask.DataConverter;
import com.microsoft.durabletask.OrchestrationRuntimeStatus;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.CompleteOrchestrationAction;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.HistoryEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestrationStatus;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestratorAction;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestratorResponse;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.SendEventAction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Applies what an episode returned, playing the backend's part: records the episode's events and the actions'
 * history events, starts activities, queues timers, delivers sent events, and finishes or restarts (continue-as-new)
 * the instance. Every call holds the runner's lock.
 */
final class ActionApplier {
    private static final Logger LOG = Logger.getLogger(ActionApplier.class.getName());

    private final RunnerState state;
    private final ActivityPool activities;

    ActionApplier(RunnerState state, ActivityPool activities) {
        this.state = state;
        this.activities = activities;
    }

    /**
     * Applies {@code response} to {@code instance}, whose episode replayed with {@code newEvents}.
     * Sub-orchestration actions are not supported: they fail the instance with an {@link UnsupportedOperationException}.
     */
    void apply(RunnerInstance instance, List<HistoryEvent> newEvents, OrchestratorResponse response) {
        assert state.lock.isHeldByCurrentThread();
        String customStatus = response.getCustomStatus().getValue();
        instance.serializedCustomStatus = customStatus.isEmpty() ? null : customStatus;

        Instant now = state.now();
        TimerQueue timers = state.timers();
        List<HistoryEvent> appended = new ArrayList<>(newEvents.size() + response.getActionsCount());
        appended.addAll(newEvents);
        List<OrchestratorAction> activitiesToRun = new ArrayList<>();
        List<PendingTimer> timersToAdd = new ArrayList<>();
        CompleteOrchestrationAction completion = null;
        String unsupported = null;

        for (OrchestratorAction action : response.getActionsList()) {
            int id = action.getId();
            switch (action.getOrchestratorActionTypeCase()) {
                case SCHEDULETASK -> {
                    var task = action.getScheduleTask();
                    // Event id must equal the action id, or the SDK treats the task as never scheduled.
                    appended.add(HistoryEvents.taskScheduled(
                            now, id, task.getName(), task.hasInput() ? task.getInput() : null));
                    activitiesToRun.add(action);
                }
                case CREATETIMER -> {
                    var fireAt = action.getCreateTimer().getFireAt();
                    appended.add(HistoryEvents.timerCreated(now, id, fireAt));
                    timersToAdd.add(timers.create(instance, id, DataConverter.getInstantFromTimestamp(fireAt)));
                }
                case SENDEVENT -> {
                    if (instance.markSendEventDelivered(id)) {
                        SendEventAction send = action.getSendEvent();
                        String data = send.hasData() ? send.getData().getValue() : null;
                        if (!state.deliverEvent(send.getInstance().getInstanceId(), send.getName(), data)) {
                            LOG.fine(() -> instance.instanceId + " sent '" + send.getName()
                                    + "' to an unknown or finished instance " + send.getInstance().getInstanceId());
                        }
                    }
                }
                case COMPLETEORCHESTRATION -> completion = action.getCompleteOrchestration();
                default -> unsupported = action.getOrchestratorActionTypeCase().name();
            }
        }

        // Activities scheduled in a final episode still run (as in Azure), their results are then discarded.
        for (OrchestratorAction action : activitiesToRun) {
            activities.start(instance, action.getId(), action.getScheduleTask().getName(),
                    action.getScheduleTask().hasInput() ? action.getScheduleTask().getInput().getValue() : null);
        }

        if (unsupported != null) {
            fail(instance, appended.size(), new UnsupportedOperationException(
                    "The in-process durable runner does not support the orchestrator action " + unsupported
                            + " (sub-orchestrations); run this orchestration in Azure Functions"));
            return;
        }
        if (completion == null) {
            instance.appendHistory(appended);
            timersToAdd.forEach(timers::add);
            return;
        }

        instance.maxHistoryLength = Math.max(instance.maxHistoryLength, instance.historyLength + appended.size());
        timers.dropAll(instance);
        OrchestrationRuntimeStatus status = toRuntimeStatus(completion.getOrchestrationStatus());
        String result = completion.hasResult() ? completion.getResult().getValue() : null;
        if (status == OrchestrationRuntimeStatus.CONTINUED_AS_NEW) {
            continueAsNew(instance, result, completion.getCarryoverEventsList());
        } else {
            OrchestrationFailure failure = completion.hasFailureDetails()
                    ? OrchestrationFailure.fromProto(completion.getFailureDetails()) : null;
            instance.finish(status, result, failure);
            LOG.fine(() -> instance.instanceId + " finished " + status
                    + (failure != null ? ": " + failure : ""));
        }
    }

    /**
     * Ends {@code instance} as FAILED with {@code cause} as its failure details, when the runner (not the
     * orchestrator) could not complete an episode of {@code episodeEvents} events.
     */
    void fail(RunnerInstance instance, int episodeEvents, RuntimeException cause) {
        assert state.lock.isHeldByCurrentThread();
        instance.maxHistoryLength = Math.max(instance.maxHistoryLength, instance.historyLength + episodeEvents);
        state.timers().dropAll(instance);
        OrchestrationFailure failure = OrchestrationFailure.fromProto(HistoryEvents.failureDetails(cause));
        instance.finish(OrchestrationRuntimeStatus.FAILED, null, failure);
        LOG.warning(() -> instance.instanceId + " failed in the runner: " + failure);
    }

    /**
     * Drops history (pending timers are already dropped) and starts the next generation with
     * {@code executionStarted{input=newInput}}, the carryover events, then whatever arrived during the episode.
     */
    private void continueAsNew(RunnerInstance instance, String newInput, List<HistoryEvent> carryover) {
        List<HistoryEvent> arrivedDuringEpisode = instance.resetForNewGeneration();
        instance.inbox.add(HistoryEvents.executionStarted(state.now(), instance.orchestratorName,
                instance.instanceId, instance.executionId(), newInput));
        instance.inbox.addAll(carryover);
        instance.inbox.addAll(arrivedDuringEpisode);
        state.markReady(instance);
        LOG.finer(() -> instance.instanceId + " continued as new, generation " + instance.generation);
    }

    private static OrchestrationRuntimeStatus toRuntimeStatus(OrchestrationStatus status) {
        return switch (status) {
            case ORCHESTRATION_STATUS_COMPLETED -> OrchestrationRuntimeStatus.COMPLETED;
            case ORCHESTRATION_STATUS_FAILED -> OrchestrationRuntimeStatus.FAILED;
            case ORCHESTRATION_STATUS_TERMINATED -> OrchestrationRuntimeStatus.TERMINATED;
            case ORCHESTRATION_STATUS_CANCELED -> OrchestrationRuntimeStatus.CANCELED;
            case ORCHESTRATION_STATUS_CONTINUED_AS_NEW -> OrchestrationRuntimeStatus.CONTINUED_AS_NEW;
            default -> throw new IllegalStateException("An orchestration cannot complete with status " + status);
        };
    }
}
