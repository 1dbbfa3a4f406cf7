package dev.acidispatch.cli;

import dev.acidispatch.config.Settings;
import dev.acidispatch.emulator.ArmEmulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code dispatchctl emulator}: the ARM/ACI emulator in sandbox mode, for a Functions host run with Core Tools. */
@Command(name = "emulator", mixinStandardHelpOptions = true,
        description = {"Run the ARM/ACI emulator in sandbox mode (each job's command runs as a local process; the image "
                + "is not pulled) until stopped with Ctrl-C, and print the settings that point the app at it.",
                "local.settings.sample.json points at the default port, so `func start` / `mvn azure-functions:run` "
                        + "with that file use this emulator."})
final class EmulatorCommand extends CliCommand implements Callable<Integer> {
    /** The port local.settings.sample.json's DISPATCH_ARM_ENDPOINT names. */
    static final int DEFAULT_PORT = 7080;

    @Option(names = "--port", defaultValue = "" + DEFAULT_PORT, paramLabel = "PORT",
            description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Override
    public Integer call() throws InterruptedException {
        ArmEmulator emulator = ArmEmulator.builder().sandbox(true).port(port).build();
        try {
            emulator.start();
        } catch (RuntimeException e) {
            throw new Dispatchctl.UsageException("cannot listen on 127.0.0.1:" + port + " (" + e.getMessage()
                    + "): is the port in use? choose another with --port");
        }
        Signals.onStop(() -> {
            // Ends every sandbox process (and the processes they started) before the JVM goes.
            emulator.close();
            out().println("emulator stopped");
            out().flush();
            return Dispatchctl.OK;
        }, err());
        CountDownLatch stopped = new CountDownLatch(1);
        PrintWriter out = out();
        out.println("ARM/ACI emulator at " + emulator.endpoint() + " (sandbox: each job's command runs as a local "
                + "process; images are not pulled). Stop with Ctrl-C.");
        out.println();
        out.println("Point the app or dispatchctl at it:");
        out.println("export " + Settings.Names.ARM_ENDPOINT + "=" + emulator.endpoint());
        out.println("export " + Settings.Names.SUBSCRIPTION_ID + "=" + emulator.subscriptionId());
        out.flush();
        stopped.await();
        return Dispatchctl.OK;
    }
}
