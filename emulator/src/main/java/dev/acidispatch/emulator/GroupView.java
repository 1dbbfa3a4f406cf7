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
     * One container's {@code instanceView} at that instant, and the log it has produced so far.
     *
     * @param restartCount     restarts in place so far (restartPolicy OnFailure)
     * @param previousExitCode the exit code of the run before the current one, or null
     */
    record Container(String state, Integer exitCode, Instant startTime, Instant finishTime, String detailStatus,
                     List<Event> events, String logs, int restartCount, Integer previousExitCode) {
        Container(String state, Integer exitCode, Instant startTime, Instant finishTime, String detailStatus,
                  List<Event> events, String logs) {
            this(state, exitCode, startTime, finishTime, detailStatus, events, logs, 0, null);
        }

        Container {
            events = List.copyOf(events);
        }
    }

    /** An entry of a container's {@code instanceView.events}. */
    record Event(String type, String name, String message, Instant at) {
    }

    /** Nothing runs any more: the group's cores no longer count against the regional quota. */
    boolean isFinished() {
        return List.of("Succeeded", "Failed", "Stopped").contains(instanceState);
    }
}
