package dev.acidispatch.emulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Regional ACI limits the emulator enforces. Defaults are ACI's documented defaults: 100 container groups,
 * 100 cores, 100 creates per 5 minutes and 300 per hour.
 */
public record Quotas(int maxGroups, double maxCores, List<CreateWindow> createWindows) {
    /** At most {@code creates} new groups within any {@code window}. */
    public record CreateWindow(int creates, Duration window) {
        public CreateWindow {
            if (creates < 1) {
                throw new IllegalArgumentException("The value for creates must be at least 1, was " + creates);
            }
            Objects.requireNonNull(window, "window");
            if (window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("The value for window must be positive, was " + window);
            }
        }
    }

    public Quotas {
        if (maxGroups < 1) {
            throw new IllegalArgumentException("The value for maxGroups must be at least 1, was " + maxGroups);
        }
        if (!(maxCores > 0)) {
            throw new IllegalArgumentException("The value for maxCores must be positive, was " + maxCores);
        }
        createWindows = List.copyOf(createWindows);
    }

    public static Quotas aciDefaults() {
        return new Quotas(100, 100, List.of(new CreateWindow(100, Duration.ofMinutes(5)),
                new CreateWindow(300, Duration.ofHours(1))));
    }

    public Quotas withMaxGroups(int maxGroups) {
        return new Quotas(maxGroups, maxCores, createWindows);
    }

    public Quotas withMaxCores(double maxCores) {
        return new Quotas(maxGroups, maxCores, createWindows);
    }

    /** Replaces the create-rate windows with this single one. */
    public Quotas withCreatesPerWindow(int creates, Duration window) {
        return new Quotas(maxGroups, maxCores, List.of(new CreateWindow(creates, window)));
    }

    public Quotas withAddedCreateWindow(int creates, Duration window) {
        List<CreateWindow> windows = new ArrayList<>(createWindows);
        windows.add(new CreateWindow(creates, window));
        return new Quotas(maxGroups, maxCores, windows);
    }
}
