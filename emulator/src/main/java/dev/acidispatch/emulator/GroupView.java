package dev.acidispatch.emulator;

import java.time.Instant;
import java.util.List;

/**
 * A container group's state at one instant, as its instance view reports it.
 *
 * @param initContainers the init containers' views, in the order they run
 */
record GroupView(String provisioningState, String instanceState, List<Container> containers,
                 List<Container> initContainers) {
    GroupView(String provisioningState, String instanceState, List<Container> containers) {
        this(provisioningState, instanceState, containers, List.of());
    }

    GroupView {
        containers = List.copyOf(containers);
        initContainers = List.copyOf(initContainers);
    }

    /**
     * One container's {@code instanceView} at that instant, and the log it has produced so far. {@code restartCount}
     * and {@code previousState} are what the 2023-05-01 {@code ContainerProperties.instanceView} reports about
     * restarts (restartPolicy OnFailure, or the platform's own); {@code stopped} says whether a stop request ended the
     * current state (the group then reads Stopped).
     */
    record Container(String state, Integer exitCode, Instant startTime, Instant finishTime, String detailStatus,
                     List<Event> events, TimedLog logs, int restartCount, PreviousState previousState,
                     boolean stopped) {
        Container {
            events = List.copyOf(events);
        }

        /** A container that never restarted; {@code stopped} when its detail status says a stop ended it. */
        Container(String state, Integer exitCode, Instant startTime, Instant finishTime, String detailStatus,
                  List<Event> events, TimedLog logs) {
            this(state, exitCode, startTime, finishTime, detailStatus, events, logs, 0, null,
                    "Stopped".equals(detailStatus));
        }

        boolean isWaiting() {
            return "Waiting".equals(state);
        }

        boolean isTerminated() {
            return "Terminated".equals(state);
        }
    }

    /** The state before the current one ({@code previousState}): set once the container has restarted. */
    record PreviousState(String state, Integer exitCode, Instant startTime, Instant finishTime, String detailStatus) {
    }

    /**
     * An entry of a container's {@code instanceView.events}. ACI reports a repeated event once, with its
     * {@code count} and first and last time (container-instances-troubleshooting, "Unable to pull image").
     */
    record Event(String type, String name, String message, int count, Instant firstAt, Instant at) {
        /** An event that happened once. */
        Event(String type, String name, String message, Instant at) {
            this(type, name, message, 1, at, at);
        }
    }

    /** Nothing runs any more: the group's cores no longer count against the regional quota. */
    boolean isFinished() {
        return List.of("Succeeded", "Failed", "Stopped").contains(instanceState);
    }
}
