package dev.acidispatch.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * A container's command run as a local process (sandbox mode): the image is not pulled, the command runs on this
 * machine with the container's environment (secure values included, never logged). Output is captured, stdout and
 * stderr merged, up to {@link #MAX_CAPTURED_CHARS}.
 */
final class SandboxProcess {
    private static final Logger LOG = Logger.getLogger(SandboxProcess.class.getName());
    static final int MAX_CAPTURED_CHARS = 1 << 20;

    private final Clock clock;
    private final Instant startedAt;
    private final StringBuffer output = new StringBuffer();
    private final Process process;
    private volatile Instant finishedAt;
    private volatile Integer exitCode;
    private final CountDownLatch exited = new CountDownLatch(1);

    private SandboxProcess(Clock clock, Process process, String startFailure) {
        this.clock = clock;
        this.startedAt = clock.instant();
        this.process = process;
        if (process == null) {
            output.append(startFailure).append('\n');
            exitCode = 127;
            finishedAt = startedAt;
            exited.countDown();
        } else {
            Thread reader = new Thread(this::capture, "sandbox-output-" + process.pid());
            reader.setDaemon(true);
            reader.start();
        }
    }

    static SandboxProcess start(Clock clock, String groupName, String containerName, String image,
                                List<String> command, Map<String, String> env) {
        LOG.info(() -> "sandbox: running container '" + containerName + "' of group '" + groupName
                + "' as a local process " + command + "; image " + image + " is NOT pulled");
        try {
            Path workDir = Files.createTempDirectory("aci-sandbox-" + groupName + "-");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(workDir.toFile());
            builder.environment().putAll(env);
            return new SandboxProcess(clock, builder.start(), null);
        } catch (IOException e) {
            return new SandboxProcess(clock, null, "sandbox: could not start " + command + ": " + e.getMessage());
        }
    }

    private void capture() {
        try (InputStream in = process.getInputStream()) {
            byte[] buffer = new byte[8192];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (output.length() < MAX_CAPTURED_CHARS) {
                    output.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            // The process was killed; what was captured stays.
        }
        try {
            exitCode = process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exitCode = process.isAlive() ? null : process.exitValue();
        }
        finishedAt = clock.instant();
        exited.countDown();
    }

    /** Blocks until the process has exited (or was killed) and its output is captured; returns its exit code. */
    int awaitExit() throws InterruptedException {
        exited.await();
        return exitCode == null ? -1 : exitCode;
    }

    boolean isRunning() {
        return exitCode == null;
    }

    Instant startedAt() {
        return startedAt;
    }

    Optional<Instant> finishedAt() {
        return Optional.ofNullable(finishedAt);
    }

    Optional<Integer> exitCode() {
        return Optional.ofNullable(exitCode);
    }

    String output() {
        return output.toString();
    }

    /** Terminates the process (and its children), forcibly when it does not exit within two seconds. */
    void kill() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
