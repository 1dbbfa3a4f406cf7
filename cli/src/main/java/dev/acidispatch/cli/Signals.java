package dev.acidispatch.cli;

import sun.misc.Signal;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

/**
 * Runs a graceful stop when the process is told to end: Ctrl-C (SIGINT), SIGTERM (an IDE's stop button, a CI cancel,
 * {@code kill}), or SIGHUP (the terminal closed). The stop runs while the JVM is still fully alive, then exits with
 * the code it returns. (In a shutdown hook it could not: the Azure SDK's shared executor stops with the JVM's
 * shutdown, so storage and ARM calls made from a hook never complete.) A second signal while stopping only says so.
 */
final class Signals {
    private static final List<String> STOP_SIGNALS = List.of("INT", "TERM", "HUP");

    private Signals() {
    }

    /**
     * @param stop performs the graceful stop and returns the exit code
     */
    static void onStop(IntSupplier stop, PrintWriter err) {
        AtomicBoolean stopping = new AtomicBoolean();
        for (String name : STOP_SIGNALS) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    if (!stopping.compareAndSet(false, true)) {
                        err.println("dispatchctl: still stopping (SIG" + signal.getName() + " again); "
                                + "send SIGKILL to end at once, which may leave processes behind");
                        err.flush();
                        return;
                    }
                    Thread stopper = new Thread(() -> System.exit(stop.getAsInt()), "dispatchctl-stop");
                    stopper.start();
                });
            } catch (IllegalArgumentException unsupported) {
                // This platform has no such signal (Windows has no HUP); the others still work.
            }
        }
    }
}
