package dev.acidispatch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs Azurite (the Azure Storage emulator from node_modules) on free loopback ports, in memory, for tests.
 *
 * <p>Use {@link #shared()} for the one instance the whole test JVM shares (started on first use, stopped by a shutdown
 * hook); tests stay independent by using unique ids, table, queue and container names. Use {@link #start()} for a
 * private instance, e.g. one a test restarts with {@link #restart()} (same ports, data lost: in-memory persistence).
 * Use {@link #startPersistent()} for a private instance that keeps its data on disk across {@link #pause()} and
 * {@link #restart()}, like a storage account whose front end goes down and comes back.
 */
public final class Azurite {
    public static final String ACCOUNT_NAME = "devstoreaccount1";
    /** Azurite's well-known development key (public, documented by Microsoft; not a secret). */
    public static final String ACCOUNT_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(60);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(10);
    private static final int START_TRIES = 3;

    private static Azurite shared;

    private final Path executable;
    private final int blobPort;
    private final int queuePort;
    private final int tablePort;
    private final boolean persistent;
    private Path workspace;
    private Path output;
    private Process process;

    private Azurite(Path executable, int blobPort, int queuePort, int tablePort, boolean persistent) {
        this.persistent = persistent;
        this.executable = executable;
        this.blobPort = blobPort;
        this.queuePort = queuePort;
        this.tablePort = tablePort;
    }

    /** The instance shared by every test in this JVM; started on first call. */
    public static synchronized Azurite shared() {
        if (shared == null) {
            Azurite started = start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "azurite-stop"));
            shared = started;
        }
        return shared;
    }

    /** Starts a private instance on free ports; the caller must {@link #stop()} it. */
    public static Azurite start() {
        return start(false);
    }

    /** Starts a private instance that persists to a temporary directory; the caller must {@link #stop()} it. */
    public static Azurite startPersistent() {
        return start(true);
    }

    private static Azurite start(boolean persistent) {
        Path executable = findExecutable();
        IllegalStateException last = null;
        // The ports are free when chosen but another process may take one before Azurite binds it: try fresh ports.
        for (int attempt = 1; attempt <= START_TRIES; attempt++) {
            int[] ports = freePorts(3);
            Azurite azurite = new Azurite(executable, ports[0], ports[1], ports[2], persistent);
            try {
                azurite.launch();
                return azurite;
            } catch (IllegalStateException e) {
                azurite.stop();
                last = e;
            }
        }
        throw last;
    }

    /**
     * Stops Azurite if it runs and starts it again on the same ports: in memory all data is lost, a persistent
     * instance comes back with its data.
     */
    public synchronized void restart() {
        halt();
        if (!persistent) {
            deleteQuietly(workspace);
            workspace = null;
        }
        launch();
    }

    /** Takes a persistent instance down, keeping its data, until {@link #restart()}: storage is unreachable meanwhile. */
    public synchronized void pause() {
        if (!persistent) {
            throw new IllegalStateException("pause() keeps data only for an instance from startPersistent()");
        }
        halt();
    }

    /** Stops Azurite if it runs and deletes its data. Safe to call twice. */
    public synchronized void stop() {
        halt();
        deleteQuietly(workspace);
        workspace = null;
    }

    private void halt() {
        if (process != null) {
            Process stopping = process;
            process = null;
            if (persistent) {
                // SIGTERM lets Azurite save its databases before it exits.
                stopping.destroy();
                try {
                    stopping.waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            stopping.descendants().forEach(ProcessHandle::destroyForcibly);
            stopping.destroyForcibly();
            try {
                if (!stopping.waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                    throw new IllegalStateException("Azurite (pid " + stopping.pid() + ") did not exit within "
                            + STOP_LIMIT.toSeconds() + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            waitUntilClosed();
        }
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** A connection string with explicit loopback endpoints for all three services. */
    public String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT_NAME + ";AccountKey=" + ACCOUNT_KEY
                + ";BlobEndpoint=http://127.0.0.1:" + blobPort + "/" + ACCOUNT_NAME
                + ";QueueEndpoint=http://127.0.0.1:" + queuePort + "/" + ACCOUNT_NAME
                + ";TableEndpoint=http://127.0.0.1:" + tablePort + "/" + ACCOUNT_NAME + ";";
    }

    public int blobPort() {
        return blobPort;
    }

    public int queuePort() {
        return queuePort;
    }

    public int tablePort() {
        return tablePort;
    }

    private synchronized void launch() {
        try {
            if (workspace == null) {
                workspace = Files.createTempDirectory("azurite-");
            }
            output = workspace.resolve("azurite.out");
            List<String> persistence = persistent
                    ? List.of("--location", workspace.resolve("data").toString())
                    : List.of("--inMemoryPersistence");
            List<String> command = new ArrayList<>(List.of(executable.toString()));
            command.addAll(persistence);
            command.addAll(List.of("--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry",
                    "--blobHost", "127.0.0.1", "--blobPort", String.valueOf(blobPort),
                    "--queueHost", "127.0.0.1", "--queuePort", String.valueOf(queuePort),
                    "--tableHost", "127.0.0.1", "--tablePort", String.valueOf(tablePort)));
            // In-memory persistence forbids --location; the working directory keeps any stray file out of the repo.
            process = new ProcessBuilder(command)
                    .directory(workspace.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("Could not start Azurite from " + executable + ": " + e.getMessage(), e);
        }
        waitUntilListening();
    }

    private void waitUntilListening() {
        long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
        for (int port : new int[] {blobPort, queuePort, tablePort}) {
            while (!accepts(port)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Azurite exited with code " + process.exitValue()
                            + " before listening on port " + port + ". Its output:\n" + readOutput());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Azurite did not listen on port " + port + " within "
                            + STARTUP_LIMIT.toSeconds() + " s. Its output:\n" + readOutput());
                }
                sleep(50);
            }
        }
    }

    /** After a kill the ports close asynchronously; a restart must not race with the old listeners. */
    private void waitUntilClosed() {
        long deadline = System.nanoTime() + STOP_LIMIT.toNanos();
        for (int port : new int[] {blobPort, queuePort, tablePort}) {
            while (accepts(port) && System.nanoTime() < deadline) {
                sleep(20);
            }
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String readOutput() {
        try {
            return output != null && Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }

    /** node_modules/.bin/azurite in the working directory or the nearest parent that has one. */
    static Path findExecutable() {
        return findExecutable(Path.of(System.getProperty("user.dir")).toAbsolutePath());
    }

    static Path findExecutable(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("node_modules").resolve(".bin").resolve("azurite");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
            if (Files.exists(dir.resolve("pom.xml")) && Files.exists(dir.resolve("package.json"))) {
                break;
            }
        }
        throw new IllegalStateException("Azurite is not installed: no node_modules/.bin/azurite in " + start
                + " or its parents: run `npm ci` first in the project root (the build installs it from package.json).");
    }

    private static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not find free loopback ports for Azurite", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // Closing a probe socket cannot fail in a way that matters here.
                }
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Azurite", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A leftover temp directory is harmless.
        }
    }
}
