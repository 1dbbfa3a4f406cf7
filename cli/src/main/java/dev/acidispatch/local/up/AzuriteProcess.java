package dev.acidispatch.local.up;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Azurite, the Azure Storage emulator, run from the project's {@code node_modules} (installed by {@code npm ci}) as a
 * child process that keeps its data in a folder, on loopback ports {@code port}, {@code port+1} and {@code port+2}
 * (blob, queue, table; Azurite's defaults are 10000-10002, which {@code UseDevelopmentStorage=true} points at).
 */
public final class AzuriteProcess implements AutoCloseable {
    public static final String ACCOUNT_NAME = "devstoreaccount1";
    /** Azurite's well-known development account key (published by Microsoft; not a secret). */
    public static final String ACCOUNT_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    /** Azurite's default blob port; queue and table follow. */
    public static final int DEFAULT_PORT = 10000;
    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(60);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(10);

    private final Process process;
    private final int blobPort;
    private final Path dataDir;
    private final Path log;

    private AzuriteProcess(Process process, int blobPort, Path dataDir, Path log) {
        this.process = process;
        this.blobPort = blobPort;
        this.dataDir = dataDir;
        this.log = log;
    }

    /**
     * Starts Azurite keeping its data in {@code dataDir} and waits until all three services listen.
     *
     * @throws IllegalStateException with the fix when Azurite is not installed, a port is taken, or it does not start
     */
    public static AzuriteProcess start(Path executable, Path dataDir, int blobPort) {
        for (int port = blobPort; port < blobPort + 3; port++) {
            if (accepts(port)) {
                throw new IllegalStateException("port " + port + " on 127.0.0.1 is already in use (another Azurite? "
                        + "stop it, or choose other ports with --storage-port)");
            }
        }
        try {
            Files.createDirectories(dataDir);
            Path log = dataDir.resolve("azurite.log");
            List<String> command = new ArrayList<>();
            // In its own session where setsid(1) exists (Linux): Ctrl-C in the terminal then reaches `up` only, which
            // still needs storage to cancel running jobs and record them before it stops Azurite itself.
            setsid().ifPresent(setsid -> command.add(setsid.toString()));
            command.addAll(List.of(executable.toString(),
                    "--location", dataDir.toString(), "--silent", "--skipApiVersionCheck", "--loose",
                    "--disableTelemetry",
                    "--blobHost", "127.0.0.1", "--blobPort", String.valueOf(blobPort),
                    "--queueHost", "127.0.0.1", "--queuePort", String.valueOf(blobPort + 1),
                    "--tableHost", "127.0.0.1", "--tablePort", String.valueOf(blobPort + 2)));
            Process process = new ProcessBuilder(command).directory(dataDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            AzuriteProcess azurite = new AzuriteProcess(process, blobPort, dataDir, log);
            azurite.awaitListening();
            return azurite;
        } catch (IOException e) {
            throw new IllegalStateException("could not start Azurite from " + executable + ": " + e.getMessage(), e);
        }
    }

    private static Optional<Path> setsid() {
        return Stream.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid")).filter(Files::isExecutable).findFirst();
    }

    /**
     * {@code node_modules/.bin/azurite} in {@code start} or the nearest parent that has one.
     *
     * @throws IllegalStateException telling to run {@code npm ci} when there is none
     */
    public static Path findExecutable(List<Path> starts) {
        for (Path start : starts) {
            Optional<Path> found = findFrom(start.toAbsolutePath());
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw new IllegalStateException("Azurite is not installed (no node_modules/.bin/azurite in " + starts.get(0)
                + " or its parents): run `npm ci` in the project root first; it installs the version package.json pins");
    }

    private static Optional<Path> findFrom(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("node_modules").resolve(".bin").resolve("azurite");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** A connection string with explicit loopback endpoints (works for any ports, unlike UseDevelopmentStorage). */
    public String connectionString() {
        return connectionString(blobPort);
    }

    /** The connection string for an Azurite whose blob service listens on {@code blobPort}. */
    public static String connectionString(int blobPort) {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT_NAME + ";AccountKey=" + ACCOUNT_KEY
                + ";BlobEndpoint=http://127.0.0.1:" + blobPort + "/" + ACCOUNT_NAME
                + ";QueueEndpoint=http://127.0.0.1:" + (blobPort + 1) + "/" + ACCOUNT_NAME
                + ";TableEndpoint=http://127.0.0.1:" + (blobPort + 2) + "/" + ACCOUNT_NAME + ";";
    }

    public int blobPort() {
        return blobPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** SIGTERM first, so Azurite saves its databases, then forcibly; its child processes too. Safe to call twice. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
        for (int port = blobPort; port < blobPort + 3; port++) {
            while (!accepts(port)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Azurite exited with code " + process.exitValue()
                            + " before listening on port " + port + "; its output: " + logText());
                }
                if (System.nanoTime() > deadline) {
                    close();
                    throw new IllegalStateException("Azurite did not listen on port " + port + " within "
                            + STARTUP_LIMIT.toSeconds() + " s; its output: " + logText());
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    close();
                    throw new IllegalStateException("interrupted while starting Azurite", e);
                }
            }
        }
    }

    private String logText() {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "(none)" : text;
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
