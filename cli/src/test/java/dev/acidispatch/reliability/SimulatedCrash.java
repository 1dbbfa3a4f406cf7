package dev.acidispatch.reliability;

/** Thrown by {@link Crash} decorators where a real host would have died (or a dependency would have failed). */
final class SimulatedCrash extends RuntimeException {
    SimulatedCrash(String message) {
        super(message);
    }
}
