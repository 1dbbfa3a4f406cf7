package dev.acidispatch.local.durable;

import com.google.protobuf.StringValue;
import com.google.protobuf.Timestamp;
import com.microsoft.durabletask.DataConverter;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.EventRaisedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.ExecutionStartedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.HistoryEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestrationInstance;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestratorStartedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TaskCompletedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TaskFailedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TaskFailureDetails;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TaskScheduledEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TimerCreatedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TimerFiredEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;

/**
 * Builds the durabletask history events the runner records. Events the orchestrator did not create itself carry
 * event id -1; events that answer an action (task scheduled, timer created) carry the action's id, because the SDK
 * matches them by id when it replays and silently reschedules the work when they differ.
 */
final class HistoryEvents {
    private static final int NO_ACTION_ID = -1;

    private HistoryEvents() {
    }

    static HistoryEvent orchestratorStarted(Instant now) {
        return base(NO_ACTION_ID, now).setOrchestratorStarted(OrchestratorStartedEvent.getDefaultInstance()).build();
    }

    static HistoryEvent executionStarted(
            Instant now, String orchestratorName, String instanceId, String executionId, String serializedInput) {
        ExecutionStartedEvent.Builder started = ExecutionStartedEvent.newBuilder()
                .setName(orchestratorName)
                .setOrchestrationInstance(OrchestrationInstance.newBuilder()
                        .setInstanceId(instanceId)
                        .setExecutionId(StringValue.of(executionId)));
        if (serializedInput != null) {
            started.setInput(StringValue.of(serializedInput));
        }
        return base(NO_ACTION_ID, now).setExecutionStarted(started).build();
    }

    static HistoryEvent taskScheduled(Instant now, int actionId, String name, StringValue serializedInput) {
        TaskScheduledEvent.Builder scheduled = TaskScheduledEvent.newBuilder().setName(name);
        if (serializedInput != null) {
            scheduled.setInput(serializedInput);
        }
        return base(actionId, now).setTaskScheduled(scheduled).build();
    }

    static HistoryEvent taskCompleted(Instant now, int taskScheduledId, String serializedResult) {
        TaskCompletedEvent.Builder completed = TaskCompletedEvent.newBuilder().setTaskScheduledId(taskScheduledId);
        if (serializedResult != null) {
            completed.setResult(StringValue.of(serializedResult));
        }
        return base(NO_ACTION_ID, now).setTaskCompleted(completed).build();
    }

    static HistoryEvent taskFailed(Instant now, int taskScheduledId, Throwable failure) {
        return base(NO_ACTION_ID, now)
                .setTaskFailed(TaskFailedEvent.newBuilder()
                        .setTaskScheduledId(taskScheduledId)
                        .setFailureDetails(failureDetails(failure)))
                .build();
    }

    static HistoryEvent timerCreated(Instant now, int actionId, Timestamp fireAt) {
        return base(actionId, now).setTimerCreated(TimerCreatedEvent.newBuilder().setFireAt(fireAt)).build();
    }

    static HistoryEvent timerFired(Instant now, int timerId, Instant fireAt) {
        return base(NO_ACTION_ID, now)
                .setTimerFired(TimerFiredEvent.newBuilder()
                        .setTimerId(timerId)
                        .setFireAt(DataConverter.getTimestampFromInstant(fireAt)))
                .build();
    }

    static HistoryEvent eventRaised(Instant now, String eventName, String serializedPayload) {
        EventRaisedEvent.Builder raised = EventRaisedEvent.newBuilder().setName(eventName);
        if (serializedPayload != null) {
            raised.setInput(StringValue.of(serializedPayload));
        }
        return base(NO_ACTION_ID, now).setEventRaised(raised).build();
    }

    /** Same shape durabletask's own worker reports: class name, message (never null), stack trace. */
    static TaskFailureDetails failureDetails(Throwable failure) {
        String message = failure.getMessage();
        return TaskFailureDetails.newBuilder()
                .setErrorType(failure.getClass().getName())
                .setErrorMessage(message == null ? "" : message)
                .setStackTrace(StringValue.of(stackTraceOf(failure)))
                .build();
    }

    private static String stackTraceOf(Throwable failure) {
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    private static HistoryEvent.Builder base(int eventId, Instant timestamp) {
        return HistoryEvent.newBuilder()
                .setEventId(eventId)
                .setTimestamp(DataConverter.getTimestampFromInstant(timestamp));
    }
}
