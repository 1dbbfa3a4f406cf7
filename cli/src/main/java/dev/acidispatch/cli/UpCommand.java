package dev.acidispatch.cli;

import dev.acidispatch.config.Settings;
import dev.acidispatch.local.up.AzuriteProcess;
import dev.acidispatch.local.up.LocalUp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code dispatchctl up}: the whole app on this machine, no Azure account and no Core Tools. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Run the whole app on this machine until stopped with Ctrl-C: Azurite (storage, data kept on "
                + "disk), the ARM/ACI emulator in sandbox mode (each job's command runs as a local process; images "
                + "are not pulled), and the app's Functions (the HTTP API, the queue trigger on 'jobs', the PollWork "
                + "timer and the Durable watcher) called the way the Azure Functions host calls them.",
                "It prints the export lines that point dispatchctl, curl and scripts in other terminals at it. Jobs, "
                        + "logs and schedules survive a restart; jobs still running when it stops are cancelled "
                        + "(their processes end with it) unless --arm-endpoint names an emulator that keeps running."})
final class UpCommand extends CliCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    /** Ceiling of the queue trigger's idle back-off here: host.json leaves the host's 1 minute, too slow to try things. */
    static final Duration MAX_POLLING_INTERVAL = Duration.ofSeconds(2);

    @Option(names = "--port", defaultValue = "7071", paramLabel = "PORT",
            description = "HTTP API port on 127.0.0.1 (the Functions host's default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--arm-port", defaultValue = "" + EmulatorCommand.DEFAULT_PORT, paramLabel = "PORT",
            description = "Port of the ARM/ACI emulator started here (default: ${DEFAULT-VALUE}).")
    int armPort;

    @Option(names = "--storage-port", defaultValue = "" + AzuriteProcess.DEFAULT_PORT, paramLabel = "PORT",
            description = "Azurite's blob port; queue and table use the next two (default: ${DEFAULT-VALUE}, what "
                    + "UseDevelopmentStorage=true points at).")
    int storagePort;

    @Option(names = "--data", defaultValue = ".dispatchctl/up", paramLabel = "DIR",
            description = "Where Azurite's data and the function key are kept (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--fresh", description = "Delete the data folder first: no jobs, schedules or logs from before.")
    boolean fresh;

    @Option(names = "--arm-endpoint", paramLabel = "URL",
            description = "Use an ARM/ACI emulator that is already running (e.g. `dispatchctl emulator`) instead of "
                    + "starting one; its containers then keep running across restarts of `up`.")
    URI armEndpoint;

    @Override
    public Integer call() throws InterruptedException {
        Dispatchctl.showAppInformation();
        PrintWriter out = out();
        List<Path> searchRoots = new ArrayList<>();
        Optional.ofNullable(System.getProperty("dispatchctl.home")).map(Path::of).ifPresent(searchRoots::add);
        searchRoots.add(Path.of("").toAbsolutePath());
        LocalUp.Options options = new LocalUp.Options(port, armPort, storagePort, data, fresh,
                Optional.ofNullable(armEndpoint), environment(), searchRoots, MAX_POLLING_INTERVAL);
        LocalUp up;
        try {
            up = LocalUp.start(options, this::line);
        } catch (IllegalStateException e) {
            if (e instanceof dev.acidispatch.config.InvalidSettingsException) {
                throw e;
            }
            throw new Dispatchctl.UsageException(e.getMessage());
        }
        Signals.onStop(() -> {
            line("stopping (signal received)");
            up.close();
            line("stopped; data kept in " + up.dataDir());
            return Dispatchctl.OK;
        }, err());
        // Any other way out of the JVM still stops the child processes.
        Runtime.getRuntime().addShutdownHook(new Thread(up::closeProcesses, "dispatchctl-up-exit"));
        printReady(out, up);
        new CountDownLatch(1).await();
        return Dispatchctl.OK;
    }

    private void printReady(PrintWriter out, LocalUp up) {
        String api = "http://localhost:" + up.httpPort() + "/api";
        out.println();
        out.println("Ready. In another terminal, paste these lines (dispatchctl and curl read them):");
        out.println();
        out.println("export " + Settings.Names.STORAGE + "='" + up.storageConnectionString() + "'");
        out.println("export " + Settings.Names.ARM_ENDPOINT + "=" + up.armEndpoint());
        out.println("export " + Settings.Names.SUBSCRIPTION_ID + "=" + up.settings().requireSubscriptionId());
        out.println("export ACI_DISPATCH_API=" + api);
        out.println("export ACI_DISPATCH_KEY=" + up.functionKey());
        out.println();
        out.println("Then, for example:");
        out.println("  bin/dispatchctl submit examples/hello.json");
        out.println("  bin/dispatchctl status <jobId>; bin/dispatchctl logs <jobId>; bin/dispatchctl cancel <jobId>");
        out.println("  curl -sS -H \"x-functions-key: $ACI_DISPATCH_KEY\" -d @examples/hello.json $ACI_DISPATCH_API/jobs");
        out.println("  bin/dispatchctl list; bin/dispatchctl doctor --emulator");
        out.println();
        out.println("Dashboard: " + api + "/ui?code=" + up.functionKey());
        out.println();
        out.println("Data: " + up.dataDir() + " (kept across restarts; --fresh wipes it). Stop with Ctrl-C.");
        out.flush();
    }

    private synchronized void line(String text) {
        PrintWriter out = out();
        out.println(TIME.format(Instant.now()) + " " + text);
        out.flush();
    }
}
