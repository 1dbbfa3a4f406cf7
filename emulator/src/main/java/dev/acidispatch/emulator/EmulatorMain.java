package dev.acidispatch.emulator;

/**
 * {@code java -jar aci-dispatch-emulator-<version>-standalone.jar [--port N] [--sandbox]}: starts the emulator, prints
 * its endpoint and subscription id, and serves until the process is stopped.
 */
public final class EmulatorMain {
    private EmulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ArmEmulator.Builder builder = ArmEmulator.builder();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sandbox" -> builder.sandbox(true);
                case "--port" -> {
                    if (i + 1 >= args.length) {
                        usage("--port needs a number");
                    }
                    try {
                        builder.port(Integer.parseInt(args[++i]));
                    } catch (NumberFormatException e) {
                        usage("--port: '" + args[i] + "' is not a number");
                    }
                }
                default -> usage("unknown option '" + args[i] + "'");
            }
        }
        ArmEmulator emulator = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::close));
        System.out.println("endpoint=" + emulator.endpoint());
        System.out.println("subscription=" + emulator.subscriptionId());
        System.out.flush();
        Thread.currentThread().join();
    }

    private static void usage(String problem) {
        System.err.println(problem + "\nusage: java -jar aci-dispatch-emulator-standalone.jar [--port N] [--sandbox]");
        System.exit(2);
    }
}
