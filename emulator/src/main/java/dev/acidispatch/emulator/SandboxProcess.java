package dev.acidispatch.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * A container's command run as a local process (sandbox mode): the image is not pulled, the command runs on this
 * machine with the container's environment (secure values included, never logged). Output is captured, stdout and
 * stderr merged, line by line with the time each line was read, the newest {@link #MAX_CAPTURED_BYTES} kept.
 *
 * <p>Like a container, the process sees only its own environment: the job's variables plus a minimal {@code PATH},
 * {@code HOME} and {@code TMPDIR}, never the emulator's environment (which may hold the user's credentials). It runs
 * in a private temporary directory (its {@code HOME}; {@code TMPDIR} inside it) that is removed once the process has
 * ended, as a container's writable layer goes with the container.
 */
final class SandboxProcess {
    private static final Logger LOG = Logger.getLogger(SandboxProcess.class.getName());
    /** Docker's default PATH for Linux containers (moby/moby pkg/system: defaultUnixPathEnv). */
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final Clock clock;
    private final Instant startedAt;
    /** ACI serves at most 4 MB of a running container's log; twice that is kept so the newest 4 MB are always there. */
    static final long MAX_CAPTURED_BYTES = 8L << 20;
    private final TimedLog.Recorder output = new TimedLog.Recorder(MAX_CAPTURED_BYTES);
    private final Process process;
    private final Path workDir;
    private volatile Instant finishedAt;
    private volatile Integer exitCode;
    private final CountDownLatch exited = new CountDownLatch(1);

    private SandboxProcess(Clock clock, Process process, Path workDir, String startFailure) {
        this.clock = clock;
        this.startedAt = clock.instant();
        this.process = process;
        this.workDir = workDir;
        if (process == null) {
            output.writeLine(startFailure, startedAt);
            exitCode = 127;
            finishedAt = startedAt;
            removeWorkDir();
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
        Path workDir = null;
        try {
            workDir = Files.createTempDirectory("aci-sandbox-" + groupName + "-");
            Path tmp = Files.createDirectory(workDir.resolve("tmp"));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(workDir.toFile());
            builder.environment().clear();
            builder.environment().putAll(environment(env, workDir, tmp));
            return new SandboxProcess(clock, builder.start(), workDir, null);
        } catch (IOException e) {
            return new SandboxProcess(clock, null, workDir, "sandbox: could not start " + command + ": "
                    + e.getMessage());
        }
    }

    /** The job's variables over a minimal base: PATH as in a container image without one, HOME and TMPDIR private. */
    static Map<String, String> environment(Map<String, String> jobEnv, Path home, Path tmp) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", DEFAULT_PATH);
        env.put("HOME", home.toString());
        env.put("TMPDIR", tmp.toString());
        env.putAll(jobEnv);
        return env;
    }

    private void capture() {
        try (InputStream in = process.getInputStream()) {
            byte[] buffer = new byte[8192];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                output.write(new String(buffer, 0, read, StandardCharsets.UTF_8), clock.instant());
            }
        } catch (IOException e) {
            // The process was killed; what was captured stays.
        }
        Integer code;
        try {
            code = process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            code = process.isAlive() ? null : process.exitValue();
        }
        if (code != null) {
            removeWorkDir();
        }
        finishedAt = clock.instant();
        exitCode = code;
        exited.countDown();
    }

    /** Blocks until the process has exited (or was killed) and its output is captured; returns its exit code. */
    int awaitExit() throws InterruptedException {
        exited.await();
        return exitCode == null ? -1 : exitCode;
    }

    /** The process's private directory, while it exists (it is removed once the process has ended). */
    Optional<Path> workDir() {
        return Optional.ofNullable(workDir).filter(Files::exists);
    }

    private synchronized void removeWorkDir() {
        if (workDir == null || !Files.exists(workDir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(workDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // A file vanishing while we walk is fine; anything left is reported.
        }
        if (Files.exists(workDir)) {
            LOG.warning(() -> "sandbox: could not remove " + workDir);
        }
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

    TimedLog output() {
        return output.snapshot();
    }

    /**
     * Terminates the process and every process it started (SIGTERM, then SIGKILL for those still alive after two
     * seconds), then removes its directory.
     */
    void kill() {
        if (process == null || !process.isAlive()) {
            removeWorkDir();
            return;
        }
        // Taken before the parent dies: its children would then be re-parented and out of reach.
        List<ProcessHandle> tree = process.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            process.waitFor(2, TimeUnit.SECONDS);
            for (ProcessHandle child : tree) {
                long left = deadline - System.nanoTime();
                if (child.isAlive() && left > 0) {
                    child.onExit().get(left, TimeUnit.NANOSECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // Still alive: killed forcibly below.
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        if (process.isAlive()) {
            try {
                process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        removeWorkDir();
    }
}
