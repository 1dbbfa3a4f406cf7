package dev.acidispatch.emulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Regional ACI limits the emulator enforces, each per region: container groups, cores, creates per window and
 * deletes per window. Defaults are ACI's documented defaults: 100 container groups, 100 cores, 100 creates per 5
 * minutes and 300 per hour, 100 deletes per 5 minutes and 300 per hour (Resource availability & quota limits for
 * ACI, "Changeable Limits").
 */
public record Quotas(int maxGroups, double maxCores, List<RateWindow> createWindows, List<RateWindow> deleteWindows) {
    /** At most {@code count} operations within any {@code window}. */
    public record RateWindow(int count, Duration window) {
        public RateWindow {
            if (count < 1) {
                throw new IllegalArgumentException("The value for count must be at least 1, was " + count);
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
        deleteWindows = List.copyOf(deleteWindows);
    }

    /** Quotas with ACI's default delete limits. */
    public Quotas(int maxGroups, double maxCores, List<RateWindow> createWindows) {
        this(maxGroups, maxCores, createWindows, aciRateWindows());
    }

    public static Quotas aciDefaults() {
        return new Quotas(100, 100, aciRateWindows(), aciRateWindows());
    }

    private static List<RateWindow> aciRateWindows() {
        return List.of(new RateWindow(100, Duration.ofMinutes(5)), new RateWindow(300, Duration.ofHours(1)));
    }

    public Quotas withMaxGroups(int maxGroups) {
        return new Quotas(maxGroups, maxCores, createWindows, deleteWindows);
    }

    public Quotas withMaxCores(double maxCores) {
        return new Quotas(maxGroups, maxCores, createWindows, deleteWindows);
    }

    /** Replaces the create-rate windows with this single one. */
    public Quotas withCreatesPerWindow(int creates, Duration window) {
        return new Quotas(maxGroups, maxCores, List.of(new RateWindow(creates, window)), deleteWindows);
    }

    public Quotas withAddedCreateWindow(int creates, Duration window) {
        List<RateWindow> windows = new ArrayList<>(createWindows);
        windows.add(new RateWindow(creates, window));
        return new Quotas(maxGroups, maxCores, windows, deleteWindows);
    }

    /** Replaces the delete-rate windows with this single one. */
    public Quotas withDeletesPerWindow(int deletes, Duration window) {
        return new Quotas(maxGroups, maxCores, createWindows, List.of(new RateWindow(deletes, window)));
    }

    /** No limit on deletes. */
    public Quotas withoutDeleteLimits() {
        return new Quotas(maxGroups, maxCores, createWindows, List.of());
    }
}
