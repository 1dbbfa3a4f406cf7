package dev.acidispatch.local.durable;

import com.google.protobuf.StringValue;
import com.microsoft.durabletask.OrchestrationRuntimeStatus;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.HistoryEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestratorRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Mutable state of one instance inside the runner. Not thread-safe: every access holds the runner's lock.
 *
 * <p>History is kept as protobuf wire bytes of {@code OrchestratorRequest.pastEvents} entries rather than as event
 * objects: repeated fields concatenate on the wire, so an episode's request is "header + stored bytes" with no
 * re-encoding, and a thousand idle watchers cost a few kilobytes each.
 */
final class RunnerInstance {
    private static final int INITIAL_HISTORY_BYTES = 512;

    final String instanceId;
    final String orchestratorName;
    final Instant createdAt;

    OrchestrationRuntimeStatus status = OrchestrationRuntimeStatus.RUNNING;
    /** Bumped on every continue-as-new; work started for an older generation is discarded when it reports back. */
    int generation;
    Instant lastUpdatedAt;

    private byte[] history = new byte[INITIAL_HISTORY_BYTES];
    private int historyBytes;
    int historyLength;
    int maxHistoryLength;
    long episodes;
    long activitiesExecuted;

    /** Events that arrived since the last episode began; they become the next episode's newEvents. */
    List<HistoryEvent> inbox = new ArrayList<>(2);
    /** Whether the instance sits in the runner's ready queue. */
    boolean queued;
    /** This generation's timers that have not fired yet, so continue-as-new and completion can drop them. */
    final List<PendingTimer> timers = new ArrayList<>(1);
    /**
     * Send-event actions already delivered in this generation. The SDK cannot replay an EventSent history event,
     * so it re-emits the action on every episode; delivering each action id once keeps at-most-once delivery.
     */
    private Set<Integer> deliveredSendEventIds;

    String serializedOutput;
    OrchestrationFailure failure;
    String serializedCustomStatus;

    RunnerInstance(String instanceId, String orchestratorName, Instant createdAt) {
        this.instanceId = instanceId;
        this.orchestratorName = orchestratorName;
        this.createdAt = createdAt;
        this.lastUpdatedAt = createdAt;
    }

    boolean isRunning() {
        return status == OrchestrationRuntimeStatus.RUNNING;
    }

    String executionId() {
        return instanceId + ":" + generation;
    }

    /** The serialized request for an episode: past events from the stored bytes, then {@code newEvents}. */
    byte[] buildRequest(List<HistoryEvent> newEvents) {
        byte[] header = OrchestratorRequest.newBuilder()
                .setInstanceId(instanceId)
                .setExecutionId(StringValue.of(executionId()))
                .addAllNewEvents(newEvents)
                .build()
                .toByteArray();
        byte[] request = Arrays.copyOf(header, header.length + historyBytes);
        System.arraycopy(history, 0, request, header.length, historyBytes);
        return request;
    }

    void appendHistory(List<HistoryEvent> events) {
        byte[] encoded = OrchestratorRequest.newBuilder().addAllPastEvents(events).build().toByteArray();
        if (historyBytes + encoded.length > history.length) {
            history = Arrays.copyOf(history, Math.max(history.length * 2, historyBytes + encoded.length));
        }
        System.arraycopy(encoded, 0, history, historyBytes, encoded.length);
        historyBytes += encoded.length;
        historyLength += events.size();
        maxHistoryLength = Math.max(maxHistoryLength, historyLength);
    }

    /** Starts a new generation with an empty history; returns the events that arrived during the last episode. */
    List<HistoryEvent> resetForNewGeneration() {
        generation++;
        history = new byte[INITIAL_HISTORY_BYTES];
        historyBytes = 0;
        historyLength = 0;
        deliveredSendEventIds = null;
        List<HistoryEvent> pending = inbox;
        inbox = new ArrayList<>(2);
        return pending;
    }

    /** Keeps only the final state; history and buffered events are released. */
    void finish(OrchestrationRuntimeStatus finalStatus, String output, OrchestrationFailure failureDetails) {
        status = finalStatus;
        serializedOutput = output;
        failure = failureDetails;
        history = null;
        historyBytes = 0;
        historyLength = 0;
        inbox = List.of();
        deliveredSendEventIds = null;
    }

    boolean markSendEventDelivered(int actionId) {
        if (deliveredSendEventIds == null) {
            deliveredSendEventIds = new HashSet<>();
        }
        return deliveredSendEventIds.add(actionId);
    }

    InstanceState snapshot() {
        return new InstanceState(instanceId, orchestratorName, status, serializedOutput, failure,
                serializedCustomStatus, createdAt, lastUpdatedAt,
                new InstanceStats(historyLength, maxHistoryLength, generation, episodes, activitiesExecuted));
    }
}
