package dev.acidispatch.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * dispatchctl in a JVM of its own, as a user starts it in a terminal: its output is read line by line, waits are
 * bounded, and it can be sent SIGTERM like an IDE's stop button or a CI cancel.
 */
final class DispatchctlProcess implements AutoCloseable {
    private final Process process;
    private final List<String> out = new CopyOnWriteArrayList<>();
    private final List<String> err = new CopyOnWriteArrayList<>();
    private final Thread outReader;
    private final Thread errReader;

    private DispatchctlProcess(Process process) {
        this.process = process;
        outReader = read(process.getInputStream(), out, "out");
        errReader = read(process.getErrorStream(), err, "err");
    }

    /**
     * Starts {@code bin/dispatchctl args} on this test's class path (DISPATCHCTL_CLASSPATH: no build), with
     * {@code environment} as its whole environment plus PATH and HOME, which a shell always has.
     */
    static DispatchctlProcess start(Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", Path.of("bin", "dispatchctl").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        Optional.ofNullable(System.getenv("PATH")).ifPresent(p -> builder.environment().put("PATH", p));
        Optional.ofNullable(System.getenv("HOME")).ifPresent(h -> builder.environment().put("HOME", h));
        builder.environment().put("DISPATCHCTL_CLASSPATH", System.getProperty("java.class.path"));
        builder.environment().put("DISPATCHCTL_JAVA_OPTS", "-Xmx256m -XX:TieredStopAtLevel=1");
        builder.environment().putAll(environment);
        try {
            return new DispatchctlProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Thread read(InputStream stream, List<String> lines, String name) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // The process ended.
            }
        }, "dispatchctl-" + name);
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    List<String> out() {
        return List.copyOf(out);
    }

    String output() {
        return String.join("\n", out) + "\n--- stderr ---\n" + String.join("\n", err);
    }

    long pid() {
        return process.pid();
    }

    /** The first stdout line matching, waiting up to {@code limit}. */
    String awaitLine(Predicate<String> match, Duration limit, String what) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            Optional<String> line = out.stream().filter(match).findFirst();
            if (line.isPresent()) {
                return line.get();
            }
            if (!process.isAlive()) {
                Thread.sleep(300);
                line = out.stream().filter(match).findFirst();
                if (line.isPresent()) {
                    return line.get();
                }
                throw new AssertionError("dispatchctl exited (" + process.exitValue() + ") before " + what + ":\n"
                        + output());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + limit.toSeconds() + " s:\n" + output());
            }
            Thread.sleep(100);
        }
    }

    /**
     * SIGTERM, as {@code kill PID}, an IDE's stop button or a CI cancel sends it. Through the process handle: {@link
     * Process#destroy()} would also close our end of its output pipes, and what it prints while stopping would be lost.
     */
    void terminate() {
        process.toHandle().destroy();
    }

    /** Waits for the exit and for everything it printed; returns the exit code. */
    int awaitExit(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("dispatchctl did not exit within " + limit.toSeconds() + " s:\n" + output());
        }
        // Its children may hold the pipes open a little longer; what dispatchctl printed is there by then.
        outReader.join(Duration.ofSeconds(10).toMillis());
        errReader.join(Duration.ofSeconds(10).toMillis());
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    /** Processes of this user whose command line contains {@code marker}. */
    static List<ProcessHandle> processesWith(String marker) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .toList();
    }

    /** A free loopback port. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first of three consecutive free loopback ports (Azurite's blob, queue and table). */
    static int freePortRun() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 40_000);
            if (free(base) && free(base + 1) && free(base + 2)) {
                return base;
            }
        }
        throw new IllegalStateException("no three consecutive free ports");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
