package dev.acidispatch.bench;

import dev.acidispatch.local.LocalStack;
import dev.acidispatch.arm.AzureContainerGroups;
import dev.acidispatch.config.Settings;
import dev.acidispatch.dispatch.DispatchOutcome;
import dev.acidispatch.local.durable.InstanceState;

import java.lang.management.ManagementFactory;
import java.util.Optional;

/**
 * Runs in a fresh JVM on the packaged app's class path: settings from the environment (pointing at an emulator the
 * parent runs), the production composition (App through LocalStack, the real SDK client), one job dispatched and
 * its first CheckGroup done. Prints one line {@code READY key=ms ...} with the phase ends in ms since JVM start.
 */
public final class ColdStartProbe {
    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        long mainAt = System.nanoTime();
        Settings settings = Settings.fromEnvironment();
        LocalStack stack = LocalStack.builder(settings).groups(AzureContainerGroups.fromSettings(settings)).build();
        long builtAt = System.nanoTime();
        DispatchOutcome outcome = stack.dispatch(args[0]);
        long dispatchedAt = System.nanoTime();
        if (outcome.kind() != DispatchOutcome.Kind.DISPATCHED) {
            System.out.println("FAILED " + outcome);
            System.exit(2);
        }
        while (true) {
            Optional<InstanceState> state = stack.runner().getState(outcome.jobId());
            if (state.isPresent() && state.get().stats().activitiesExecuted() >= 1) {
                break;
            }
            Thread.sleep(1);
        }
        long checkedAt = System.nanoTime();
        // Measured after the fact, so loading the management classes does not count in the phases.
        long uptimeAtMain = ManagementFactory.getRuntimeMXBean().getUptime() - (System.nanoTime() - mainAt) / 1_000_000;
        int classes = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
        System.out.printf("READY main=%d built=%d dispatched=%d checked=%d classes=%d%n", uptimeAtMain,
                uptimeAtMain + ms(builtAt - mainAt), uptimeAtMain + ms(dispatchedAt - mainAt),
                uptimeAtMain + ms(checkedAt - mainAt), classes);
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
