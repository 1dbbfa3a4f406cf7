package dev.acidispatch.local.durable;

import com.google.protobuf.InvalidProtocolBufferException;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.HistoryEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestratorResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one episode at a time: takes a ready instance's new events, hands history plus those events to the
 * {@link DurableWorker} as an {@code OrchestratorRequest} (without holding the lock, since orchestrator code runs
 * there), then applies the response under the lock.
 */
final class EpisodeRunner {
    private static final Logger LOG = Logger.getLogger(EpisodeRunner.class.getName());

    private final RunnerState state;
    private final DurableWorker worker;
    private final ActionApplier actions;

    EpisodeRunner(RunnerState state, DurableWorker worker, ActionApplier actions) {
        this.state = state;
        this.worker = worker;
        this.actions = actions;
    }

    /** Replays one ready instance with its new events and applies the outcome; false when none was ready. */
    boolean runNext() {
        RunnerInstance instance;
        List<HistoryEvent> newEvents;
        byte[] request;
        state.lock.lock();
        try {
            instance = state.pollReady();
            if (instance == null) {
                return false;
            }
            if (!instance.isRunning() || instance.inbox.isEmpty()) {
                return true;
            }
            newEvents = new ArrayList<>(instance.inbox.size() + 1);
            // durabletask reads "now" from this event; without it getCurrentInstant() is null and timers fail.
            newEvents.add(HistoryEvents.orchestratorStarted(state.now()));
            newEvents.addAll(instance.inbox);
            instance.inbox = new ArrayList<>(2);
            request = instance.buildRequest(newEvents);
            state.episodeStarted();
        } finally {
            state.lock.unlock();
        }

        OrchestratorResponse response = null;
        RuntimeException runnerFault = null;
        try {
            byte[] result = worker.runEpisode(instance.orchestratorName, request);
            response = OrchestratorResponse.parseFrom(result);
        } catch (InvalidProtocolBufferException e) {
            runnerFault = new IllegalStateException("durabletask returned an unreadable orchestrator response", e);
        } catch (RuntimeException e) {
            // The SDK handles its own control-flow exceptions and orchestrator failures internally; anything that
            // escapes loadAndRun is a fault in the runner or SDK and must not stop the other instances.
            runnerFault = e;
        }

        state.lock.lock();
        try {
            state.episodeEnded();
            instance.episodes++;
            instance.lastUpdatedAt = state.now();
            if (runnerFault != null) {
                LOG.log(Level.SEVERE, "Episode of " + instance.instanceId + " could not be run", runnerFault);
                actions.fail(instance, newEvents.size(), runnerFault);
            } else {
                actions.apply(instance, newEvents, response);
            }
            if (instance.isRunning() && !instance.inbox.isEmpty()) {
                state.markReady(instance);
            }
            state.changed.signalAll();
        } finally {
            state.lock.unlock();
        }
        return true;
    }
}
