package dev.acidispatch.reliability;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The suite's own figures: faults and crashes injected, jobs run to a terminal state, hostile messages dispatched,
 * and the three things that must stay zero (jobs lost, container groups leaked, duplicate groups). Printed after each
 * test class (cumulative in this JVM) and written to {@code target/reliability-figures.txt}.
 */
public final class Tally implements AfterAllCallback {
    private static final AtomicLong FAULTS = new AtomicLong();
    private static final AtomicLong CRASHES = new AtomicLong();
    private static final AtomicLong JOBS = new AtomicLong();
    private static final AtomicLong HOSTILE = new AtomicLong();
    private static final AtomicLong LOSSES = new AtomicLong();
    private static final AtomicLong LEAKS = new AtomicLong();
    private static final AtomicLong DUPLICATES = new AtomicLong();

    static void faults(long n) {
        FAULTS.addAndGet(n);
    }

    static void crash() {
        CRASHES.incrementAndGet();
    }

    static void jobRun() {
        JOBS.incrementAndGet();
    }

    static void hostile() {
        HOSTILE.incrementAndGet();
    }

    static void loss() {
        LOSSES.incrementAndGet();
    }

    static void leak(long n) {
        LEAKS.addAndGet(n);
    }

    static void duplicate(long n) {
        DUPLICATES.addAndGet(n);
    }

    static String summary() {
        return "reliability figures: faults injected " + FAULTS.get() + ", crashes injected " + CRASHES.get()
                + ", jobs run " + JOBS.get() + ", hostile messages " + HOSTILE.get() + ", losses " + LOSSES.get()
                + ", leaks " + LEAKS.get() + ", duplicates " + DUPLICATES.get();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        String line = summary() + " (after " + context.getDisplayName() + ")";
        System.out.println(line);
        try {
            Path target = Path.of("target");
            if (Files.isDirectory(target)) {
                Files.writeString(target.resolve("reliability-figures.txt"), line + System.lineSeparator(),
                        StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
