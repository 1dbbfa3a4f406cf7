package dev.acidispatch.emulator;

import java.time.Instant;
import java.util.List;

/** A container group's state at one instant, as its instance view reports it. */
record GroupView(String provisioningState, String instanceState, List<Container> containers) {
    GroupView {
        containers = List.copyOf(containers);
    }

    /** One container's {@code instanceView} at that instant, and the log it has produced so far. */
    record Container(String state, Integer exitCode, Instant startTime, Instant finishTime, String detailStatus,
                     List<Event> events, String logs) {
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
